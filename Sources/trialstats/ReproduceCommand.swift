import Analyses
import ArgumentParser
import MetaAnalysis

/// `trialstats reproduce`: every between-arm result a paper reports, beside what its own
/// numbers give, with disagreements beyond rounding flagged and what cannot be recomputed said.
struct ReproduceCommand: SummaryFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Recompute each published comparison from the published summaries and show both, flagging disagreements.")

    @Argument(help: "A published-numbers file (CSV), e.g. Datasets/published/maniquis-smigel-2017.csv.")
    var file: String

    @OptionGroup var output: TableOutputOptions

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        try SummaryFileInput.outcome(file, command: "reproduce", inputs: inputs, analysis: { try PublishedReproduction().run(on: $0) }, tables: { $0.tables() })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
