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
            // Welch-Satterthwaite, (v1 + v2)² / (v1²/(n1 − 1) + v2²/(n2 − 1)), written with the
            // shares v/(v1 + v2) so that it neither overflows nor underflows for extreme SDs.
            let share1 = v1 / (v1 + v2), share2 = v2 / (v1 + v2)
            degreesOfFreedom = 1 / (share1 * share1 / (n1 - 1) + share2 * share2 / (n2 - 1))
        }
        guard standardError > 0 else { throw .zeroVariance }
        guard standardError.isFinite, degreesOfFreedom > 0 else {
            throw .notComputable("the standard error or degrees of freedom is not a finite positive number")
        }
        self.variance = variance
        difference = first.mean - second.mean
        statistic = difference / standardError
        let t: StudentT
        let critical: Double
        do {
            t = try StudentT(degreesOfFreedom: degreesOfFreedom)
            critical = try t.upperQuantile((1 - confidenceLevel) / 2)
        } catch {
            throw .notComputable("\(error)")
        }
        pValue = t.twoSidedPValue(statistic)
        confidenceInterval = ConfidenceInterval(lower: difference - critical * standardError,
                                                upper: difference + critical * standardError, level: confidenceLevel)
    }
}
