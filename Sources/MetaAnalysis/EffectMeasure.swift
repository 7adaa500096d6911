/// The effect measures pooled, named as metafor's `escalc` names them.
public enum EffectMeasure: String, Codable, Sendable, CaseIterable {
    /// Mean difference, treatment − control.
    case meanDifference = "MD"
    /// Standardized mean difference, Hedges' g.
    case standardizedMeanDifference = "SMD"
    /// Standardized mean change difference from pre-post-control summaries (Morris 2008).
    case standardizedMeanChange = "SMCR"
    /// Log risk ratio.
    case riskRatio = "RR"
    /// Log odds ratio.
    case oddsRatio = "OR"
    /// Risk difference.
    case riskDifference = "RD"

    /// Ratios are pooled as logarithms and shown back on the ratio scale.
    public var isRatio: Bool { self == .riskRatio || self == .oddsRatio }

    /// Whether the measure is computed from event counts rather than means.
    public var isBinary: Bool { isRatio || self == .riskDifference }

    /// Words for tables.
    public var name: String {
        switch self {
        case .meanDifference: return "mean difference"
        case .standardizedMeanDifference: return "standardized mean difference (Hedges' g)"
        case .standardizedMeanChange: return "standardized mean change difference (pre-post-control)"
        case .riskRatio: return "log risk ratio"
        case .oddsRatio: return "log odds ratio"
        case .riskDifference: return "risk difference"
        }
    }
}
