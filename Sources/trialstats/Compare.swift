import Foundation
import Analyses
import ArgumentParser
import Reporting
import StatsCore
import TrialData

/// `trialstats compare`: `ArmComparison` from flags; its result as JSON or as display tables.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two arms at one visit: descriptives, mean difference, ANCOVA, effect sizes and the rank test.")

    @OptionGroup var data: DataOptions

    @Option(help: "VISIT=VALUE, the visit to compare at, e.g. week=12 (the name may be the visit column's).")
    var at: String

    @Option(help: "The treatment arm.")
    var treatment: String

    @Option(help: "The control arm.")
    var control: String

    @Flag(help: "Compare the change from baseline rather than the value at the visit.")
    var change = false

    @Flag(inversion: .prefixedNo,
          help: "Adjust the model-based difference for the baseline value (ANCOVA, as CONSORT and EMA recommend); on by default.")
    var adjustBaseline = true

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @Option(help: "Add percentile and BCa bootstrap intervals for Hedges' g from this many resamples (0: none).")
    var bootstrap: Int = 0

    @Option(help: "The bootstrap's seed; the same seed gives the same intervals on every machine.")
    var seed: UInt64 = 20_261_121

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard bootstrap == 0 || bootstrap >= 100 else { throw ValidationError("--bootstrap \(bootstrap): expected 0 or at least 100 resamples") }
        let (dataset, _) = try data.loadDataset()
        guard let equals = at.firstIndex(of: "=") else { throw ValidationError("--at \(at): expected VISIT=VALUE, e.g. week=12") }
        let comparison = ArmComparison(visit: String(at[at.index(after: equals)...]), visitColumn: String(at[..<equals]),
                                       treatment: treatment, control: control, change: change, adjustForBaseline: adjustBaseline,
                                       confidenceLevel: level, bootstrapResamples: bootstrap, seed: seed)
        let result: ArmComparisonResult
        do {
            result = try comparison.run(on: dataset)
        } catch {
            throw ArmComparisonSelection.failure(error, command: "compare")
        }
        for warning in result.warnings where warning.hasPrefix("the ANCOVA") || warning.hasPrefix("the covariate") {
            StandardStreams.writeMessage("trialstats compare: \(warning)")
        }
        try output.write(document: { try JSONDocument.encode(result) }, tables: Self.tables(result, ledger: dataset.ledger))
    }

    /// The display tables: descriptives by arm, then every estimate with its interval and p.
    static func tables(_ result: ArmComparisonResult, ledger: RowLedger) -> [ResultTable] {
        let percent = "\(Int((result.confidenceLevel * 100).rounded()))%"
        let title = "\(result.variable) at visit \(result.visit): \(result.treatment) vs \(result.control)"
        func interval(_ lower: Double?, _ upper: Double?) -> ResultTable.Cell {
            guard let lower, let upper else { return .missing }
            return .interval(lower, upper)
        }
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        var descriptives = ResultTable(title: "Descriptives: \(title)", columns: [
            .init("arm", style: .text), .init("n", style: .count), .init("missing", style: .count), .init("mean"), .init("SD"),
            .init("\(percent) CI of mean"), .init("median"), .init("IQR"), .init("range"),
        ])
        for arm in result.arms {
            descriptives.rows.append([.text(arm.arm), .number(Double(arm.n)), .number(Double(arm.missing)), number(arm.mean), number(arm.sd),
                                      interval(arm.meanLower, arm.meanUpper), number(arm.median), interval(arm.q1, arm.q3), interval(arm.min, arm.max)])
        }
        descriptives.notes.append("Missing: the arm's subjects without a value at the visit, whether their row is blank or absent.")
        if result.change {
            descriptives.notes.append("Change = value − value at the baseline visit \(result.baselineVisit); the mean's interval is the paired t interval.")
        }
        var comparisons = ResultTable(title: "Comparison: \(title)", columns: [
            .init("measure", style: .text), .init("estimate"), .init("\(percent) CI"), .init("p", style: .pValue), .init("method", style: .text),
        ])
        for estimate in result.estimates {
            var method = estimate.method
            if estimate.measure == "mean difference", let df = estimate.df { method += String(format: ", df = %.2f", df) }
            if estimate.measure == "Hedges' g, BCa bootstrap", let bootstrap = result.bootstrap,
               let z0 = bootstrap.biasCorrection, let a = bootstrap.acceleration {
                method += String(format: ", z0 = %.3f, a = %.4f", z0, a)
            }
            comparisons.rows.append([.text(estimate.measure), number(estimate.estimate), interval(estimate.lower, estimate.upper),
                                     number(estimate.p), .text(method)])
        }
        comparisons.notes += result.warnings
        comparisons.notes.append("Differences are \(result.treatment) minus \(result.control).")
        comparisons.notes += LedgerText.lines(ledger)
        return [descriptives, comparisons]
    }
}
