import ArgumentParser
import Foundation

/// `trialstats merge SHARD... --out DIR`: the plan folders of sharded runs combined into one
/// output folder, with the same index page as a single run of all the plans.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of sharded runs (trialstats run --shard K/N) into one."
    )

    @Argument(help: "The output folders of the shards.")
    var shards: [String]

    @Option(help: "The folder to write into.")
    var out: String

    func run() throws {
        let manager = FileManager.default
        var seen: [String: String] = [:]
        var moves: [(String, String)] = []
        for shard in shards {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: shard, isDirectory: &isFolder), isFolder.boolValue else {
                StandardStreams.writeMessage("trialstats merge: \(shard): no such folder")
                throw ExitStatus.missingInput.exitCode
            }
            let names = try manager.contentsOfDirectory(atPath: shard).sorted()
            for name in names where manager.fileExists(atPath: (shard as NSString).appendingPathComponent("\(name)/index.html")) {
                if let other = seen[name] {
                    StandardStreams.writeMessage("trialstats merge: plan \(name) is in both \(other) and \(shard); each plan must run in one shard only")
                    throw ExitStatus.dataError.exitCode
                }
                seen[name] = shard
                moves.append(((shard as NSString).appendingPathComponent(name), (out as NSString).appendingPathComponent(name)))
            }
        }
        do {
            try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (source, target) in moves {
                if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
                try manager.copyItem(atPath: source, toPath: target)
            }
        } catch {
            StandardStreams.writeMessage("trialstats merge: \(error.localizedDescription)")
            throw ExitStatus.outputError.exitCode
        }
        try PlanIndex.write(folder: out)
        StandardStreams.writeMessage("trialstats merge: \(moves.count) plans into \(out)")
    }
}
