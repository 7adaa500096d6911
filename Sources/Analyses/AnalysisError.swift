/// What stops an analysis on sound input data: a selection that names nothing in the data, or too
/// little data where it points. Each case says what exists instead.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    case outcomeNotChosen(outcomes: [String])
    case visitColumnMismatch(given: String, visitColumn: String)
    case noSuchVisit(String, visits: [String])
    case noSuchArm(String, arms: [String])
    case tooFewValues(arm: String, variable: String, visit: String, count: Int, visitsWithData: [String])
    case invalidOption(name: String, value: String, expected: String)
    /// Options that do not go together; the text says which and what to do instead.
    case conflictingOptions(String)
    /// A model formula that does not parse; the text is the parser's, with the position.
    case invalidFormula(String)
    case noResponderData(arm: String, outcome: String, visit: String)
    /// A computation refused its input; the text is the computation's own.
    case computation(String)

    /// A confidence level strictly between 0 and 1, as every interval needs.
    static func requireConfidenceLevel(_ level: Double) throws(AnalysisError) {
        guard level > 0, level < 1 else { throw .invalidOption(name: "--level", value: "\(level)", expected: "a number between 0 and 1") }
    }

    public var description: String {
        switch self {
        case let .outcomeNotChosen(outcomes):
            return "name one outcome with --outcome (the outcomes are \(outcomes.joined(separator: ", ")))"
        case let .visitColumnMismatch(given, visitColumn):
            return "the visit column is \(visitColumn), not \(given)"
        case let .noSuchVisit(visit, visits):
            return "no visit \(visit); the visits are \(visits.joined(separator: ", "))"
        case let .noSuchArm(arm, arms):
            return "no arm \"\(arm)\"; the arms are \(arms.joined(separator: ", "))"
        case let .tooFewValues(arm, variable, visit, count, visitsWithData):
            return "arm \(arm) has \(count) value\(count == 1 ? "" : "s") of \(variable) at visit \(visit); at least 2 are needed. "
                + "Visits with data for \(arm): \(visitsWithData.isEmpty ? "none" : visitsWithData.joined(separator: ", "))"
        case let .invalidOption(name, value, expected):
            return "\(name) \(value): expected \(expected)"
        case let .noResponderData(arm, outcome, visit):
            return "arm \(arm) has no subject with \(outcome) at visit \(visit) and at baseline, so no responders can be counted"
        case let .computation(text), let .conflictingOptions(text), let .invalidFormula(text):
            return text
        }
    }
}
