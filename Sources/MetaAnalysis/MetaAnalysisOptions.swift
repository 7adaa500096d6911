/// What to fit: the τ² estimator, the test and interval method for the pooled effect, and the level.
public struct MetaAnalysisOptions: Codable, Sendable, Equatable {
    public var estimator: HeterogeneityEstimator
    /// Hartung-Knapp(-Sidik-Jonkman): the pooled SE scaled by the weighted residual variance and
    /// t with k − 1 df, as metafor's test = "knha" (not truncated at 1).
    public var hartungKnapp: Bool
    public var level: Double
    /// Q-profile intervals for τ², I² and H² (a root search per bound); leave-one-out refits go
    /// without, as metafor's leave1out does, so that they cost what a fit does.
    public var heterogeneityIntervals = true

    public init(estimator: HeterogeneityEstimator = .restrictedMaximumLikelihood, hartungKnapp: Bool = false, level: Double = 0.95) {
        self.estimator = estimator
        self.hartungKnapp = hartungKnapp
        self.level = level
    }
}
