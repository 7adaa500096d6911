import Analyses
import ArgumentParser
import MetaAnalysis

/// `trialstats check`: consistency checks of published numbers (GRIM, p-value recomputation,
/// CI centring, SD plausibility), each finding explained in words.
struct CheckCommand: SummaryFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Consistency checks of published numbers: GRIM, p-values, CI centring, SD plausibility.",
        discussion: """
            GRIM runs on arm rows with an `items` column (whole-number items summed; 1 for a single rating); \
            the SD bound on arm rows with `scale_min` and `scale_max`; CI centring on comparison rows with an \
            estimate and CI (log scale for RR, OR, HR); p recomputation on comparison rows with a p, from t and \
            df (`statistic`, `df`), from the arms' means and SDs, or from the CI.
            """)

    @Argument(help: "A published-numbers file (CSV).")
    var file: String

    @OptionGroup var output: TableOutputOptions

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        try SummaryFileInput.outcome(file, command: "check", inputs: inputs, analysis: { try ConsistencyCheck().run(on: $0) }, tables: { $0.tables() })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
