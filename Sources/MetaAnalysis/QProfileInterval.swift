import StatsCore

/// The Q-profile confidence interval for τ² (Viechtbauer 2007): the τ² values at which the
/// generalized Q equals the upper and lower χ²_{k−1} quantiles; a limit is 0 when Q(0) is already
/// below its quantile.
enum QProfileInterval {
    static func tau2(y: [Double], v: [Double], level: Double) throws(MetaAnalysisError) -> ConfidenceInterval {
        let df = Double(y.count - 1)
        let q = GeneralizedQ(y: y, v: v)
        let alpha = 1 - level
        let upperQuantile = try Quantiles.chiSquared(1 - alpha / 2, df: df)
        let lowerQuantile = try Quantiles.chiSquared(alpha / 2, df: df)
        let q0 = q(0)
        let lower = q0 > upperQuantile ? try MonotoneRoot.decreasing(q.callAsFunction, target: upperQuantile, lower: 0) : 0
        let upper = q0 > lowerQuantile ? try MonotoneRoot.decreasing(q.callAsFunction, target: lowerQuantile, lower: 0) : 0
        return ConfidenceInterval(lower: lower, upper: upper, level: level)
    }
}
