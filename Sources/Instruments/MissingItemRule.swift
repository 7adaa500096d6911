/// How many items may be missing before a scale is not scored, and what happens to the
/// missing ones. Each rule says whether it is the instrument's official rule or a default
/// TrialStats chose where the manual gives none, so that every output can say which it used.
public struct MissingItemRule: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Treatment: String, Codable, Sendable {
        /// The score uses the answered items only (means, DASH, ODI, NDI, KOOS).
        case useAnsweredItems = "use answered items"
        /// Missing items take the mean of the answered items of the scale (WOMAC).
        case substituteScaleMean = "substitute the scale mean"
        /// A missing item counts as "no" (RMDQ on paper, where a blank cannot be told from "no").
        case countAsZero = "count as 0"
    }

    public var maximumMissing: Int
    public var treatment: Treatment
    /// True when the instrument's manual or developers give this rule.
    public var official: Bool
    /// Where the rule comes from, or why the default was chosen.
    public var basis: String

    public init(maximumMissing: Int, treatment: Treatment = .useAnsweredItems, official: Bool, basis: String) {
        self.maximumMissing = maximumMissing
        self.treatment = treatment
        self.official = official
        self.basis = basis
    }

    public var description: String {
        let limit = maximumMissing == 0 ? "all items required" : "at most \(maximumMissing) missing"
        return "\(limit), \(treatment.rawValue) (\(official ? "official" : "TrialStats default, no official rule"): \(basis))"
    }
}
