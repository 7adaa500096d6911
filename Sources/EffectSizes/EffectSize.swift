import StatsCore

/// Which standardized effect an `EffectSize` is: every output names it, since "d" alone is
/// ambiguous between at least five quantities.
public enum EffectSizeKind: String, Codable, Sendable {
    case cohensD = "Cohen's d (pooled SD)"
    case hedgesG = "Hedges' g (pooled SD, exact small-sample correction)"
    case glassDelta = "Glass's delta (control-group SD)"
    case pairedDz = "d_z (paired; SD of the differences)"
    case pairedDav = "d_av (paired; mean of the two SDs)"
    case pairedDrm = "d_rm (paired; repeated-measures, corrected for the correlation)"
    case standardizedResponseMean = "standardized response mean (mean change / SD of change)"
    case morrisDppc2 = "d_ppc2 (Morris 2008; pre-post-control, pooled pre-test SD)"
}

/// A standardized effect with its interval and how the interval was computed.
public struct EffectSize: Codable, Sendable, Equatable {
    public var kind: EffectSizeKind
    public var estimate: Double
    /// Nil where no interval method is established (d_av, d_rm).
    public var confidenceInterval: ConfidenceInterval?
    /// E.g. "noncentral t (df = 20)"; "none".
    public var intervalMethod: String
    /// The sampling variance, where the method gives one (d_ppc2).
    public var variance: Double?
}
