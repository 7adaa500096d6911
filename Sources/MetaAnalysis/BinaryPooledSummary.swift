import Distributions
import StatsCore

/// A fixed-effect pooled estimate from 2×2 tables by Mantel-Haenszel or Peto, on the analysis
/// scale (log for ratios), with its z test and the heterogeneity statistics.
public struct BinaryPooledSummary: Codable, Sendable, Equatable {
    public let method: String
    public let measure: EffectMeasure
    public let estimate: Double
    public let standardError: Double
    public let statistic: Double
    public let pValue: Double
    public let confidenceInterval: ConfidenceInterval
    public let q: Double
    public let qDegreesOfFreedom: Int
    public let qPValue: Double
    public let iSquared: Double
    public let hSquared: Double

    init(method: String, measure: EffectMeasure, estimate: Double, standardError: Double, q: Double, k: Int, level: Double) throws(MetaAnalysisError) {
        guard estimate.isFinite, standardError.isFinite, standardError > 0 else {
            throw .notComputable("\(method): the pooled \(measure.name) or its standard error is not finite")
        }
        self.method = method
        self.measure = measure
        self.estimate = estimate
        self.standardError = standardError
        statistic = estimate / standardError
        pValue = 2 * Normal.standard.ccdf(abs(statistic))
        let z = try Quantiles.normal(level)
        confidenceInterval = ConfidenceInterval(lower: estimate - z * standardError, upper: estimate + z * standardError, level: level)
        self.q = q
        qDegreesOfFreedom = k - 1
        qPValue = k > 1 ? ChiSquaredTail.upper(q, df: Double(k - 1)) : .nan
        iSquared = k > 1 ? max(0, 100 * (q - Double(k - 1)) / q) : .nan
        hSquared = k > 1 ? q / Double(k - 1) : .nan
    }
}
