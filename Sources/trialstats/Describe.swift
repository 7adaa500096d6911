import Analyses
import ArgumentParser
import TrialData
import StatsCore

/// `trialstats describe`: what is in a trial file, after validation.
struct Describe: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe trial data: variables, arms and visits, n per arm and visit, missingness, dropout, and the row ledger.")

    @OptionGroup var data: DataOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write to this file (default: standard output). The file is replaced only when complete.")
    var output: String?

    /// The description of the data as loaded, and the names to show.
    func described(_ inputs: StepInputs) throws -> (description: DatasetDescription, source: String, layout: String) {
        let (dataset, layout) = try inputs.dataset(data)
        return (DatasetDescription(dataset), inputs.displayNames[dataset.source] ?? dataset.source, layout)
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let (description, source, layout) = try described(inputs)
        return StepOutcome(json: { try JSONText.encode(DescribeResult(layout: layout, description: description)) },
                           tables: { description.tables(source: source, layout: layout) }, figures: { ResultFigures.flow(description) })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (description, source, layout) = try described(StepInputs())
        let text = format == .json ? try JSONText.encode(DescribeResult(layout: layout, description: description))
            : DescriptionText.render(description, source: source, layout: layout)
        if let output { try AtomicFile.write(text, to: output) } else { try StandardStreams.writeResult(text) }
    }
}
