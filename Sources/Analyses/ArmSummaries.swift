import MetaAnalysis
import StatsCore

/// The arms of a summary file as n, mean and SD with every conversion named, and the
/// between-arm effects per study and visit (`trialstats summary`): MD and Hedges' g, and with
/// pre-post summaries the SMCR difference and Morris's d_ppc2.
public struct ArmSummaries: Codable, Sendable, Equatable {
    public init() {}

    public func run(on file: SummaryFile) throws(MetaAnalysisError) -> ArmSummariesResult {
        var arms: [ArmSummariesResult.Arm] = []
        for row in file.armRowsWithDerivedCounts().rows {
            switch try ConvertedArm.convert(row, file: file.source) {
            case let .success(arm):
                arms.append(.init(line: row.line, study: row.study, outcome: row.outcome, visit: row.visit, arm: row.arm,
                                  n: finiteOrNil(arm.summary.count), mean: finiteOrNil(arm.summary.mean),
                                  sd: finiteOrNil(arm.summary.standardDeviation), conversions: arm.conversions, notUsable: nil))
            case let .failure(reason):
                arms.append(.init(line: row.line, study: row.study, outcome: row.outcome, visit: row.visit, arm: row.arm,
                                  n: row.number("n"), mean: row.number("mean"), sd: row.number("sd"), conversions: [],
                                  notUsable: "\(reason)"))
            }
        }
        let (pairs, notes) = try ArmPairing.pairs(file)
        var effects: [ArmSummariesResult.Effect] = []
        for pair in pairs {
            let label = "\(pair.label): \(pair.treatment.arm) vs \(pair.control.arm)"
            let md = try MeanEffects.meanDifference(pair.treatment.summary, pair.control.summary, study: label)
            let g = try? MeanEffects.hedgesG(pair.treatment.summary, pair.control.summary, study: label)
            var smcr: StudyEffect? = nil, dppc2: StudyEffect? = nil
            // Pre-post-control effects where both arms give pre and post means, the pre SD and r.
            if let treatment = pair.treatment.prePost, let control = pair.control.prePost {
                smcr = try? MeanEffects.standardizedMeanChangeDifference(treatment, control, study: label)
                dppc2 = try? MeanEffects.dppc2(treatment, control, study: label)
            }
            func estimate(_ effect: StudyEffect?, _ measure: String, _ method: String) throws(MetaAnalysisError) -> Estimate? {
                guard let effect else { return nil }
                return Estimate(measure: measure, estimate: effect.estimate, se: effect.standardError,
                                interval: try effect.confidenceInterval(), method: method)
            }
            effects.append(.init(
                contrast: label, study: pair.study, outcome: pair.outcome, visit: pair.visit, treatment: pair.treatment.arm,
                control: pair.control.arm,
                meanDifference: try estimate(md, "MD", "v = s₁²/n₁ + s₂²/n₂, normal interval")!,
                hedgesG: try estimate(g, "Hedges' g", "exact small-sample correction, v = 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)), normal interval"),
                smcrDifference: try estimate(smcr, "SMCR difference", "metafor's SMCR per arm, difference treatment − control"),
                dppc2: try estimate(dppc2, "d_ppc2", "Morris (2008), variance of his eq. 25, normal interval"),
                conversions: pair.conversions))
        }
        return ArmSummariesResult(data: file.source, arms: arms, effects: effects, notes: notes)
    }
}

/// The JSON of `trialstats summary` (schema trialstats/summary/1).
public struct ArmSummariesResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/summary/1"
    public var data: String
    public var arms: [Arm]
    public var effects: [Effect]
    /// What pairing the arms said (roles, arms left unpaired).
    public var notes: [String]

    public struct Arm: Codable, Sendable, Equatable {
        public var line: Int
        public var study, outcome, visit, arm: String
        /// As converted; as printed when the row is not usable.
        @Null public var n: Double?
        @Null public var mean: Double?
        @Null public var sd: Double?
        /// Each conversion made (SE → SD, median and IQR → mean and SD, …); empty when printed as n, mean and SD.
        public var conversions: [String]
        /// Why the row gives no n, mean and SD; null when it does.
        @Null public var notUsable: String?
    }

    public struct Effect: Codable, Sendable, Equatable {
        public var contrast: String
        public var study, outcome, visit, treatment, control: String
        public var meanDifference: Estimate
        @Null public var hedgesG: Estimate?
        @Null public var smcrDifference: Estimate?
        @Null public var dppc2: Estimate?
        public var conversions: [String]
    }
}
