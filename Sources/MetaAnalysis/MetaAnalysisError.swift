/// Everything that can stop a meta-analysis, a conversion or a check. Each case says what was
/// wrong and, for input files, where: file, line, column and value.
public enum MetaAnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A summary number that cannot be: a negative SD, n < 2, a CI whose lower limit is above its upper.
    case invalidValue(file: String, line: Int, column: String, value: String, expected: String)
    /// The file could not be read: absent (`missing`) or malformed.
    case unreadable(file: String, reason: String, missing: Bool)
    /// A column the input needs is absent.
    case missingColumn(file: String, column: String, needed: String)
    /// A row that lacks what its use needs, e.g. a mean without any spread.
    case incompleteRow(file: String, line: Int, missing: String)
    /// Fewer studies than the method needs.
    case tooFewStudies(count: Int, needed: Int, method: String)
    /// A study's sampling variance is not a finite positive number.
    case invalidVariance(study: String, variance: Double)
    /// The numbers are valid but the quantity is undefined for them (e.g. a ratio with no events).
    case notComputable(String)

    /// True when the input file is absent rather than malformed (sysexits EX_NOINPUT).
    public var isMissingInput: Bool {
        if case let .unreadable(_, _, missing) = self { return missing }
        return false
    }

    public var description: String {
        switch self {
        case let .invalidValue(file, line, column, value, expected):
            return "\(file), line \(line), column \(column): value \(value); expected \(expected)"
        case let .unreadable(_, reason, _):
            return reason
        case let .missingColumn(file, column, needed):
            return "\(file): no column \(column); it is needed for \(needed)"
        case let .incompleteRow(file, line, missing):
            return "\(file), line \(line): \(missing)"
        case let .tooFewStudies(count, needed, method):
            return "\(method) needs at least \(needed) studies; got \(count)"
        case let .invalidVariance(study, variance):
            return "study \(study): sampling variance \(variance); expected a finite number > 0"
        case let .notComputable(reason):
            return "not computable: \(reason)"
        }
    }
}
