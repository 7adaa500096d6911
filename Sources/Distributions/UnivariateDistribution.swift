#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A distribution with a distribution function and its inverse.
///
/// Types supply the three R-style primitives; the named forms (`cdf`, `ccdf`, `logCCDF`,
/// `quantile`, …) come from the extension. The log and upper-tail forms are computed
/// directly, not as `log(1 - cdf)`, so that p < 1e-300 is still a number (or a log-p), not 0.
public protocol CumulativeDistribution: Sendable {
    /// P(X ≤ x), or P(X > x) when `upperTail`; on the natural-log scale when `logScale`.
    func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double
    /// The inverse of `distributionFunction`; `probability` has already been validated.
    func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double
}

/// A distribution with a density (continuous) or probability mass (discrete).
public protocol UnivariateDistribution: CumulativeDistribution {
    /// The density or probability mass at x, or its natural log when `logScale`.
    func density(_ x: Double, logScale: Bool) -> Double
}

extension CumulativeDistribution {
    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double { distributionFunction(x, upperTail: false, logScale: false) }
    /// P(X > x), computed directly: exact where 1 − cdf would round to 0.
    public func ccdf(_ x: Double) -> Double { distributionFunction(x, upperTail: true, logScale: false) }
    /// log P(X ≤ x).
    public func logCDF(_ x: Double) -> Double { distributionFunction(x, upperTail: false, logScale: true) }
    /// log P(X > x): finite even where P(X > x) underflows to 0.
    public func logCCDF(_ x: Double) -> Double { distributionFunction(x, upperTail: true, logScale: true) }

    /// The x with P(X ≤ x) = p.
    public func quantile(_ probability: Double) throws(DistributionError) -> Double {
        try quantile(probability, upperTail: false, logScale: false)
    }

    /// The x with P(X > x) = p; e.g. the critical value of a test at level p.
    public func upperQuantile(_ probability: Double) throws(DistributionError) -> Double {
        try quantile(probability, upperTail: true, logScale: false)
    }

    /// The general quantile: p may be an upper-tail probability and may be given as log p.
    public func quantile(_ probability: Double, upperTail: Bool, logScale: Bool) throws(DistributionError) -> Double {
        let valid = logScale ? probability <= 0 : (probability >= 0 && probability <= 1)
        guard valid else { throw .invalidProbability(value: probability, logScale: logScale) }
        return quantileFunction(probability, upperTail: upperTail, logScale: logScale)
    }
}

extension UnivariateDistribution {
    public func density(_ x: Double) -> Double { density(x, logScale: false) }
    public func logDensity(_ x: Double) -> Double { density(x, logScale: true) }
}

/// Rmath takes R's logical flags as Int32.
@inline(__always)
func flag(_ value: Bool) -> Int32 { value ? 1 : 0 }
