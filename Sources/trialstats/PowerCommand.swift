import Analyses
import ArgumentParser
import Foundation
import StatsCore
import TrialSimulation

/// `trialstats power DESIGN.yaml`: power and sample size by simulation. With a shard (given, or
/// read from a Slurm array's or a Kubernetes Indexed Job's environment) it writes that shard's
/// replicates to --shard-output for `trialstats merge`.
struct PowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Power and sample size by simulation from a design file (YAML), shardable over a Slurm array or Indexed Job.",
        discussion: """
            The design file gives the visits, two arms (means and retention per visit, allocation), the control, the \
            covariance, the planned analysis (mmrm or t-test at a visit, df, alpha, alternative), n (a per-arm size or a \
            list), replicates and seed; see docs/power.md. Replicate r at size n is drawn from (seed, n, r) alone, so \
            shards and the whole run agree replicate for replicate. --shard K/N (or SLURM_ARRAY_TASK_ID, \
            SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN; or JOB_COMPLETION_INDEX with --shards N) runs replicates \
            r ≡ K − 1 (mod N) and writes them to --shard-output; a shard whose valid output is there already is skipped.
            """)

    @Argument(help: "The design file (YAML).")
    var design: String

    @Option(help: "K/N: run the K-th of N shards.")
    var shard: String?

    @Option(help: "N shards, the shard's index taken from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs, 0-based).")
    var shards: Int?

    @Option(name: .customLong("shard-output"), help: "With a shard: the file its replicates are written to (JSON, replaced only when complete).")
    var shardOutput: String?

    @OptionGroup var output: TableOutputOptions

    /// The shard asked for: the flag, else the batch system's environment; nil for the whole run.
    static func shard(flag: String?, shards: Int?, environment: [String: String]) throws -> PowerSimulation.Shard? {
        if let flag {
            let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, k >= 1, k <= n else {
                throw ValidationError("--shard \(flag): expected K/N with 1 ≤ K ≤ N, e.g. 2/4")
            }
            return .init(index: k, count: n)
        }
        if let shards {
            guard shards >= 1 else { throw ValidationError("--shards \(shards): expected a whole number from 1") }
            guard let text = environment["JOB_COMPLETION_INDEX"], let index = Int(text), index >= 0, index < shards else {
                throw ValidationError("--shards \(shards) takes the shard from JOB_COMPLETION_INDEX (0 to \(shards - 1)), which is "
                                      + (environment["JOB_COMPLETION_INDEX"].map { "\($0)" } ?? "not set"))
            }
            return .init(index: index + 1, count: shards)
        }
        if let text = environment["SLURM_ARRAY_TASK_ID"] {
            guard let id = Int(text), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
                throw ValidationError("SLURM_ARRAY_TASK_ID is \(text) but SLURM_ARRAY_TASK_COUNT is "
                                      + (environment["SLURM_ARRAY_TASK_COUNT"] ?? "not set") + "; give --shard K/N")
            }
            let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            let index = id - minimum + 1
            guard index >= 1, index <= count else {
                throw ValidationError("the Slurm array task \(id) (from \(minimum), \(count) tasks) is not one of \(count) shards; "
                                      + "use a contiguous array such as --array=0-\(count - 1)")
            }
            return .init(index: index, count: count)
        }
        return nil
    }

    static func readDesign(_ path: String) throws -> TrialDesign {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(.missingInput, command: "power", "\(path): cannot read the design file")
        }
        do {
            return try DesignFile.read(text, source: path)
        } catch {
            throw CommandFailure(.dataError, command: "power", "\(error)")
        }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let chosen = try Self.shard(flag: shard, shards: shards, environment: ProcessInfo.processInfo.environment)
        let design = try Self.readDesign(self.design)
        let analysis = PowerAnalysis(design: design)
        guard let chosen else {
            let result: PowerResult
            do { result = try analysis.run() } catch { throw CommandFailure(.dataError, command: "power", "\(error)") }
            try output.write(document: { try JSONText.encode(result) }, tables: result.tables())
            return
        }
        guard let shardOutput else { throw ValidationError("a shard writes its replicates to a file: give --shard-output FILE") }
        let fingerprint = DesignFingerprint.of(design)
        if let existing = try? Data(contentsOf: URL(fileURLWithPath: shardOutput)),
           let previous = try? JSONDecoder().decode(PowerShard.self, from: existing),
           previous.designFingerprint == fingerprint, previous.version == TrialStatsVersion.current, previous.shard == chosen {
            StandardStreams.writeMessage("trialstats power: shard \(chosen.index)/\(chosen.count) is done already (\(shardOutput)); skipped")
            return
        }
        let result: PowerShard
        do { result = try analysis.shard(chosen, version: TrialStatsVersion.current) } catch { throw CommandFailure(.dataError, command: "power", "\(error)") }
        try AtomicFile.write(try JSONText.encode(result), to: shardOutput)
    }
}
