/// The checks made on trial data before any analysis, each with a default severity.
public enum ValidationRule: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    /// The same subject and visit on two rows.
    case duplicateSubjectVisit = "duplicate-subject-visit"
    /// One subject listed under more than one arm.
    case subjectInTwoArms = "subject-in-two-arms"
    /// An arm or visit not among the declared levels.
    case unknownLevel = "unknown-level"
    /// A value outside its declared range, e.g. a VAS of 12 on a 0-10 scale.
    case outOfRange = "out-of-range"
    /// Text where a number belongs (an outcome, a baseline, a covariate or a numeric visit).
    case notANumber = "not-a-number"
    /// A subject with no row at the baseline visit, so no change can be computed.
    case missingBaseline = "missing-baseline"
    /// A row without a subject, arm or visit, which cannot be placed.
    case missingKey = "missing-key"
    /// A visit dated on or before an earlier visit of the same subject (needs a visit-date column).
    case visitsOutOfOrder = "visits-out-of-order"
    /// A row missing a value of a variable a model uses; R's na.omit drops it silently,
    /// TrialStats counts it.
    case incompleteCase = "incomplete-case"
    /// A row that is not one subject's record at one visit: a REDCap repeating-instrument row,
    /// or an ADaM record of another parameter or not flagged for analysis (ANL01FL ≠ "Y").
    /// Such rows are always excluded (and counted); this rule cannot be made an error.
    case notAnAnalysisRecord = "not-an-analysis-record"
    /// A row a data step's `where` condition leaves out (the baseline visit of a model of the
    /// post-baseline visits): excluded by the analysis's own choice, and counted.
    case notSelected = "not-selected"

    public var defaultSeverity: Severity {
        switch self {
        case .duplicateSubjectVisit, .subjectInTwoArms, .notANumber: return .error
        case .unknownLevel, .outOfRange, .missingBaseline, .missingKey, .visitsOutOfOrder, .notAnAnalysisRecord, .incompleteCase, .notSelected:
            return .warning
        }
    }
}

/// What a failed check does.
public enum Severity: String, Codable, Sendable, CaseIterable {
    /// Stops the run (exit code 65): the data cannot be analysed as they are.
    case error
    /// Excludes the row and records it, with the reason, in the ledger.
    case warning
}

/// One failed check on one row (or, for subject-level rules, the subject's first row).
public struct ValidationIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var rule: ValidationRule
    public var severity: Severity
    public var file: String
    public var line: Int
    public var column: String
    public var value: String
    /// What is wrong with the value and what was expected, as a predicate: "is not a number".
    public var expected: String

    public var description: String {
        "\(file):\(line): column \(column): \"\(value)\" \(expected) [\(rule.rawValue), \(severity.rawValue)]"
    }
}
