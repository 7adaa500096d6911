/// The verdict of one check of published numbers, with the reasoning in words.
public struct ConsistencyFinding: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        case consistent
        case inconsistent
        /// The numbers needed for the check are not reported, or the check cannot discriminate.
        case notTestable = "not testable"
    }

    public var study: String
    public var line: Int
    public var item: String
    public var check: String
    public var verdict: Verdict
    public var explanation: String

    public init(study: String, line: Int, item: String, check: String, verdict: Verdict, explanation: String) {
        self.study = study
        self.line = line
        self.item = item
        self.check = check
        self.verdict = verdict
        self.explanation = explanation
    }
}
