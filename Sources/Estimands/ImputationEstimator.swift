/// A way from the data and its events to pooled estimates: conditional mean imputation with the
/// jackknife or the bootstrap, or approximate Bayesian MI. Each runs every adjustment on one set
/// of imputations, so a tipping-point grid costs only its analyses.
public protocol ImputationEstimator: Sendable {
    func run(_ data: ImputationData, adjustments: [DeltaAdjustment]) throws(EstimandError) -> [PooledEstimates]
}

extension ConditionalMeanJackknife: ImputationEstimator {}
extension ConditionalMeanBootstrap: ImputationEstimator {}
extension ApproximateBayesianImputation: ImputationEstimator {}
