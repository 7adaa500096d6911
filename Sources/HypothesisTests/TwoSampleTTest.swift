import Distributions
import StatsCore

/// Whether the two groups are assumed to share one variance.
public enum VarianceAssumption: String, Codable, Sendable, CaseIterable {
    /// Student's t test: pooled variance, n₁ + n₂ − 2 degrees of freedom.
    case equal = "Student"
    /// Welch's t test: separate variances, Welch-Satterthwaite degrees of freedom (R's default).
    case unequal = "Welch"
}

/// The two-sample t test of first − second, from each group's n, mean and SD. This is the
/// same as R's `t.test(x, y, var.equal = …)` on the raw data, which depends on the data only
/// through these summaries.
public struct TwoSampleTTest: Codable, Sendable, Equatable {
    public let variance: VarianceAssumption
    /// Mean of the first group minus mean of the second.
    public let difference: Double
    public let standardError: Double
    public let statistic: Double
    public let degreesOfFreedom: Double
    /// Two-sided.
    public let pValue: Double
    public let confidenceInterval: ConfidenceInterval

    public init(
        _ first: GroupSummary, _ second: GroupSummary, variance: VarianceAssumption, confidenceLevel: Double = 0.95
    ) throws(HypothesisTestError) {
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .invalidConfidenceLevel(confidenceLevel) }
        let n1 = Double(first.count), n2 = Double(second.count)
        switch variance {
        case .equal:
            degreesOfFreedom = n1 + n2 - 2
            let pooled = ((n1 - 1) * first.variance + (n2 - 1) * second.variance) / degreesOfFreedom
            standardError = (pooled * (1 / n1 + 1 / n2)).squareRoot()
        case .unequal:
            let v1 = first.varianceOfMean, v2 = second.varianceOfMean
            standardError = (v1 + v2).squareRoot()
            degreesOfFreedom = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        }
        guard standardError > 0 else { throw .zeroVariance }
        self.variance = variance
        difference = first.mean - second.mean
        statistic = difference / standardError
        // Both checked above: df > 0 because n ≥ 2 in each group and SE > 0.
        let t = try! StudentT(degreesOfFreedom: degreesOfFreedom)
        pValue = t.twoSidedPValue(statistic)
        let critical = try! t.upperQuantile((1 - confidenceLevel) / 2)
        confidenceInterval = ConfidenceInterval(lower: difference - critical * standardError,
                                                upper: difference + critical * standardError, level: confidenceLevel)
    }
}
