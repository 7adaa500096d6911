import Analyses
import Foundation
import StatsCore
import TrialSimulation

/// The shards of `trialstats power` combined: each file read and checked (one design, one version,
/// one shard count, every shard once, each holding exactly the replicates it owns) before anything
/// is written, so a missing or foreign shard leaves nothing behind.
enum PowerShardMerge {
    static func merge(_ paths: [String], out: String?, verifyOnly: Bool) throws {
        func refuse(_ message: String) -> CommandFailure { CommandFailure(.dataError, command: "merge", message) }
        var shards: [(path: String, shard: PowerShard)] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(.missingInput, command: "merge", "\(path): cannot read")
            }
            guard let shard = try? JSONDecoder().decode(PowerShard.self, from: data), shard.schema == "trialstats/power-shard/1" else {
                throw refuse("\(path): not a power shard (trialstats power --shard K/N --shard-output FILE writes them)")
            }
            shards.append((path, shard))
        }
        let first = shards[0]
        for (path, shard) in shards.dropFirst() {
            if shard.designFingerprint != first.shard.designFingerprint {
                throw refuse("\(path) is a shard of another design (\(shard.designFingerprint.prefix(12)), not \(first.shard.designFingerprint.prefix(12)) as \(first.path))")
            }
            if shard.version != first.shard.version {
                throw refuse("\(path) was written by TrialStats \(shard.version), \(first.path) by \(first.shard.version); run every shard with one version")
            }
            if shard.shard.count != first.shard.shard.count {
                throw refuse("\(path) is one of \(shard.shard.count) shards, \(first.path) one of \(first.shard.shard.count)")
            }
        }
        let design = first.shard.design, count = first.shard.shard.count
        if DesignFingerprint.of(design) != first.shard.designFingerprint { throw refuse("\(first.path): its design does not match its fingerprint (edited?)") }
        var byIndex: [Int: String] = [:]
        for (path, shard) in shards {
            if let other = byIndex[shard.shard.index] { throw refuse("shard \(shard.shard.index) of \(count) is given twice: \(other) and \(path)") }
            byIndex[shard.shard.index] = path
            let expected = design.sampleSizes.flatMap { n in (0..<design.replicates).filter(shard.shard.owns).map { [n, $0] } }
            let held = shard.outcomes.map { [$0.sampleSize, $0.replicate] }
            if held != expected {
                throw refuse("\(path): shard \(shard.shard.index) of \(count) should hold \(expected.count) replicates (its own, in order) and holds \(held.count) that differ")
            }
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            throw refuse("shard\(missing.count == 1 ? "" : "s") " + missing.map(String.init).joined(separator: ", ") + " of \(count) missing")
        }
        if verifyOnly {
            StandardStreams.writeMessage("trialstats merge: \(count) shards of design \(first.shard.designFingerprint.prefix(12)), TrialStats \(first.shard.version): complete")
            return
        }
        let result = PowerAnalysis(design: design).result(shards.flatMap(\.shard.outcomes))
        let text = try JSONText.encode(result)
        if let out { try AtomicFile.write(text, to: out) } else { try StandardStreams.writeResult(text) }
    }
}
