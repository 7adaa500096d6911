import Distributions
import Foundation

/// Conversions of other published summaries to a mean and SD. Each returns what it did in words,
/// so that every converted number is flagged in the output.
public enum SpreadConversion {
    /// SD = SE·√n.
    public static func standardDeviation(standardError: Double, count: Double) -> Double {
        standardError * count.squareRoot()
    }

    /// SD = √n·(upper − lower)/(2·crit) from a CI of a mean (Cochrane Handbook 6.5.2.2): crit is
    /// the t quantile with n − 1 df when n < 60 and the normal quantile otherwise, as the Handbook
    /// advises; the rule is stated with each result.
    public static func standardDeviation(lower: Double, upper: Double, count: Double, level: Double = 0.95) throws(MetaAnalysisError) -> (value: Double, method: String) {
        let small = count < 60
        let critical = small ? try Quantiles.t(level, df: count - 1) : try Quantiles.normal(level)
        let percent = SummaryFile.text(level * 100)
        let method = small ? "SD from \(percent)% CI (t, \(SummaryFile.text(count - 1)) df, n < 60)" : "SD from \(percent)% CI (normal, n ≥ 60)"
        return (count.squareRoot() * (upper - lower) / (2 * critical), method)
    }

    /// Mean from the median, quartiles and/or range (Luo et al. 2018, Stat Methods Med Res 27:1785),
    /// with the weights that paper derives for each of its three scenarios.
    public static func mean(median: Double, q1: Double?, q3: Double?, minimum: Double?, maximum: Double?, count n: Double) -> Double? {
        switch (q1, q3, minimum, maximum) {
        case let (q1?, q3?, a?, b?):
            let w1 = 2.2 / (2.2 + pow(n, 0.75)), w2 = 0.7 - 0.72 / pow(n, 0.55)
            return w1 * (a + b) / 2 + w2 * (q1 + q3) / 2 + (1 - w1 - w2) * median
        case let (q1?, q3?, _, _):
            return (0.7 + 0.39 / n) * (q1 + q3) / 2 + (0.3 - 0.39 / n) * median
        case let (_, _, a?, b?):
            let w = 4 / (4 + pow(n, 0.75))
            return w * (a + b) / 2 + (1 - w) * median
        default:
            return nil
        }
    }

    /// SD from the range and/or interquartile range (Wan et al. 2014, BMC Med Res Methodol 14:135):
    /// range/ξ(n), IQR/η(n), or their average when both are given, with
    /// ξ(n) = 2Φ⁻¹((n − 0.375)/(n + 0.25)) and η(n) = 2Φ⁻¹((0.75n − 0.125)/(n + 0.25)).
    public static func standardDeviation(q1: Double?, q3: Double?, minimum: Double?, maximum: Double?, count n: Double) -> Double? {
        let xi = 2 * Normal.standard.quantileFunction((n - 0.375) / (n + 0.25), upperTail: false, logScale: false)
        let eta = 2 * Normal.standard.quantileFunction((0.75 * n - 0.125) / (n + 0.25), upperTail: false, logScale: false)
        switch (q1, q3, minimum, maximum) {
        case let (q1?, q3?, a?, b?): return ((b - a) / xi + (q3 - q1) / eta) / 2
        case let (q1?, q3?, _, _): return (q3 - q1) / eta
        case let (_, _, a?, b?): return (b - a) / xi
        default: return nil
        }
    }

    /// The SD of change from the pre and post SDs and their correlation (Cochrane Handbook 6.5.2.8):
    /// √(SD_pre² + SD_post² − 2r·SD_pre·SD_post).
    public static func changeStandardDeviation(pre: Double, post: Double, correlation r: Double) -> Double {
        (pre * pre + post * post - 2 * r * pre * post).squareRoot()
    }
}
