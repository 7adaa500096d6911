/// Why a distribution could not be built or evaluated.
public enum DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter outside its domain, e.g. a t distribution with -1 degrees of freedom.
    case invalidParameter(distribution: String, name: String, value: Double, expected: String)
    /// A probability given to a quantile function that is NaN or outside [0, 1]
    /// (or, on the log scale, above 0).
    case invalidProbability(value: Double, logScale: Bool)

    public var description: String {
        switch self {
        case let .invalidParameter(distribution, name, value, expected):
            return "\(distribution): parameter \(name) is \(value); expected \(expected)"
        case let .invalidProbability(value, logScale):
            return logScale
                ? "quantile: log-probability \(value) is not a number ≤ 0"
                : "quantile: probability \(value) is not a number between 0 and 1"
        }
    }
}

/// Parameter checks shared by the distributions.
enum ParameterCheck {
    static func positive(_ value: Double, _ name: String, in distribution: String, allowInfinity: Bool = false) throws(DistributionError) {
        guard value > 0, allowInfinity || value.isFinite else {
            throw .invalidParameter(distribution: distribution, name: name, value: value,
                                    expected: allowInfinity ? "a number > 0 (infinity allowed)" : "a finite number > 0")
        }
    }

    static func finite(_ value: Double, _ name: String, in distribution: String) throws(DistributionError) {
        guard value.isFinite else {
            throw .invalidParameter(distribution: distribution, name: name, value: value, expected: "a finite number")
        }
    }

    static func atLeast(_ value: Int, _ minimum: Int, _ name: String, in distribution: String) throws(DistributionError) {
        guard value >= minimum else {
            throw .invalidParameter(distribution: distribution, name: name, value: Double(value),
                                    expected: "a whole number ≥ \(minimum)")
        }
    }
}
