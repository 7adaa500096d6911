import Foundation
import Testing

/// Runs the built `trialstats` binary, as a user would, and captures what it printed.
struct CommandRunner {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The binary sits beside the test bundle in the build folder.
    static var executable: URL {
        let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [buildFolder, buildFolder.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("trialstats")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return buildFolder.appendingPathComponent("trialstats")
    }

    /// Runs `trialstats`, or another program when `program` is given.
    static func run(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [], program: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in removing { merged.removeValue(forKey: name) }
        process.environment = merged
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Standard error is drained on another thread while standard output is read here, so a
        // child that fills either pipe cannot block.
        let errorBox = DataBox()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorBox.data = error.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        let errorData = errorBox.data
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: String(decoding: outputData, as: UTF8.self),
                       standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// Carries the other thread's bytes back; the semaphore orders the write before the read.
final class DataBox: @unchecked Sendable {
    var data = Data()
}
