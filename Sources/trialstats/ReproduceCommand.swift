import Analyses
import ArgumentParser
import MetaAnalysis

/// `trialstats reproduce`: every between-arm result a paper reports, beside what its own
/// numbers give, with disagreements beyond rounding flagged and what cannot be recomputed said.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Recompute each published comparison from the published summaries and show both, flagging disagreements.")

    @Argument(help: "A published-numbers file (CSV), e.g. Datasets/published/maniquis-smigel-2017.csv.")
    var file: String

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try SummaryFileInput.write(file, command: "reproduce", output: output, analysis: { try PublishedReproduction().run(on: $0) }, tables: { $0.tables() })
    }
}
