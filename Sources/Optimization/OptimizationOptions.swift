/// What to optimize with and when to stop. Codable so that a fit records exactly how it was run.
///
/// The tolerance defaults are MixedModels.jl's for the profiled deviance: stop when f changes
/// by less than 1e-12 relative or 1e-8 absolute, or every parameter by less than 1e-10.
/// Without a parameter tolerance BOBYQA's trust region shrinks until round-off stops it
/// (NLOPT_ROUNDOFF_LIMITED) even at an exact minimum.
public struct OptimizationOptions: Codable, Sendable, Equatable {
    public var algorithm: OptimizationAlgorithm
    /// Lower bounds per parameter; nil for none. −∞ entries are allowed.
    public var lowerBounds: [Double]?
    /// Upper bounds per parameter; nil for none. +∞ entries are allowed.
    public var upperBounds: [Double]?
    public var relativeFunctionTolerance: Double
    public var absoluteFunctionTolerance: Double
    /// Stop when every parameter moves by less than this fraction of its value; 0 to disable.
    public var relativeParameterTolerance: Double
    /// Stop when each parameter moves by less than this; nil to disable.
    public var absoluteParameterTolerance: Double?
    /// The first step per parameter (BOBYQA's starting trust-region radius); nil for NLopt's heuristic.
    public var initialStep: [Double]?
    /// 0 for no limit.
    public var maximumEvaluations: Int
    /// Wall-clock limit in seconds; nil for none.
    public var maximumSeconds: Double?
    /// How many past gradients L-BFGS keeps; nil for NLopt's default.
    public var lbfgsHistory: Int?
    /// Keep every (x, f) evaluated, for reports and for reproducing a fit.
    public var recordLog: Bool

    public init(
        algorithm: OptimizationAlgorithm = .bobyqa,
        lowerBounds: [Double]? = nil,
        upperBounds: [Double]? = nil,
        relativeFunctionTolerance: Double = 1e-12,
        absoluteFunctionTolerance: Double = 1e-8,
        relativeParameterTolerance: Double = 0,
        absoluteParameterTolerance: Double? = 1e-10,
        initialStep: [Double]? = nil,
        maximumEvaluations: Int = 10_000,
        maximumSeconds: Double? = nil,
        lbfgsHistory: Int? = nil,
        recordLog: Bool = false
    ) {
        self.algorithm = algorithm
        self.lowerBounds = lowerBounds
        self.upperBounds = upperBounds
        self.relativeFunctionTolerance = relativeFunctionTolerance
        self.absoluteFunctionTolerance = absoluteFunctionTolerance
        self.relativeParameterTolerance = relativeParameterTolerance
        self.absoluteParameterTolerance = absoluteParameterTolerance
        self.initialStep = initialStep
        self.maximumEvaluations = maximumEvaluations
        self.maximumSeconds = maximumSeconds
        self.lbfgsHistory = lbfgsHistory
        self.recordLog = recordLog
    }
}
