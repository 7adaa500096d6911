import Descriptives
import EffectSizes
import HypothesisTests
import LinearModels
import StatsCore
import TrialData

/// One arm against another at one visit (`trialstats compare`): descriptives of each arm, the
/// Welch mean difference, the baseline-adjusted (ANCOVA) difference, Cohen's d, Hedges' g and
/// Glass's Δ with noncentral-t intervals, optional bootstrap intervals of g, and the rank test
/// with the Hodges-Lehmann shift.
public struct ArmComparison: Codable, Sendable, Equatable {
    public var visit: String
    /// The name the visit was given by (`week` in `week=12`); nil accepts the dataset's.
    public var visitColumn: String?
    public var treatment: String
    public var control: String
    /// Compare the change from the baseline visit rather than the value at the visit.
    public var change: Bool
    /// Adjust the model-based difference for the baseline value (ANCOVA, as CONSORT and EMA
    /// recommend); the dataset's covariates are adjusted for in any case.
    public var adjustForBaseline: Bool
    public var confidenceLevel: Double
    /// Bootstrap resamples for intervals of Hedges' g; 0 for none.
    public var bootstrapResamples: Int
    public var seed: UInt64

    public init(visit: String, visitColumn: String? = nil, treatment: String, control: String, change: Bool = false,
                adjustForBaseline: Bool = true, confidenceLevel: Double = 0.95, bootstrapResamples: Int = 0, seed: UInt64 = 20_261_121) {
        self.visit = visit
        self.visitColumn = visitColumn
        self.treatment = treatment
        self.control = control
        self.change = change
        self.adjustForBaseline = adjustForBaseline
        self.confidenceLevel = confidenceLevel
        self.bootstrapResamples = bootstrapResamples
        self.seed = seed
    }

    public func run(on dataset: TrialDataset) throws(AnalysisError) -> ArmComparisonResult {
        try AnalysisError.requireConfidenceLevel(confidenceLevel)
        guard bootstrapResamples == 0 || bootstrapResamples >= 100 else {
            throw .invalidOption(name: "--bootstrap", value: "\(bootstrapResamples)", expected: "0 or at least 100 resamples")
        }
        let selection = try ArmVisitSelection(dataset, visitColumn: visitColumn, visit: visit, arms: [treatment, control])
        let outcome = selection.outcome
        let values = change ? dataset.change(outcome) : dataset.outcomes[outcome]!
        let treatmentRows = selection.rows(of: treatment, in: dataset), controlRows = selection.rows(of: control, in: dataset)
        let x = treatmentRows.map { values[$0] }, y = controlRows.map { values[$0] }
        let variable = change ? "change in \(outcome) from visit \(dataset.visits.baselineLabel)" : outcome
        for (arm, group) in [(treatment, x), (control, y)] where group.filter(\.isFinite).count < 2 {
            let withData = dataset.visits.labels.indices.filter { visit in
                (0..<dataset.rowCount).contains { dataset.arms.value(at: $0) == arm && dataset.visitCodes[$0] == Int32(visit) && values[$0].isFinite }
            }.map { dataset.visits.labels[$0] }
            throw .tooFewValues(arm: arm, variable: outcome + (change ? " change" : ""), visit: visit,
                                count: group.filter(\.isFinite).count, visitsWithData: withData)
        }

        let subjectsByArm = dataset.subjectCountsByArm()
        let arms = [(treatment, x), (control, y)].map { arm, group in
            let d = Description(group, confidenceLevel: confidenceLevel)
            return SummaryRow(arm: arm, visit: visit, d, missing: subjectsByArm[dataset.arms.levels.firstIndex(of: arm)!] - d.count)
        }

        var estimates: [Estimate] = []
        var warnings: [ArmComparisonResult.Warning] = []
        do {
            let a = Description(x), b = Description(y)
            let welch = try TwoSampleTTest(try GroupSummary(count: a.count, mean: a.mean, standardDeviation: a.standardDeviation),
                                           try GroupSummary(count: b.count, mean: b.mean, standardDeviation: b.standardDeviation),
                                           variance: .unequal, confidenceLevel: confidenceLevel)
            estimates.append(Estimate(measure: "mean difference", estimate: welch.difference, se: welch.standardError, statistic: welch.statistic,
                                      df: welch.degreesOfFreedom, p: welch.pValue, interval: welch.confidenceInterval, method: "Welch t test"))
            // Student's, as many papers report it, so that a published p can be matched to its test.
            let student = try TwoSampleTTest(try GroupSummary(count: a.count, mean: a.mean, standardDeviation: a.standardDeviation),
                                             try GroupSummary(count: b.count, mean: b.mean, standardDeviation: b.standardDeviation),
                                             variance: .equal, confidenceLevel: confidenceLevel)
            estimates.append(Estimate(measure: "mean difference", estimate: student.difference, se: student.standardError,
                                      statistic: student.statistic, df: student.degreesOfFreedom, p: student.pValue,
                                      interval: student.confidenceInterval, method: "Student t test (pooled SD)"))
        } catch {
            warnings.append(.init(.meanDifference, "mean difference: \(error)"))
        }
        if adjustForBaseline || !dataset.covariates.isEmpty {
            do {
                if let adjusted = try adjustedDifference(dataset, outcome: outcome, values: values, rows: treatmentRows + controlRows) {
                    estimates.append(adjusted)
                }
            } catch {
                warnings.append(.init(.adjustedModel, "the \(adjustForBaseline ? "ANCOVA" : "covariate-adjusted model") could not be fitted: \(error)"))
            }
        }
        let effectSizes: [(String, ([Double], [Double], Double) throws(EffectSizeError) -> EffectSize)] = [
            ("Cohen's d", StandardizedDifference.cohensD), ("Hedges' g", StandardizedDifference.hedgesG), ("Glass's Δ", StandardizedDifference.glassDelta),
        ]
        for (label, compute) in effectSizes {
            do {
                let effect = try compute(x, y, confidenceLevel)
                estimates.append(Estimate(measure: label, estimate: effect.estimate, interval: effect.confidenceInterval,
                                          method: "\(effect.kind.rawValue); interval: \(effect.intervalMethod)"))
            } catch {
                warnings.append(.init(.effectSize, "\(label): \(error)"))
            }
        }
        var bootstrap: ArmComparisonResult.BootstrapSettings? = nil
        if bootstrapResamples > 0 {
            do {
                let boot = try BootstrapInterval.hedgesG(x, y, resamples: bootstrapResamples, seed: seed, level: confidenceLevel)
                let method = "\(boot.resamples) stratified resamples, seed \(boot.seed)"
                estimates.append(Estimate(measure: "Hedges' g, percentile bootstrap", estimate: boot.estimate, interval: boot.percentile, method: method))
                estimates.append(Estimate(measure: "Hedges' g, BCa bootstrap", estimate: boot.estimate, interval: boot.biasCorrectedAccelerated,
                                          method: method))
                bootstrap = .init(resamples: boot.resamples, seed: boot.seed, failedResamples: boot.failedResamples,
                                  biasCorrection: finiteOrNil(boot.biasCorrection), acceleration: finiteOrNil(boot.acceleration))
                if boot.failedResamples > 0 { warnings.append(.init(.bootstrap, "bootstrap: \(boot.failedResamples) resamples had no spread and were not used")) }
            } catch {
                warnings.append(.init(.bootstrap, "bootstrap: \(error)"))
            }
        }
        do {
            let rank = try MannWhitneyTest(x, y, confidenceLevel: confidenceLevel)
            estimates.append(Estimate(measure: "shift (Hodges-Lehmann)", estimate: rank.shift, statistic: rank.statistic, p: rank.pValue,
                                      interval: rank.confidenceInterval, method: rank.method))
        } catch {
            warnings.append(.init(.rankTest, "rank test: \(error)"))
        }
        return ArmComparisonResult(outcome: outcome, variable: variable, visit: dataset.visits.labels[selection.visitIndex],
                                   baselineVisit: dataset.visits.baselineLabel, treatment: treatment, control: control, change: change,
                                   confidenceLevel: confidenceLevel, arms: arms, estimates: estimates, bootstrap: bootstrap, warnings: warnings,
                                   ledger: DataLedger(dataset.ledger))
    }

    /// The arm difference adjusted for baseline (and covariates): follow-up or change ~ baseline + arm [+ covariates].
    func adjustedDifference(_ dataset: TrialDataset, outcome: String, values: [Double], rows: [Int]) throws -> Estimate? {
        let baselines = dataset.baselines[outcome]!
        var columns = [
            Column(name: ".response", values: .numeric(rows.map { values[$0] })),
            Column(name: ".baseline", values: .numeric(rows.map { baselines[$0] })),
            Column(name: ".arm", values: .categorical(Factor(levels: [control, treatment],
                                                            codes: rows.map { dataset.arms.value(at: $0) == control ? 0 : 1 }))),
        ]
        // Internal names start with a dot, so that no covariate can share one.
        var formula = adjustForBaseline ? ".response ~ .baseline + .arm" : ".response ~ .arm"
        for covariate in dataset.covariates {
            columns.append(Column(name: covariate.name, values: covariate.values.selecting(rows)))
            formula += " + `\(covariate.name)`"
        }
        let table = Table(source: dataset.source, columns: columns, lineNumbers: rows.map { dataset.lineNumbers[$0] })
        let fit = try LinearModelFit.fit(formula, table: table, confidenceLevel: confidenceLevel)
        guard let coefficient = fit.coefficient(".arm\(treatment)"), !coefficient.aliased else { return nil }
        let covariates = dataset.covariates.isEmpty ? "" : " + " + dataset.covariates.map(\.name).joined(separator: " + ")
        return Estimate(measure: adjustForBaseline ? "adjusted difference (ANCOVA)" : "adjusted difference (covariates)",
                        estimate: coefficient.estimate, se: coefficient.standardError, statistic: coefficient.statistic,
                        df: Double(fit.residualDegreesOfFreedom), p: coefficient.pValue, interval: coefficient.confidenceInterval,
                        method: "\(change ? "change" : outcome) ~ \(adjustForBaseline ? "baseline + " : "")arm\(covariates); n = \(fit.frame.response.count)")
    }
}
