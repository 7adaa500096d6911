import Analyses
import ArgumentParser
import StatsCore
import TrialData

/// `trialstats responders`: responders by arm at one visit and their comparison: risk
/// difference (Newcombe and Wald), risk ratio, odds ratio (Wald, and Fisher's conditional MLE
/// with its exact interval and p-value), and the number needed to treat.
struct Responders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Responders by arm at one visit (percent or points of improvement from baseline) and RD, RR, OR and NNT.")

    @OptionGroup var data: DataOptions

    @Option(help: "VISIT=VALUE, e.g. visit=12.")
    var at: String

    @Option(help: "Responder: at least this percent improvement from baseline (IMMPACT: 30 or 50).")
    var percent: Double?

    @Option(help: "Responder: at least this many points of improvement (a within-person MCID).")
    var points: Double?

    @Option(help: "The treatment arm (with --control; without both, each arm's responders are given, as for a single-arm series).")
    var treatment: String?

    @Option(help: "The control arm.")
    var control: String?

    @Flag(help: "Higher scores are better (KOOS); by default a fall is an improvement (pain, disability).")
    var higherIsBetter = false

    @Flag(help: "Responders need more than the threshold (>), not at least it (≥).")
    var strict = false

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard (percent == nil) != (points == nil) else { throw ValidationError("give one responder threshold: --percent or --points") }
        if let percent, !(percent > 0 && percent <= 100) { throw ValidationError("--percent \(percent): expected a percentage between 0 and 100") }
        if let points, !(points > 0) { throw ValidationError("--points \(points): expected a positive number") }
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard (treatment == nil) == (control == nil) else { throw ValidationError("give both --treatment and --control to compare two arms, or neither for each arm's responders") }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        guard let equals = at.firstIndex(of: "=") else { throw ValidationError("--at \(at): expected VISIT=VALUE, e.g. week=12") }
        let analysis = ResponderAnalysis(visit: String(at[at.index(after: equals)...]), visitColumn: String(at[..<equals]),
                                         threshold: percent.map { .percent($0) } ?? .points(points!), treatment: treatment, control: control,
                                         higherIsBetter: higherIsBetter, strict: strict, confidenceLevel: level)
        let result: ResponderResult
        do {
            result = try analysis.run(on: dataset)
        } catch {
            throw ArmComparisonSelection.failure(error, command: "responders")
        }
        try output.write(document: { try JSONDocument.encode(result) }, tables: Self.tables(result, ledger: dataset.ledger))
    }

    /// Responders by arm, and with two arms their comparison.
    static func tables(_ result: ResponderResult, ledger: RowLedger) -> [ResultTable] {
        let percentLabel = "\(Int((result.confidenceLevel * 100).rounded()))% CI"
        var byArm = ResultTable(title: "Responders: \(result.definition)", columns: [
            .init("arm", style: .text), .init("responders", style: .count), .init("classified", style: .count),
            .init("not classifiable", style: .count), .init("proportion"), .init("\(percentLabel) (Wilson)"),
        ])
        for arm in result.arms {
            let interval: ResultTable.Cell = arm.lower.flatMap { lower in arm.upper.map { .interval(lower, $0) } } ?? .missing
            byArm.rows.append([.text(arm.arm), .number(Double(arm.responders)), .number(Double(arm.classified)),
                               .number(Double(arm.notClassifiable)), arm.proportion.map { .number($0) } ?? .missing, interval])
        }
        byArm.notes.append("Not classifiable: no value (no row, or a blank one) at the visit or at baseline, or a baseline of 0 for a percent threshold.")
        guard let treatment = result.treatment, let control = result.control else {
            byArm.notes += LedgerText.lines(ledger)
            return [byArm]
        }
        var table = ResultTable(title: "Comparison of responders: \(treatment) vs \(control)", columns: [
            .init("measure", style: .text), .init("estimate"), .init(percentLabel), .init("p", style: .pValue), .init("method", style: .text),
        ])
        for estimate in result.estimates {
            let interval: ResultTable.Cell = estimate.lower.flatMap { lower in estimate.upper.map { .interval(lower, $0) } } ?? .missing
            table.rows.append([.text(estimate.measure), estimate.estimate.map { .number($0) } ?? .missing, interval,
                               estimate.p.map { .number($0) } ?? .missing, .text(estimate.method)])
        }
        table.notes += result.warnings
        if let nnt = result.numberNeededToTreat { table.notes.append(nnt.text + " (from the Newcombe interval of the risk difference)") }
        table.notes.append("Risk difference and ratio are \(treatment) against \(control).")
        table.notes += LedgerText.lines(ledger)
        return [byArm, table]
    }
}
