import Foundation
import ArgumentParser
import Descriptives
import EffectSizes
import HypothesisTests
import LinearModels
import StatsCore
import TrialData

/// `trialstats compare`: one arm against another at one visit, in one table: descriptives, the
/// Welch mean difference, the baseline-adjusted (ANCOVA) difference, Cohen's d and Hedges' g
/// with noncentral-t intervals, and the rank test with the Hodges-Lehmann shift.
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
        let selection = try ArmComparisonSelection(dataset, data: data, at: at, arms: [treatment, control], command: "compare")
        let outcome = selection.outcome, visitIndex = selection.visitIndex
        let values = change ? dataset.change(outcome) : dataset.outcomes[outcome]!
        let baselines = dataset.baselines[outcome]!
        func rows(of arm: String) -> [Int] {
            (0..<dataset.rowCount).filter { dataset.arms.value(at: $0) == arm && dataset.visitCodes[$0] == Int32(visitIndex) }
        }
        let treatmentRows = rows(of: treatment), controlRows = rows(of: control)
        let x = treatmentRows.map { values[$0] }, y = controlRows.map { values[$0] }
        for (arm, group) in [(treatment, x), (control, y)] where group.filter(\.isFinite).count < 2 {
            let withData = dataset.visits.labels.indices.filter { visit in
                (0..<dataset.rowCount).contains { dataset.arms.value(at: $0) == arm && dataset.visitCodes[$0] == Int32(visit) && values[$0].isFinite }
            }.map { dataset.visits.labels[$0] }
            fail("arm \(arm) has \(group.filter(\.isFinite).count) value\(group.filter(\.isFinite).count == 1 ? "" : "s") of \(outcome)"
                 + "\(change ? " change" : "") at visit \(dataset.visits.labels[visitIndex]); at least 2 are needed. "
                 + "Visits with data for \(arm): \(withData.isEmpty ? "none" : withData.joined(separator: ", "))")
        }
        let variable = change ? "change in \(outcome) from visit \(dataset.visits.baselineLabel)" : outcome
        let title = "\(variable) at visit \(dataset.visits.labels[visitIndex]): \(treatment) vs \(control)"

        // Descriptives.
        var descriptives = ResultTable(title: "Descriptives: \(title)", columns: [
            .init("arm", style: .text), .init("n", style: .count), .init("missing", style: .count), .init("mean"), .init("SD"),
            .init("\(Int((level * 100).rounded()))% CI of mean"), .init("median"), .init("IQR"), .init("range"),
        ])
        let subjectsByArm = dataset.subjectCountsByArm()
        for (arm, group) in [(treatment, x), (control, y)] {
            let d = Description(group, confidenceLevel: level)
            let missing = subjectsByArm[dataset.arms.levels.firstIndex(of: arm)!] - d.count
            descriptives.rows.append([.text(arm), .number(Double(d.count)), .number(Double(missing)), .number(d.mean),
                                      .number(d.standardDeviation), d.meanInterval.map { .interval($0.lower, $0.upper) } ?? .missing,
                                      .number(d.median), .interval(d.firstQuartile, d.thirdQuartile), .interval(d.minimum, d.maximum)])
        }
        descriptives.notes.append("Missing: the arm's subjects without a value at the visit, whether their row is blank or absent.")
        if change { descriptives.notes.append("Change = value − value at the baseline visit \(dataset.visits.baselineLabel); the mean's interval is the paired t interval.") }

        // Comparisons.
        var comparisons = ResultTable(title: "Comparison: \(title)", columns: [
            .init("measure", style: .text), .init("estimate"), .init("\(Int((level * 100).rounded()))% CI"), .init("p", style: .pValue), .init("method", style: .text),
        ])
        do {
            let welch = try TwoSampleTTest(try GroupSummary(count: x.filter(\.isFinite).count, mean: Description(x).mean, standardDeviation: Description(x).standardDeviation),
                                           try GroupSummary(count: y.filter(\.isFinite).count, mean: Description(y).mean, standardDeviation: Description(y).standardDeviation),
                                           variance: .unequal, confidenceLevel: level)
            comparisons.rows.append([.text("mean difference"), .number(welch.difference),
                                     .interval(welch.confidenceInterval.lower, welch.confidenceInterval.upper), .number(welch.pValue),
                                     .text("Welch t test, df = \(String(format: "%.2f", welch.degreesOfFreedom))")])
        } catch {
            comparisons.notes.append("mean difference: \(error)")
        }
        if adjustBaseline || !dataset.covariates.isEmpty,
           let ancova = try ancovaRow(dataset, outcome: outcome, values: values, baselines: baselines, rows: treatmentRows + controlRows) {
            comparisons.rows.append(ancova)
        }
        for (label, compute) in [("Cohen's d", StandardizedDifference.cohensD), ("Hedges' g", StandardizedDifference.hedgesG)] as [(String, ([Double], [Double], Double) throws -> EffectSize)] {
            do {
                let effect = try compute(x, y, level)
                comparisons.rows.append([.text(label), .number(effect.estimate),
                                         effect.confidenceInterval.map { .interval($0.lower, $0.upper) } ?? .missing, .missing,
                                         .text("\(effect.kind.rawValue); interval: \(effect.intervalMethod)")])
            } catch {
                comparisons.notes.append("\(label): \(error)")
            }
        }
        if bootstrap > 0 {
            do {
                let boot = try BootstrapInterval.hedgesG(x, y, resamples: bootstrap, seed: seed, level: level)
                let method = "\(boot.resamples) stratified resamples, seed \(boot.seed)"
                comparisons.rows.append([.text("Hedges' g, percentile bootstrap"), .number(boot.estimate),
                                         .interval(boot.percentile.lower, boot.percentile.upper), .missing, .text(method)])
                comparisons.rows.append([.text("Hedges' g, BCa bootstrap"), .number(boot.estimate),
                                         .interval(boot.biasCorrectedAccelerated.lower, boot.biasCorrectedAccelerated.upper), .missing,
                                         .text(method + String(format: ", z0 = %.3f, a = %.4f", boot.biasCorrection, boot.acceleration))])
                if boot.failedResamples > 0 { comparisons.notes.append("bootstrap: \(boot.failedResamples) resamples had no spread and were not used") }
            } catch {
                comparisons.notes.append("bootstrap: \(error)")
            }
        }
        do {
            let rank = try MannWhitneyTest(x, y, confidenceLevel: level)
            comparisons.rows.append([.text("shift (Hodges-Lehmann)"), .number(rank.shift),
                                     .interval(rank.confidenceInterval.lower, rank.confidenceInterval.upper), .number(rank.pValue),
                                     .text(rank.method)])
        } catch {
            comparisons.notes.append("rank test: \(error)")
        }
        comparisons.notes.append("Differences are \(treatment) minus \(control).")
        comparisons.notes += LedgerText.lines(dataset.ledger)
        try output.write([descriptives, comparisons])
    }

    /// The arm difference adjusted for baseline (and covariates): follow-up or change ~ baseline + arm [+ covariates].
    func ancovaRow(_ dataset: TrialDataset, outcome: String, values: [Double], baselines: [Double], rows: [Int]) throws -> [ResultTable.Cell]? {
        var columns = [
            Column(name: ".response", values: .numeric(rows.map { values[$0] })),
            Column(name: ".baseline", values: .numeric(rows.map { baselines[$0] })),
            Column(name: ".arm", values: .categorical(Factor(levels: [control, treatment],
                                                            codes: rows.map { dataset.arms.value(at: $0) == control ? 0 : 1 }))),
        ]
        // Internal names start with a dot, so that no covariate can share one.
        var formula = adjustBaseline ? ".response ~ .baseline + .arm" : ".response ~ .arm"
        for covariate in dataset.covariates {
            columns.append(Column(name: covariate.name, values: covariate.values.selecting(rows)))
            formula += " + `\(covariate.name)`"
        }
        let table = Table(source: dataset.source, columns: columns, lineNumbers: rows.map { dataset.lineNumbers[$0] })
        do {
            let fit = try LinearModelFit.fit(formula, table: table, confidenceLevel: level)
            guard let coefficient = fit.coefficient(".arm\(treatment)"), !coefficient.aliased else { return nil }
            let covariates = dataset.covariates.isEmpty ? "" : " + " + dataset.covariates.map(\.name).joined(separator: " + ")
            return [.text(adjustBaseline ? "adjusted difference (ANCOVA)" : "adjusted difference (covariates)"), .number(coefficient.estimate),
                    .interval(coefficient.confidenceInterval.lower, coefficient.confidenceInterval.upper), .number(coefficient.pValue),
                    .text("\(change ? "change" : outcome) ~ \(adjustBaseline ? "baseline + " : "")arm\(covariates); n = \(fit.frame.response.count)")]
        } catch {
            StandardStreams.writeMessage("trialstats compare: the ANCOVA could not be fitted: \(error)")
            return nil
        }
    }

    func fail(_ message: String) -> Never {
        ArmComparisonSelection.fail("compare", message)
    }
}
