import Optimization
import StatsCore

/// What the optimization did and how far its result can be trusted: the record a report
/// prints and a reader can check (lme4's `optinfo`, MixedModels.jl's `OptSummary`).
public struct MixedModelOptimization: Codable, Sendable, Equatable {
    /// The optimizer's run: L-BFGS on the analytic gradient where the model has one, else (or
    /// when L-BFGS fails) BOBYQA; `optimizer.options.algorithm` says which.
    public var optimizer: OptimizationSummary
    /// L-BFGS's evaluations when it ran and failed, before BOBYQA took over (0 otherwise).
    public var abandonedEvaluations: Int
    /// Newton steps taken after the optimizer, and the objective evaluations they used.
    public var newtonSteps: Int
    public var newtonEvaluations: Int
    /// θ at the optimum and the objective there.
    public var theta: [Double]
    public var objective: Double
    /// Central-difference gradient and Hessian of the objective over the interior θ at the
    /// optimum (θ on a bound are left out), and which θ they cover.
    public var interiorParameters: [Int]
    public var gradient: [Double]
    public var hessian: [Double]
    /// The gradient solved against the Hessian's upper Cholesky factor (lme4's scaled
    /// gradient, `solve(chol(H), g)`); empty when the Hessian is not positive definite or there
    /// is no interior θ.
    public var scaledGradient: [Double]
    /// Parameters on their boundary: θ entries with lower bound 0 below the singular tolerance.
    public var boundaryParameters: [Int]
    public var singular: Bool
    public var converged: Bool
    /// Boundary, convergence, identifiability and design warnings, typed. Empty for a clean fit.
    public var warnings: [FitWarning]
    /// The warnings' plain-language messages.
    public var messages: [String] { warnings.map(\.message) }

    /// The quantity lme4's gradient check compares with its tolerance: the largest over θ of
    /// min(|scaled gradient|, |gradient|); nil when it could not be computed.
    public var gradientCheckValue: Double? {
        scaledGradient.isEmpty ? nil : zip(scaledGradient, gradient).map { min(abs($0), abs($1)) }.max()
    }

    /// Every objective evaluation, the optimizers' and the Newton steps' and derivatives'.
    public var evaluations: Int { optimizer.evaluations + abandonedEvaluations + newtonEvaluations }
}
