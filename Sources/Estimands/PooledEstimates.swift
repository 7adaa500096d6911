import Distributions

/// One parameter pooled over an imputation method's replicates, with its interval and p-value.
public struct PooledParameter: Sendable, Equatable {
    /// rbmi's name: trt_<visit>, lsm_ref_<visit>, lsm_alt_<visit>.
    public let name: String
    public let estimate: Double
    /// Nil where the method gives none: the percentile bootstrap's interval stands without one
    /// (as rbmi's `pool(type = "percentile")`).
    public let standardError: Double?
    public let lower: Double
    public let upper: Double
    public let p: Double
    /// Rubin's rules' Barnard–Rubin df of the t interval; nil for normal or percentile intervals.
    public let degreesOfFreedom: Double?

    public init(name: String, estimate: Double, standardError: Double?, lower: Double, upper: Double, p: Double,
                degreesOfFreedom: Double? = nil) {
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
        self.p = p
        self.degreesOfFreedom = degreesOfFreedom
    }
}

/// An analysis's parameters pooled over its replicates (jackknife, bootstrap samples or imputations).
public struct PooledEstimates: Sendable {
    public let parameters: [PooledParameter]
    /// Replicates pooled: subjects left out, bootstrap samples or imputations.
    public let replicates: Int
    /// Bootstrap samples whose model failed to fit and were replaced by further samples (rbmi's
    /// `threshold`); 0 for the jackknife, where any failure is an error.
    public let failedSamples: Int

    public init(parameters: [PooledParameter], replicates: Int, failedSamples: Int = 0) {
        self.parameters = parameters
        self.replicates = replicates
        self.failedSamples = failedSamples
    }

    public subscript(name: String) -> PooledParameter? { parameters.first { $0.name == name } }
}

/// The ways rbmi's `pool` combines replicates, as functions of the estimates.
public enum Pooling {
    /// The normal interval and two-sided p of an estimate with a standard error.
    static func normal(name: String, estimate: Double, standardError se: Double, level: Double) -> PooledParameter {
        let z = Normal.standard.quantileFunction(1 - (1 - level) / 2, upperTail: false, logScale: false)
        let p = 2 * Normal.standard.distributionFunction(-abs(estimate / se), upperTail: false, logScale: false)
        return PooledParameter(name: name, estimate: estimate, standardError: se, lower: estimate - z * se, upper: estimate + z * se, p: p)
    }

    /// The jackknife: SE = √((n−1)/n Σ (θ̂₍ᵢ₎ − θ̄)²) about the whole data's estimate.
    public static func jackknife(name: String, point: Double, replicates values: [Double], level: Double) -> PooledParameter {
        let n = Double(values.count), mean = values.reduce(0, +) / n
        let se = ((n - 1) / n * values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }).squareRoot()
        return normal(name: name, estimate: point, standardError: se, level: level)
    }

    /// The bootstrap with a normal interval: SE the samples' standard deviation.
    public static func bootstrapNormal(name: String, point: Double, replicates values: [Double], level: Double) -> PooledParameter {
        let n = Double(values.count), mean = values.reduce(0, +) / n
        let se = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        return normal(name: name, estimate: point, standardError: se, level: level)
    }

    /// The percentile bootstrap (rbmi's default for conditional mean imputation): the interval
    /// from the samples' quantiles (R's type 6, (n + 1)p-th order statistic, interpolated), the
    /// two-sided p twice the smaller tail where that quantile function crosses 0. rbmi finds the
    /// crossing with `uniroot` (tolerance 1.2e-4 in probability); here it is solved exactly,
    /// the function being linear between order statistics.
    public static func bootstrapPercentile(name: String, point: Double, replicates values: [Double], level: Double) -> PooledParameter {
        let sorted = values.sorted(), n = sorted.count, alpha = 1 - level
        let lower = quantileType6(sorted, alpha / 2), upper = quantileType6(sorted, 1 - alpha / 2)
        let tails: (Double, Double)
        if sorted.allSatisfy({ $0 == 0 }) {
            tails = (1, 1)
        } else if sorted[0] > 0 {
            tails = (0, 1)
        } else if sorted[n - 1] < 0 {
            tails = (1, 0)
        } else if let first = sorted.firstIndex(of: 0) {
            // Ties at 0: the ranks of the zeros over n + 1, as rbmi's `pval_percentile`.
            let last = sorted.lastIndex(of: 0)!
            tails = (Double(first + 1) / Double(n + 1), 1 - Double(last + 1) / Double(n + 1))
        } else {
            // Order statistics j < 0 < j + 1 (1-based j): h = j + (0 − x₍ⱼ₎)/(x₍ⱼ₊₁₎ − x₍ⱼ₎), q = h/(n+1).
            let above = sorted.firstIndex { $0 > 0 }!, j = above  // 1-based index of the last negative
            let below = sorted[above - 1], next = sorted[above]
            let q = (Double(j) + (0 - below) / (next - below)) / Double(n + 1)
            tails = (q, 1 - q)
        }
        let p = min(2 * min(tails.0, tails.1), 1)
        return PooledParameter(name: name, estimate: point, standardError: nil, lower: lower, upper: upper, p: p)
    }

    /// R's `quantile(type = 6)` of sorted values.
    static func quantileType6(_ sorted: [Double], _ probability: Double) -> Double {
        let n = sorted.count, h = Double(n + 1) * probability
        if h <= 1 { return sorted[0] }
        if h >= Double(n) { return sorted[n - 1] }
        let j = Int(h.rounded(.down)), fraction = h - Double(j)
        return sorted[j - 1] + fraction * (sorted[j] - sorted[j - 1])
    }

    /// Rubin's rules over M imputations with the Barnard–Rubin (1999) df for a complete-data df
    /// `completeDataDF`: T = W̄ + (1 + 1/M)B, λ = (1 + 1/M)B/T,
    /// ν_obs = (ν_com + 1)/(ν_com + 3) · ν_com (1 − λ), ν_old = (M − 1)/λ², ν = ν_old ν_obs/(ν_old + ν_obs),
    /// and a t interval; ν_obs alone when B = 0.
    public static func rubin(name: String, estimates: [Double], standardErrors: [Double], completeDataDF: Double,
                             level: Double) -> PooledParameter {
        let m = Double(estimates.count), mean = estimates.reduce(0, +) / m
        let within = standardErrors.reduce(0) { $0 + $1 * $1 } / m
        let between = estimates.count > 1 ? estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1) : 0
        let total = within + (1 + 1 / m) * between
        let lambda = (1 + 1 / m) * between / total
        let observed = (completeDataDF + 1) / (completeDataDF + 3) * completeDataDF * (1 - lambda)
        let df: Double
        if lambda == 0 {
            df = observed
        } else {
            let old = (m - 1) / (lambda * lambda)
            df = old * observed / (old + observed)
        }
        let se = total.squareRoot()
        guard let t = try? StudentT(degreesOfFreedom: df) else {
            return PooledParameter(name: name, estimate: mean, standardError: se, lower: .nan, upper: .nan, p: .nan, degreesOfFreedom: df)
        }
        let quantile = t.quantileFunction(1 - (1 - level) / 2, upperTail: false, logScale: false)
        let p = 2 * t.distributionFunction(-abs(mean / se), upperTail: false, logScale: false)
        return PooledParameter(name: name, estimate: mean, standardError: se, lower: mean - quantile * se, upper: mean + quantile * se,
                               p: p, degreesOfFreedom: df)
    }
}
