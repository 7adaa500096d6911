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

    /// `qDegreesOfFreedom` counts only the tables that enter Q (metafor's k.yi − 1); when fewer
    /// than two do (`heterogeneityTestable` false), Q has nothing to test and, as in metafor's
    /// rma.mh and rma.peto, p(Q) is 1, I² 0 and H² 1.
    init(method: String, measure: EffectMeasure, estimate: Double, standardError: Double, q: Double,
         qDegreesOfFreedom df: Int, heterogeneityTestable: Bool, level: Double) throws(MetaAnalysisError) {
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
        qDegreesOfFreedom = df
        let testable = heterogeneityTestable && df >= 1
        qPValue = testable ? ChiSquaredTail.upper(q, df: Double(df)) : 1
        iSquared = testable ? max(0, 100 * (q - Double(df)) / q) : 0
        hSquared = testable ? q / Double(df) : 1
    }
}
