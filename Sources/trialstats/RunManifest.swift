import Foundation
import StatsCore

/// What a plan's report folder was made from: the TrialStats version and the SHA-256 of every
/// input file (the plan, its data, their companions). Written as `.trialstats-run` into a folder
/// whose steps all ran, so that a share of a sharded run (a Slurm array task run again) can see
/// that its plan is done already with these very inputs and skip it.
enum RunManifest {
    static let fileName = ".trialstats-run"

    static func text(inputs: [String], version: String) -> String {
        var lines = ["trialstats \(version)"]
        for path in Set(inputs.filter { !$0.isEmpty }).sorted() {
            let bytes = FileManager.default.contents(atPath: path).map { Array($0) }
            lines.append((bytes.map { SHA256.hex($0) } ?? "unreadable") + "  " + path)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the folder holds a complete run of exactly these inputs.
    static func isDone(folder: String, inputs: [String], version: String) -> Bool {
        guard let existing = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(fileName), encoding: .utf8) else { return false }
        return existing == text(inputs: inputs, version: version)
    }
}
