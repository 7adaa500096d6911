/// Why an optimization could not run or had to stop. Non-convergence is not an error: it is
/// reported in `OptimizationSummary.status`.
public enum OptimizationError: Error, Equatable, Sendable, CustomStringConvertible {
    case noParameters
    case lengthMismatch(name: String, expected: Int, got: Int)
    case nonFiniteStart(index: Int, value: Double)
    case invalidBounds(index: Int, lower: Double, upper: Double)
    case startOutsideBounds(index: Int, value: Double, lower: Double, upper: Double)
    case invalidOption(name: String, value: Double, expected: String)
    case gradientRequired(algorithm: OptimizationAlgorithm)
    /// The objective returned NaN or ±∞; BOBYQA and L-BFGS cannot continue from there.
    case nonFiniteObjective(parameters: [Double], value: Double)
    /// NLopt refused to run (invalid arguments or out of memory), with its message.
    case rejected(status: OptimizationStatus, message: String)

    public var description: String {
        switch self {
        case .noParameters:
            return "optimization: there are no parameters to optimize"
        case let .lengthMismatch(name, expected, got):
            return "optimization: \(name) has \(got) entries; expected \(expected), one per parameter"
        case let .nonFiniteStart(index, value):
            return "optimization: starting value \(index + 1) is \(value); expected a finite number"
        case let .invalidBounds(index, lower, upper):
            return "optimization: parameter \(index + 1) has lower bound \(lower) above its upper bound \(upper)"
        case let .startOutsideBounds(index, value, lower, upper):
            return "optimization: starting value \(index + 1) is \(value), outside its bounds [\(lower), \(upper)]"
        case let .invalidOption(name, value, expected):
            return "optimization: option \(name) is \(value); expected \(expected)"
        case let .gradientRequired(algorithm):
            return "optimization: \(algorithm.rawValue) needs the gradient; give an objective that computes it"
        case let .nonFiniteObjective(parameters, value):
            return "optimization: the objective is \(value) at \(parameters); it must be finite wherever the optimizer looks"
        case let .rejected(status, message):
            return "optimization: NLopt refused to run (\(status.nloptName))\(message.isEmpty ? "" : ": \(message)")"
        }
    }
}
