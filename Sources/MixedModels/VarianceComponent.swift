import LinearAlgebra

/// The estimated covariance of one random-effects term's effects, σ²λλᵀ, as lme4's
/// `VarCorr` reports it: variances, standard deviations and correlations.
public struct VarianceComponent: Sendable, Equatable {
    /// The grouping factor as lme4 prints it (`Subject`, `Subject.1`, `cask:batch`).
    public let group: String
    public let effectNames: [String]
    public let covariance: Matrix

    public var variances: [Double] { (0..<effectNames.count).map { covariance[$0, $0] } }
    public var standardDeviations: [Double] { variances.map { $0.squareRoot() } }

    /// Correlation of effects i and j; NaN when either variance is 0.
    public func correlation(_ i: Int, _ j: Int) -> Double {
        let denominator = (covariance[i, i] * covariance[j, j]).squareRoot()
        return denominator > 0 ? covariance[i, j] / denominator : .nan
    }
}
