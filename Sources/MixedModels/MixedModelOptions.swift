import Optimization

/// How a linear mixed model is optimized and judged converged.
public struct MixedModelOptions: Codable, Sendable, Equatable {
    /// BOBYQA's settings. The default stops on f changing by less than 1e-8 relative or every θ
    /// by less than 1e-10, with a first step of 0.75 (MixedModels.jl's first step for θ). The
    /// function tolerance is looser than MixedModels.jl's 1e-12 because Newton steps follow:
    /// BOBYQA's last few dozen evaluations only shrink its trust region, which two Newton
    /// steps do better.
    public var optimizer: OptimizationOptions
    /// After BOBYQA, take Newton steps on the interior θ with finite-difference derivatives
    /// until the step is below 1e-10. BOBYQA alone leaves θ uncertain in the 6th or 7th digit,
    /// which is more than the 1e-6 agreement with a converged reference allows.
    public var newtonPolish: Bool
    /// lme4's rule: a fit whose scaled gradient (gradient solved against the Hessian's
    /// Cholesky factor) exceeds this in some component, with the raw gradient also above it,
    /// is reported as not converged.
    public var gradientTolerance: Double
    /// A variance parameter θ with lower bound 0 below this is on the boundary: the fit is
    /// singular (lme4's `isSingular` tolerance).
    public var singularTolerance: Double
    /// Where BOBYQA starts; nil for λ = I in every term (lme4's start). A parametric bootstrap
    /// starts each refit at the original estimate.
    public var initialTheta: [Double]?
    /// Step for the finite-difference gradient and Hessian. lme4 uses 1e-4; 1e-3 keeps the
    /// rounding noise of the objective (about 1e-12 of its size) out of the second differences,
    /// and the Richardson-extrapolated gradient's O(h⁴) error is still negligible.
    public var derivativeStep: Double

    public init(
        optimizer: OptimizationOptions = OptimizationOptions(
            algorithm: .bobyqa, relativeFunctionTolerance: 1e-8, absoluteFunctionTolerance: 1e-8,
            absoluteParameterTolerance: 1e-10, maximumEvaluations: 10_000),
        newtonPolish: Bool = true,
        gradientTolerance: Double = 2e-3,
        singularTolerance: Double = 1e-4,
        derivativeStep: Double = 1e-3,
        initialTheta: [Double]? = nil
    ) {
        self.optimizer = optimizer
        self.newtonPolish = newtonPolish
        self.gradientTolerance = gradientTolerance
        self.singularTolerance = singularTolerance
        self.derivativeStep = derivativeStep
        self.initialTheta = initialTheta
    }
}
