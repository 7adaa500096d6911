import Foundation
import Analyses
import ArgumentParser
import Reporting
import StatsCore
import TrialData

/// `trialstats compare`: `ArmComparison` from flags; its result as JSON or as display tables.
struct Compare: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two arms at one visit: descriptives, mean difference, ANCOVA, effect sizes and the rank test.")

    @OptionGroup var data: DataOptions

    @Option(help: "VISIT=VALUE, the visit to compare at, e.g. week=12 (the name may be the visit column's).")
    var at: String

    @Option(help: "The treatment arm.")
    var treatment: String

    @Option(help: "The control arm.")
    var control: String

    @Flag(help: "Compare the change from baseline rather than the value at the visit.")
    var change = false

    @Flag(inversion: .prefixedNo,
          help: "Adjust the model-based difference for the baseline value (ANCOVA, as CONSORT and EMA recommend); on by default.")
    var adjustBaseline = true

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @Option(help: "Add percentile and BCa bootstrap intervals for Hedges' g from this many resamples (0: none).")
    var bootstrap: Int = 0

    @Option(help: "The bootstrap's seed; the same seed gives the same intervals on every machine.")
    var seed: UInt64 = 20_261_121

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard bootstrap == 0 || bootstrap >= 100 else { throw ValidationError("--bootstrap \(bootstrap): expected 0 or at least 100 resamples") }
        _ = try AnalysisCommands.visit(at)
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let dataset = try inputs.dataset(data).dataset
        let (column, visit) = try AnalysisCommands.visit(at)
        let comparison = ArmComparison(visit: visit, visitColumn: column,
                                       treatment: treatment, control: control, change: change, adjustForBaseline: adjustBaseline,
                                       confidenceLevel: level, bootstrapResamples: bootstrap, seed: seed)
        let result: ArmComparisonResult
        do {
            result = try comparison.run(on: dataset)
        } catch {
            throw AnalysisCommands.failure(error, command: "compare")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, findings: result.findings,
                           warnings: result.warnings.filter { $0.part == .adjustedModel }.map { "trialstats compare: \($0.message)" })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
