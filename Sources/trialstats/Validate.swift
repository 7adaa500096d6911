import Analyses
import ArgumentParser
import TrialData
import StatsCore

/// `trialstats validate`: the checks only. Exit 0 when the data can be analysed (rows failing
/// warning-level rules are excluded and listed), 65 when an error-level rule fails.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check trial data against the validation rules; exit 0 or 65.")

    @OptionGroup var data: DataOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, layout) = try StepInputs().dataset(data)
        switch format {
        case .json:
            try StandardStreams.writeResult(try JSONText.encode(ValidateResult(layout: layout, dataset: dataset)))
        case .text:
            var lines = ["\(dataset.source) (\(layout)): valid"]
            lines += LedgerText.lines(dataset.ledger)
            try StandardStreams.writeResult(lines.joined(separator: "\n"))
        }
    }
}
