import ArgumentParser
import Foundation

/// `trialstats merge SHARD... --out DIR`: the plan folders of sharded runs combined into one
/// output folder, with the same index page as a single run of all the plans; or the shard files of
/// `trialstats power` combined into its result (the bytes an unsharded run writes), after checking
/// that every shard of one design and version is there exactly once.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine sharded runs: plan output folders (trialstats run --shard K/N), or power shard files (trialstats power --shard K/N)."
    )

    @Argument(help: "The output folders of the shards.")
    var shards: [String]

    @Option(help: "The folder to write into (plans), or the result file (power shards).")
    var out: String?

    @Flag(help: "Power shards: only check that all N shards of one design and version are there, each once, and write nothing.")
    var verify = false

    func run() throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if let first = shards.first, manager.fileExists(atPath: first, isDirectory: &isFolder), !isFolder.boolValue {
            return try PowerShardMerge.merge(shards, out: out, verifyOnly: verify)
        }
        guard let out else { throw ValidationError("give --out DIR, the folder the plans' outputs are merged into") }
        if verify { throw ValidationError("--verify checks power shard files; these are plan folders") }
        var seen: [String: String] = [:]
        var moves: [(String, String)] = []
        for shard in shards {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: shard, isDirectory: &isFolder), isFolder.boolValue else {
                StandardStreams.writeMessage("trialstats merge: \(shard): no such folder")
                throw ExitStatus.missingInput.exitCode
            }
            let names = try manager.contentsOfDirectory(atPath: shard).sorted()
            // Hidden folders are staging folders of runs that did not finish.
            for name in names where !name.hasPrefix(".") && manager.fileExists(atPath: (shard as NSString).appendingPathComponent("\(name)/index.html")) {
                if let other = seen[name] {
                    StandardStreams.writeMessage("trialstats merge: plan \(name) is in both \(other) and \(shard); each plan must run in one shard only")
                    throw ExitStatus.dataError.exitCode
                }
                seen[name] = shard
                moves.append(((shard as NSString).appendingPathComponent(name), name))
            }
        }
        // Each plan's folder is copied whole or not at all, as a run writes it (ReportFolder); every
        // target is checked before anything is copied, so a refusal leaves --out as it was.
        var folders: [ReportFolder] = []
        for (source, name) in moves {
            do {
                folders.append(try ReportFolder.prepare(out: out, name: name, inputs: [source]))
            } catch {
                folders.forEach { $0.discard() }
                throw error
            }
        }
        for ((source, _), folder) in zip(moves, folders) {
            do {
                for item in try manager.contentsOfDirectory(atPath: source).sorted() {
                    try manager.copyItem(atPath: (source as NSString).appendingPathComponent(item),
                                         toPath: (folder.staging as NSString).appendingPathComponent(item))
                }
            } catch {
                folders.forEach { $0.discard() }
                StandardStreams.writeMessage("trialstats merge: \(error.localizedDescription)")
                throw ExitStatus.outputError.exitCode
            }
        }
        for folder in folders { try folder.commit() }
        try ReportFolder.withLock(on: ReportFolder.resolved(out)) { try PlanIndex.write(folder: out) }
        StandardStreams.writeMessage("trialstats merge: \(moves.count) plans into \(out)")
    }
}
