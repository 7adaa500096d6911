import Distributions

/// The confidence interval for a noncentrality parameter: the λ with P(T ≤ t | λ) = 1 − α/2 and
/// 1 − … = α/2, found by bisection to full double precision. This is the interval R's
/// effectsize computes (by Nelder-Mead there, which stops about 1e-7 short of the root).
enum NoncentralTInterval {
    static func limits(t: Double, degreesOfFreedom: Double, level: Double) throws(EffectSizeError) -> (Double, Double) {
        guard level > 0, level < 1 else { throw .invalidConfidenceLevel(level) }
        let upperTail = (1 - level) / 2
        return (try root(t: t, df: degreesOfFreedom, probability: 1 - upperTail),
                try root(t: t, df: degreesOfFreedom, probability: upperTail))
    }

    /// The λ with P(T ≤ t | λ) = probability; that probability falls as λ grows.
    static func root(t: Double, df: Double, probability: Double) throws(EffectSizeError) -> Double {
        func cdf(_ ncp: Double) -> Double {
            (try? NoncentralT(degreesOfFreedom: df, noncentrality: ncp))?.cdf(t) ?? .nan
        }
        var low = t - 1, high = t + 1
        var steps = 0
        while cdf(low) < probability {
            low -= 2 * (high - low)
            steps += 1
            if steps > 60 { throw .intervalNotFound("no lower bracket for t = \(t), df = \(df)") }
        }
        while cdf(high) > probability {
            high += 2 * (high - low)
            steps += 1
            if steps > 60 { throw .intervalNotFound("no upper bracket for t = \(t), df = \(df)") }
        }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle) > probability { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
