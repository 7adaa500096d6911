import Analyses
import ArgumentParser
import Foundation
import StatsCore
import TrialSimulation

/// `trialstats power DESIGN.yaml`: power and sample size by simulation. With a shard (given, or
/// read from a Slurm array's or a Kubernetes Indexed Job's environment) it writes that shard's
/// replicates to --shard-output for `trialstats merge`.
struct PowerCommand: SummaryFileCommand {
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

    /// The whole run (a plan step runs it so): the result, its table and the power curve.
    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let design = try Self.readDesign(self.design)
        let result: PowerResult
        do { result = try PowerAnalysis(design: design, workers: WorkerCount.current()).run() } catch {
            throw CommandFailure(.dataError, command: "power", "\(error)")
        }
        let failed = result.sampleSizes.map { $0.replicates - $0.analysed }.reduce(0, +)
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, figures: { ResultFigures.powerCurve(result) },
                           warnings: failed == 0 ? [] : ["trialstats power: \(failed) replicates could not be analysed (the failures are in the output)"])
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
        InterruptCleanup.install()
        let chosen = try ShardSelection.shard(flag: shard, shards: shards, environment: ProcessInfo.processInfo.environment)
        guard let chosen else {
            if shardOutput != nil {
                throw ValidationError("--shard-output is where a shard writes its replicates; give --shard K/N (or run in an array), or -o FILE for a whole run")
            }
            return try output.emit(try outcome(StepInputs()))
        }
        let design = try Self.readDesign(self.design)
        let analysis = PowerAnalysis(design: design, workers: WorkerCount.current())
        guard let shardOutput else { throw ValidationError("a shard writes its replicates to a file: give --shard-output FILE") }
        if output.output != nil || output.format != .md {
            throw ValidationError("a shard writes its replicates to --shard-output only; -o and --format are for a whole run or for trialstats merge")
        }
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
