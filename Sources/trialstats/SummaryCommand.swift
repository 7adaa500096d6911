import Analyses
import ArgumentParser
import MetaAnalysis

/// `trialstats summary`: the arms of a summary file as n, mean and SD, with every conversion
/// named, and the between-arm effects per study and visit (MD and Hedges' g).
struct SummaryCommand: SummaryFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Arms as n, mean and SD (converting SE, CI, median/IQR/range, pre-post), and MD and Hedges' g per study and visit.")

    @Argument(help: "The summary file (CSV): study, outcome, visit, arm, n, and mean with sd, se, ci_lower/ci_upper, or median with q1/q3 or min/max.")
    var file: String

    @Option(help: "Only rows of this outcome.")
    var outcome: String?

    @Option(help: "Only rows of this visit.")
    var visit: String?

    @OptionGroup var output: TableOutputOptions

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        try SummaryFileInput.outcome(file, command: "summary", outcome: outcome, visit: visit, inputs: inputs,
                                     analysis: { try ArmSummaries().run(on: $0) }, tables: { $0.tables() })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
