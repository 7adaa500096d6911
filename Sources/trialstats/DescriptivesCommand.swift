import ArgumentParser
import Descriptives
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
        var tables: [ResultTable] = []
        let subjectsByArm = dataset.subjectCountsByArm()
        for outcome in dataset.roles.outcomes {
            let values = change ? dataset.change(outcome) : dataset.outcomes[outcome]!
            var table = ResultTable(
                title: change ? "Change in \(outcome) from visit \(dataset.visits.baselineLabel), by arm and visit" : "\(outcome) by arm and visit",
                columns: [.init("arm", style: .text), .init("visit", style: .text), .init("n", style: .count), .init("missing", style: .count),
                          .init("mean"), .init("SD"), .init("SE"), .init("\(Int((level * 100).rounded()))% CI of mean"), .init("median"),
                          .init("IQR"), .init("range")])
            for (armCode, arm) in dataset.arms.levels.enumerated() {
                for (visitCode, visit) in dataset.visits.labels.enumerated() {
                    if change && visitCode == dataset.visits.baselineIndex { continue }
                    let group = (0..<dataset.rowCount).filter {
                        dataset.arms.codes[$0] == Int32(armCode) && dataset.visitCodes[$0] == Int32(visitCode)
                    }.map { values[$0] }
                    let d = Description(group, confidenceLevel: level)
                    table.rows.append([.text(arm), .text(visit), .number(Double(d.count)), .number(Double(subjectsByArm[armCode] - d.count)), .number(d.mean),
                                       .number(d.standardDeviation), .number(d.standardError),
                                       d.meanInterval.map { .interval($0.lower, $0.upper) } ?? .missing, .number(d.median),
                                       .interval(d.firstQuartile, d.thirdQuartile), .interval(d.minimum, d.maximum)])
                }
            }
            table.notes.append("Quartiles are R's default (type 7). Missing counts the arm's subjects without a value at the visit"
                               + (change ? " or without a baseline" : "") + ", whether their row is blank or absent.")
            tables.append(table)
        }
        if var last = tables.popLast() {
            last.notes += LedgerText.lines(dataset.ledger)
            tables.append(last)
        }
        try output.write(tables)
    }
}
