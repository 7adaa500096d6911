import Analyses
import ArgumentParser
import StatsCore
import TrialData

/// `trialstats descriptives`: an outcome by arm and visit, or its change from baseline with
/// paired intervals.
struct DescriptivesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "descriptives",
        abstract: "An outcome by arm and visit: n, missing, mean, SD, SE, median, quartiles, range; --change for change from baseline with paired CIs.")

    @OptionGroup var data: DataOptions

    @Flag(help: "Describe the change from baseline; its mean's interval is the paired t interval.")
    var change = false

    @Option(help: "Confidence level for the intervals.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        let (dataset, _) = try data.loadDataset()
        let result: OutcomeDescriptivesResult
        do {
            result = try OutcomeDescriptives(change: change, confidenceLevel: level).run(on: dataset)
        } catch {
            throw ValidationError(error.description)
        }
        try output.write(document: { try JSONDocument.encode(result) }, tables: Self.tables(result, ledger: dataset.ledger))
    }

    /// One display table per outcome, rows arm by visit.
    static func tables(_ result: OutcomeDescriptivesResult, ledger: RowLedger) -> [ResultTable] {
        // A number that does not exist shows as NA, as R prints it; a mean without an interval as blank.
        func number(_ value: Double?) -> ResultTable.Cell { .number(value ?? .nan) }
        func interval(_ lower: Double?, _ upper: Double?) -> ResultTable.Cell { .interval(lower ?? .nan, upper ?? .nan) }
        var tables = result.outcomes.map { outcome -> ResultTable in
            var table = ResultTable(
                title: result.change ? "Change in \(outcome.outcome) from visit \(result.baselineVisit), by arm and visit" : "\(outcome.outcome) by arm and visit",
                columns: [.init("arm", style: .text), .init("visit", style: .text), .init("n", style: .count), .init("missing", style: .count),
                          .init("mean"), .init("SD"), .init("SE"), .init("\(Int((result.confidenceLevel * 100).rounded()))% CI of mean"), .init("median"),
                          .init("IQR"), .init("range")])
            table.rows = outcome.cells.map { cell in
                [.text(cell.arm), .text(cell.visit), .number(Double(cell.n)), .number(Double(cell.missing)), number(cell.mean), number(cell.sd),
                 number(cell.se), cell.meanLower == nil ? .missing : interval(cell.meanLower, cell.meanUpper), number(cell.median), interval(cell.q1, cell.q3), interval(cell.min, cell.max)]
            }
            table.notes.append("Quartiles are R's default (type 7). Missing counts the arm's subjects without a value at the visit"
                               + (result.change ? " or without a baseline" : "") + ", whether their row is blank or absent.")
            return table
        }
        if var last = tables.popLast() {
            last.notes += LedgerText.lines(ledger)
            tables.append(last)
        }
        return tables
    }
}
