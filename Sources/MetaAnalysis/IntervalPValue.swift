import Distributions
import Foundation

/// The two-sided p of an estimate with a symmetric CI (on the log scale for ratios): SE =
/// (upper − lower)/(2·crit), with crit from the normal or from t on `df` degrees of freedom; and
/// the range of such p over the rounding of the printed estimate and limits.
struct IntervalPValue {
    var estimate: Double
    var lower: Double
    var upper: Double
    var ratio: Bool
    /// Half a unit of the last printed digit of estimate, lower and upper.
    var halfUnits: [Double]

    func p(level: Double, df: Double?) throws(MetaAnalysisError) -> Double {
        try Self.p(estimate, lower, upper, ratio: ratio, level: level, df: df) ?? .nan
    }

    func range(level: Double, df: Double?) throws(MetaAnalysisError) -> (low: Double, high: Double)? {
        var low = Double.infinity, high = -Double.infinity
        for corner in 0..<8 {
            func shift(_ bit: Int) -> Double { corner & (1 << bit) == 0 ? -halfUnits[bit] : halfUnits[bit] }
            guard let p = try Self.p(estimate + shift(0), lower + shift(1), upper + shift(2), ratio: ratio, level: level, df: df) else { continue }
            low = min(low, p)
            high = max(high, p)
        }
        return low.isFinite ? (low, high) : nil
    }

    static func p(_ e: Double, _ l: Double, _ u: Double, ratio: Bool, level: Double, df: Double?) throws(MetaAnalysisError) -> Double? {
        guard u > l, !ratio || (e > 0 && l > 0) else { return nil }
        let critical: Double
        if let df { critical = try Quantiles.t(level, df: df) } else { critical = try Quantiles.normal(level) }
        let statistic = ratio ? log(e) / ((log(u) - log(l)) / (2 * critical)) : e / ((u - l) / (2 * critical))
        if let df { return try Quantiles.twoSidedT(statistic, df: df) }
        return 2 * Normal.standard.ccdf(abs(statistic))
    }
}
