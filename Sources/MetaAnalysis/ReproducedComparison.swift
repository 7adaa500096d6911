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
