/// Why a test could not be computed from its input.
public enum HypothesisTestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A summary number outside its domain, e.g. n = 1 or a negative SD.
    case invalidSummary(field: String, value: Double, expected: String)
    case invalidConfidenceLevel(Double)
    /// Both groups have zero spread, so the test statistic is undefined.
    case zeroVariance
    /// The summaries are valid but too extreme to compute with (e.g. SDs near 1e300).
    case notComputable(String)

    public var description: String {
        switch self {
        case let .invalidSummary(field, value, expected):
            return "\(field) is \(value); expected \(expected)"
        case let .invalidConfidenceLevel(level):
            return "confidence level is \(level); expected a number strictly between 0 and 1, e.g. 0.95"
        case .zeroVariance:
            return "both groups have standard deviation 0, so the t statistic is undefined"
        case let .notComputable(reason):
            return "the test cannot be computed from these summaries: \(reason)"
        }
    }
}
