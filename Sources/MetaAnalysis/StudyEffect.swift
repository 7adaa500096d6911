/// One study's effect as pooling takes it: the estimate yᵢ on the analysis scale (log scale for
/// ratios) and its sampling variance vᵢ, with the label and subgroup it is reported under.
public struct StudyEffect: Codable, Sendable, Equatable {
    public var study: String
    public var estimate: Double
    public var variance: Double
    /// The study's level of the subgrouping column, if any (e.g. comparator = saline).
    public var subgroup: String?
    /// How the inputs were made comparable (e.g. "SD from 95% CI"), so that the output can say so.
    public var conversions: [String]

    public init(study: String, estimate: Double, variance: Double, subgroup: String? = nil, conversions: [String] = []) {
        self.study = study
        self.estimate = estimate
        self.variance = variance
        self.subgroup = subgroup
        self.conversions = conversions
    }

    public var standardError: Double { variance.squareRoot() }
}

import StatsCore

extension StudyEffect {
    /// The study's own Wald interval, estimate ± z·SE, as forest plots draw it.
    public func confidenceInterval(level: Double = 0.95) throws(MetaAnalysisError) -> ConfidenceInterval {
        let z = try Quantiles.normal(level)
        return ConfidenceInterval(lower: estimate - z * standardError, upper: estimate + z * standardError, level: level)
    }
}
