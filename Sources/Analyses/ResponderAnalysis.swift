import EffectSizes
import HypothesisTests
import Instruments
import StatsCore
import TrialData

/// Responders by arm at one visit and, for two arms, their comparison (`trialstats responders`),
/// at one or several thresholds: each arm's share with its Wilson interval; the risk difference
/// (Newcombe and Wald), risk ratio (MOVER-R from Wilson limits, and Wald), odds ratio (Wald, and
/// Fisher's conditional MLE with its exact interval and p-value), and the number needed to treat.
public struct ResponderAnalysis: Codable, Sendable, Equatable {
    public enum Threshold: Codable, Sendable, Equatable {
        /// At least this percent improvement from baseline (IMMPACT: 30 or 50).
        case percent(Double)
        /// At least this many points of improvement (a within-person MCID).
        case points(Double)
    }

    public var visit: String
    public var visitColumn: String?
    /// Answered in a fixed order whatever order they were given in: percent thresholds rising, then
    /// points rising (IMMPACT's 30% before 50%).
    public var thresholds: [Threshold]
    /// Both or neither; without them, every arm's responders are given (a single-arm series).
    public var treatment: String?
    public var control: String?
    /// Higher scores are better (KOOS); by default a fall is an improvement (pain, disability).
    public var higherIsBetter: Bool
    /// Responders need more than the threshold (>), not at least it (≥).
    public var strict: Bool
    public var confidenceLevel: Double
    /// Non-responder imputation: an arm's subject with no value at the visit or at baseline
    /// counts as a non-responder, so the denominators are the arms' subjects.
    public var missingAsNonResponse = false

    public init(visit: String, visitColumn: String? = nil, thresholds: [Threshold], treatment: String? = nil, control: String? = nil,
                higherIsBetter: Bool = false, strict: Bool = false, confidenceLevel: Double = 0.95, missingAsNonResponse: Bool = false) {
        self.missingAsNonResponse = missingAsNonResponse
        self.visit = visit
        self.visitColumn = visitColumn
        self.thresholds = thresholds
        self.treatment = treatment
        self.control = control
        self.higherIsBetter = higherIsBetter
        self.strict = strict
        self.confidenceLevel = confidenceLevel
    }

    /// The thresholds in the order they are answered in; a repeated one is refused.
    public func orderedThresholds() throws(AnalysisError) -> [Threshold] {
        guard !thresholds.isEmpty else {
            throw .invalidOption(name: "--percent/--points", value: "", expected: "at least one responder threshold")
        }
        var percents: [Double] = [], points: [Double] = []
        for threshold in thresholds {
            switch threshold {
            case let .percent(percent):
                guard percent > 0, percent <= 100 else {
                    throw .invalidOption(name: "--percent", value: "\(percent)", expected: "a percentage between 0 and 100")
                }
                guard !percents.contains(percent) else {
                    throw .invalidOption(name: "--percent", value: "\(percent)", expected: "each threshold once")
                }
                percents.append(percent)
            case let .points(value):
                guard value > 0 else { throw .invalidOption(name: "--points", value: "\(value)", expected: "a positive number") }
                guard !points.contains(value) else { throw .invalidOption(name: "--points", value: "\(value)", expected: "each threshold once") }
                points.append(value)
            }
        }
        return percents.sorted().map { .percent($0) } + points.sorted().map { .points($0) }
    }

    public func run(on dataset: TrialDataset) throws(AnalysisError) -> ResponderResult {
        let ordered = try orderedThresholds()
        try AnalysisError.requireConfidenceLevel(confidenceLevel)
        guard (treatment == nil) == (control == nil) else {
            throw .invalidOption(name: "--treatment/--control", value: treatment ?? control ?? "",
                                 expected: "both, to compare two arms, or neither for each arm's responders")
        }
        let compared = [treatment, control].compactMap { $0 }
        let selection = try ArmVisitSelection(dataset, visitColumn: visitColumn, visit: visit, arms: compared)
        var result = ResponderResult(
            outcome: selection.outcome, missingAsNonResponse: missingAsNonResponse, visit: dataset.visits.labels[selection.visitIndex],
            baselineVisit: dataset.visits.baselineLabel, treatment: treatment, control: control, confidenceLevel: confidenceLevel,
            thresholds: [], notes: [], ledger: DataLedger(dataset.ledger))
        for threshold in ordered { result.thresholds.append(try answer(threshold, dataset: dataset, selection: selection, compared: compared)) }
        if ordered.count > 1, compared.count == 2 {
            result.notes.append("The \(ordered.count) thresholds' p-values are not adjusted for each other: the responder sets are nested, so "
                                + "the tests are strongly dependent; name one threshold as primary in the plan.")
        }
        return result
    }

    /// One threshold's responders and comparison.
    func answer(_ threshold: Threshold, dataset: TrialDataset, selection: ArmVisitSelection,
                compared: [String]) throws(AnalysisError) -> ResponderResult.ThresholdResult {
        let value: Double, unit: MCIDCatalogue.Unit, source: String
        switch threshold {
        case let .percent(percent): (value, unit, source) = (percent, .percent, "--percent")
        case let .points(points): (value, unit, source) = (points, .points, "--points")
        }
        let arms = compared.isEmpty ? dataset.arms.levels : compared
        let outcome = selection.outcome, visitIndex = selection.visitIndex
        let direction: Direction = higherIsBetter ? .higherIsBetter : .higherIsWorse
        let rule = ResponderRule(name: "responder", threshold: value, unit: unit, strict: strict, source: source)
        let values = dataset.outcomes[outcome]!, baselines = dataset.baselines[outcome]!
        var responders: [String: Int] = [:], classified: [String: Int] = [:]
        for row in 0..<dataset.rowCount where dataset.visitCodes[row] == Int32(visitIndex) {
            guard let arm = dataset.arms.value(at: row), arms.contains(arm) else { continue }
            guard let isResponder = rule.classify(improvement: direction.improvement(baseline: baselines[row], followUp: values[row]),
                                                  percentImprovement: direction.percentImprovement(baseline: baselines[row], followUp: values[row]))
            else { continue }
            classified[arm, default: 0] += 1
            if isResponder { responders[arm, default: 0] += 1 }
        }
        for arm in compared where classified[arm, default: 0] == 0 && !missingAsNonResponse {
            throw .noResponderData(arm: arm, outcome: outcome, visit: dataset.visits.labels[visitIndex])
        }
        // Not classifiable: the arm's other subjects, whether their row is blank or absent.
        let subjectsByArm = dataset.subjectCountsByArm()
        if missingAsNonResponse {
            for arm in arms { classified[arm] = subjectsByArm[dataset.arms.levels.firstIndex(of: arm)!] }
        }
        let rows = arms.map { arm -> ResponderResult.Arm in
            let r = responders[arm, default: 0], n = classified[arm, default: 0]
            let interval = n > 0 ? try? BinaryComparison.wilsonInterval(events: r, count: n, level: confidenceLevel) : nil
            return .init(arm: arm, responders: r, classified: n, notClassifiable: subjectsByArm[dataset.arms.levels.firstIndex(of: arm)!] - n,
                         proportion: n > 0 ? Double(r) / Double(n) : nil, lower: interval?.lower, upper: interval?.upper)
        }
        let ruleText = rule.description.replacingOccurrences(of: " (--percent)", with: "").replacingOccurrences(of: " (--points)", with: "")
        var result = ResponderResult.ThresholdResult(
            threshold: .init(unit: unit == .percent ? "percent" : "points", value: value, strict: strict),
            definition: "\(ruleText) in \(outcome) from visit \(dataset.visits.baselineLabel) to \(dataset.visits.labels[visitIndex])"
                + (missingAsNonResponse ? "; a subject without a value at either visit counts as a non-responder (non-responder imputation)" : ""),
            arms: rows, estimates: [], numberNeededToTreat: nil, warnings: [])
        guard compared.count == 2 else { return result }
        let t = rows[0], c = rows[1]
        let comparison: BinaryComparison, fisher: FisherExactTest
        do {
            comparison = try BinaryComparison(treatmentEvents: t.responders, treatmentCount: t.classified,
                                              controlEvents: c.responders, controlCount: c.classified, confidenceLevel: confidenceLevel)
            fisher = try FisherExactTest([[t.responders, t.classified - t.responders], [c.responders, c.classified - c.responders]],
                                         confidenceLevel: confidenceLevel)
        } catch {
            throw .computation("\(error)")
        }
        for (name, measure) in [("risk difference", comparison.riskDifferenceNewcombe), ("risk difference", comparison.riskDifferenceWald),
                                ("risk ratio", comparison.riskRatioWilson), ("risk ratio", comparison.riskRatio), ("odds ratio", comparison.oddsRatioWald)] {
            guard let measure else {
                result.warnings.append("\(name): not estimable with a zero count")
                continue
            }
            result.estimates.append(Estimate(measure: name, estimate: measure.estimate, interval: measure.confidenceInterval, method: measure.method))
        }
        // The chi-square test of the 2×2 table with Yates' correction (R's prop.test and chisq.test), beside Fisher's.
        let chiSquare = try? ChiSquareTest([[Double(t.responders), Double(t.classified - t.responders)],
                                            [Double(c.responders), Double(c.classified - c.responders)]], yates: true)
        if let chiSquare {
            result.estimates.append(Estimate(measure: "risk difference", estimate: comparison.riskDifferenceNewcombe.estimate,
                                             statistic: chiSquare.statistic, df: Double(chiSquare.degreesOfFreedom), p: chiSquare.pValue,
                                             interval: comparison.riskDifferenceNewcombe.confidenceInterval,
                                             method: "chi-square test with Yates' correction (R's prop.test); interval: Newcombe"))
            if chiSquare.smallExpectedCounts { result.warnings.append("chi-square test: an expected count is below 5; Fisher's exact test is the one to use") }
        }
        result.estimates.append(Estimate(measure: "odds ratio", estimate: fisher.oddsRatio, p: fisher.pValue, interval: fisher.confidenceInterval,
                                         method: "conditional MLE, exact interval and Fisher's exact p"))
        let nnt = comparison.numberNeededToTreat
        result.numberNeededToTreat = .init(estimate: finiteOrNil(nnt.estimate), lower: finiteOrNil(nnt.lower), upper: finiteOrNil(nnt.upper),
                                           crossesNoEffect: nnt.crossesNoEffect, text: nnt.text(level: confidenceLevel))
        return result
    }
}

/// The JSON of `trialstats responders` (schema trialstats/responders/2: one entry of `thresholds`
/// per responder threshold; /1 held a single threshold's fields at the top level).
public struct ResponderResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/responders/2"
    public var outcome: String
    /// Whether a subject without a value counts as a non-responder (non-responder imputation).
    public var missingAsNonResponse: Bool
    public var visit: String
    public var baselineVisit: String
    @Null public var treatment: String?
    @Null public var control: String?
    public var confidenceLevel: Double
    /// Percent thresholds rising, then points rising.
    public var thresholds: [ThresholdResult]
    /// What holds across the thresholds (their p-values are not adjusted for each other).
    public var notes: [String]
    public var ledger: DataLedger

    public struct ThresholdResult: Codable, Sendable, Equatable {
        public var threshold: Threshold
        /// The responder rule in words, with the visits it spans.
        public var definition: String
        /// The compared arms (treatment first), or every arm.
        public var arms: [Arm]
        /// Treatment against control; empty without two arms.
        public var estimates: [Estimate]
        /// From the Newcombe interval of the risk difference (Altman 1998); null without two arms.
        @Null public var numberNeededToTreat: NumberNeeded?
        public var warnings: [String]
    }

    public struct Threshold: Codable, Sendable, Equatable {
        /// "percent" (of the baseline value) or "points".
        public var unit: String
        public var value: Double
        /// More than the value (>), not at least it (≥).
        public var strict: Bool
    }

    public struct Arm: Codable, Sendable, Equatable {
        public var arm: String
        public var responders: Int
        public var classified: Int
        /// No value (no row, or a blank one) at the visit or at baseline, or a baseline of 0 for a
        /// percent threshold.
        public var notClassifiable: Int
        @Null public var proportion: Double?
        /// The Wilson interval of the proportion.
        @Null public var lower: Double?
        @Null public var upper: Double?
    }

    public struct NumberNeeded: Codable, Sendable, Equatable {
        /// Positive: patients to treat for one more responder; negative: for one fewer (harm).
        @Null public var estimate: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        /// The risk difference's interval includes 0: the NNT interval runs through infinity.
        public var crossesNoEffect: Bool
        public var text: String
    }
}
