import Foundation

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
    /// Arms given as event counts: Fisher's exact test and the chi-square test (Yates-corrected,
    /// as R's chisq.test) of the 2×2 table.
    public var pFisher: Double?
    public var pChiSquare: Double?
    public var hedgesG: Double?
    public var verdict: Verdict
    /// What was recomputed from what, what was derived, and what disagrees.
    public var explanation: [String]
}

/// A number as a paper printed it: the text, for what its rounding allows, and the value it
/// states, so that a reader of the JSON gets a number as a number. "<0.001" states a bound:
/// `relation` "<" and `value` 0.001. Text that states no number ("NS") has a null value.
public struct PrintedNumber: Codable, Sendable, Equatable {
    public var printed: String
    public var value: Double?
    /// "<", "≤", ">" or "≥" when the text states a bound; null when it states the value.
    public var relation: String?

    public init(printed: String) {
        self.printed = printed
        var text = printed.trimmingCharacters(in: .whitespaces)
        relation = ["≤", "≥", "<=", ">=", "<", ">"].first { text.hasPrefix($0) }
        if let relation { text = String(text.dropFirst(relation.count)).trimmingCharacters(in: .whitespaces) }
        value = Double(text.replacingOccurrences(of: "−", with: "-"))
        if value == nil { relation = nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(printed, forKey: .printed)
        try container.encode(value, forKey: .value)
        try container.encode(relation, forKey: .relation)
    }
}

extension ReproducedComparison {
    enum CodingKeys: String, CodingKey {
        case study, outcome, visit, treatment, control, line, publishedEstimate, publishedLower, publishedUpper, publishedP, publishedTest
        case difference, lower, upper, pStudent, pWelch, pFromInterval, pFisher, pChiSquare, hedgesG, verdict, explanation
    }

    /// Every key always there: what was not printed or could not be recomputed is null, not left
    /// out, so that a reader can tell "does not exist" from "not written". Printed numbers are
    /// `{printed, value, relation}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(study, forKey: .study)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(visit, forKey: .visit)
        try container.encode(treatment, forKey: .treatment)
        try container.encode(control, forKey: .control)
        try container.encode(line, forKey: .line)
        try container.encode(publishedEstimate.map(PrintedNumber.init(printed:)), forKey: .publishedEstimate)
        try container.encode(publishedLower.map(PrintedNumber.init(printed:)), forKey: .publishedLower)
        try container.encode(publishedUpper.map(PrintedNumber.init(printed:)), forKey: .publishedUpper)
        try container.encode(publishedP.map(PrintedNumber.init(printed:)), forKey: .publishedP)
        try container.encode(publishedTest, forKey: .publishedTest)
        try container.encode(difference, forKey: .difference)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
        try container.encode(pStudent, forKey: .pStudent)
        try container.encode(pWelch, forKey: .pWelch)
        try container.encode(pFromInterval, forKey: .pFromInterval)
        try container.encode(pFisher, forKey: .pFisher)
        try container.encode(pChiSquare, forKey: .pChiSquare)
        try container.encode(hedgesG, forKey: .hedgesG)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(explanation, forKey: .explanation)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func printed(_ key: CodingKeys) throws -> String? { try container.decodeIfPresent(PrintedNumber.self, forKey: key)?.printed }
        study = try container.decode(String.self, forKey: .study)
        outcome = try container.decode(String.self, forKey: .outcome)
        visit = try container.decode(String.self, forKey: .visit)
        treatment = try container.decode(String.self, forKey: .treatment)
        control = try container.decode(String.self, forKey: .control)
        line = try container.decode(Int.self, forKey: .line)
        publishedEstimate = try printed(.publishedEstimate)
        publishedLower = try printed(.publishedLower)
        publishedUpper = try printed(.publishedUpper)
        publishedP = try printed(.publishedP)
        publishedTest = try container.decodeIfPresent(String.self, forKey: .publishedTest)
        difference = try container.decodeIfPresent(Double.self, forKey: .difference)
        lower = try container.decodeIfPresent(Double.self, forKey: .lower)
        upper = try container.decodeIfPresent(Double.self, forKey: .upper)
        pStudent = try container.decodeIfPresent(Double.self, forKey: .pStudent)
        pWelch = try container.decodeIfPresent(Double.self, forKey: .pWelch)
        pFromInterval = try container.decodeIfPresent(Double.self, forKey: .pFromInterval)
        pFisher = try container.decodeIfPresent(Double.self, forKey: .pFisher)
        pChiSquare = try container.decodeIfPresent(Double.self, forKey: .pChiSquare)
        hedgesG = try container.decodeIfPresent(Double.self, forKey: .hedgesG)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        explanation = try container.decode([String].self, forKey: .explanation)
    }
}
