import StatsCore

/// What every fitted model's result holds, whatever the model: a linear model (`lm`), a linear
/// mixed model or an MMRM (`fit`). Code that reports, compares or pools models reads these and
/// nothing model-specific.
public protocol FittedModelResult: Sendable {
    /// One tidy row per estimated coefficient, R's names: estimate, SE, t, df, p and the interval
    /// at `confidenceLevel`.
    var coefficientEstimates: [Estimate] { get }
    /// Var(β̂) over the same coefficients (aliased ones left out).
    var coefficientCovariance: CovarianceMatrix { get }
    var observationCount: Int { get }
    /// The log-likelihood (REML's for a REML fit); nil when it does not exist.
    var logLikelihood: Double? { get }
    var confidenceLevel: Double { get }
}

extension FittedModelResult {
    /// The row of one coefficient by its R name.
    public func coefficientEstimate(_ term: String) -> Estimate? { coefficientEstimates.first { $0.measure == term } }
}

extension LinearModelResult: FittedModelResult {
    public var coefficientEstimates: [Estimate] { coefficients.filter { !aliased.contains($0.measure) } }
    public var coefficientCovariance: CovarianceMatrix { vcov }
    public var observationCount: Int { fit.observations }
    public var logLikelihood: Double? { fit.logLik }
}

extension MixedModelResult: FittedModelResult {
    public var coefficientEstimates: [Estimate] {
        fixed.map { row in
            Estimate(measure: row.term, estimate: row.estimate ?? .nan, se: row.se, statistic: row.t, df: row.df, p: row.p,
                     interval: ConfidenceInterval(lower: row.lower ?? .nan, upper: row.upper ?? .nan, level: confidenceLevel),
                     method: "t test, \(df) df")
        }
    }
    public var coefficientCovariance: CovarianceMatrix { fixedEffectsCovariance }
    public var observationCount: Int { nobs }
    public var logLikelihood: Double? { logLik }
}
