/// The optimizers TrialStats uses, both from NLopt.
public enum OptimizationAlgorithm: String, Codable, Sendable, CaseIterable {
    /// Powell's BOBYQA: derivative-free, with bounds; the optimizer of lme4 and MixedModels.jl
    /// for the covariance parameters θ.
    case bobyqa = "BOBYQA"
    /// Limited-memory BFGS with bounds; needs the gradient.
    case lbfgs = "L-BFGS"

    public var needsGradient: Bool { self == .lbfgs }
}
