/// A published between-arm result beside what the published numbers give when recomputed.
public struct ReproducedComparison: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        /// Everything recomputed agrees with the printed numbers within their rounding.
        case reproduces
        /// Something recomputed differs beyond rounding.
        case doesNotReproduce = "does not reproduce"
        /// Recomputed, but the paper prints no estimate or p to compare with.
        case nothingToCompare = "recomputed; nothing printed to compare"
        /// The numbers needed are not reported.
        case notRecomputable = "not recomputable"
    }

    public var study: String
    public var outcome: String
    public var visit: String
    public var treatment: String
    public var control: String
    public var line: Int
    /// As printed; nil where not reported.
    public var publishedEstimate: String?
    public var publishedLower: String?
    public var publishedUpper: String?
    public var publishedP: String?
    public var publishedTest: String?
    /// Recomputed; nil where it could not be.
    public var difference: Double?
    public var lower: Double?
    public var upper: Double?
    /// Two-sample t tests from the arms' n, mean and SD, or the z test from the CI alone.
    public var pStudent: Double?
    public var pWelch: Double?
    public var pFromInterval: Double?
    public var hedgesG: Double?
    public var verdict: Verdict
    /// What was recomputed from what, what was derived, and what disagrees.
    public var explanation: [String]
}

extension ReproducedComparison {
    /// Every key always there: what was not printed or could not be recomputed is null, not left
    /// out, so that a reader can tell "does not exist" from "not written".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(study, forKey: .study)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(visit, forKey: .visit)
        try container.encode(treatment, forKey: .treatment)
        try container.encode(control, forKey: .control)
        try container.encode(line, forKey: .line)
        try container.encode(publishedEstimate, forKey: .publishedEstimate)
        try container.encode(publishedLower, forKey: .publishedLower)
        try container.encode(publishedUpper, forKey: .publishedUpper)
        try container.encode(publishedP, forKey: .publishedP)
        try container.encode(publishedTest, forKey: .publishedTest)
        try container.encode(difference, forKey: .difference)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
        try container.encode(pStudent, forKey: .pStudent)
        try container.encode(pWelch, forKey: .pWelch)
        try container.encode(pFromInterval, forKey: .pFromInterval)
        try container.encode(hedgesG, forKey: .hedgesG)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(explanation, forKey: .explanation)
    }
}
