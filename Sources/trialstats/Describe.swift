import Analyses
import ArgumentParser
import Reporting
import TrialData
import StatsCore

/// `trialstats describe`: what is in a trial file, after validation.
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe trial data: variables, arms and visits, n per arm and visit, missingness, dropout, and the row ledger.")

    @OptionGroup var data: DataOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write to this file (default: standard output). The file is replaced only when complete.")
    var output: String?

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, layout) = try data.loadDataset()
        let description = DatasetDescription(dataset)
        let source = PlanContext.displayNames[dataset.source] ?? dataset.source
        // In a plan the description is the report's data section, written by the run.
        if let capture = PlanContext.capture {
            let tables = description.tables(source: source, layout: layout)
            capture.tables += tables
            if let output { try AtomicFile.write(TableRendering.render(tables, as: .json), to: output) }
            return
        }
        let text: String
        switch format {
        case .json: text = try JSONText.encode(DescribeResult(layout: layout, description: description))
        case .text: text = DescriptionText.render(description, source: source, layout: layout)
        }
        if let output { try AtomicFile.write(text, to: output) } else { try StandardStreams.writeResult(text) }
    }
}
