/// Why an effect size could not be computed.
public enum EffectSizeError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewObservations(group: String, count: Int, needed: Int)
    /// No spread, so a standardized difference is undefined.
    case zeroStandardDeviation(group: String)
    case unequalPairs(first: Int, second: Int)
    case invalidConfidenceLevel(Double)
    case intervalNotFound(String)

    public var description: String {
        switch self {
        case let .tooFewObservations(group, count, needed):
            return "\(group) has \(count) value\(count == 1 ? "" : "s"); at least \(needed) are needed"
        case let .zeroStandardDeviation(group):
            return "the standard deviation of \(group) is 0, so a standardized difference is undefined"
        case let .unequalPairs(first, second):
            return "paired data need the same number of values before and after; got \(first) and \(second)"
        case let .invalidConfidenceLevel(level):
            return "confidence level \(level); expected a number strictly between 0 and 1"
        case let .intervalNotFound(message):
            return "the confidence interval could not be found: \(message)"
        }
    }
}
