import TrialData
/// What is wrong with an analysis plan. Every case names the plan file and, where there is one,
/// the line, so a mistake can be fixed without guessing.
public enum PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case syntax(file: String, message: String)
    /// A key the plan does not know, with the nearest known key when one is close.
    case unknownKey(file: String, line: Int, key: String, allowed: [String], suggestion: String?)
    case missingKey(file: String, line: Int, key: String, hint: String)
    case invalidValue(file: String, line: Int, key: String, expected: String)
    /// A file the plan names (the data, a schema, a dictionary) does not exist.
    case missingFile(file: String, line: Int, key: String, path: String)
    /// A role names a column the data file does not have.
    case missingColumn(file: String, line: Int, key: String, column: String, data: String, columns: [String], suggestion: String?)

    public var isMissingInput: Bool {
        switch self {
        case .cannotOpen, .missingFile: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason): return "\(file): cannot read the plan: \(reason)"
        case let .syntax(file, message): return "\(file): not valid YAML: \(message)"
        case let .unknownKey(file, line, key, allowed, suggestion):
            return "\(file):\(line): unknown key \"\(key)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
                + " The keys here are \(allowed.joined(separator: ", "))."
        case let .missingKey(file, line, key, hint): return "\(file):\(line): \(key) is missing; \(hint)"
        case let .invalidValue(file, line, key, expected): return "\(file):\(line): \(key): expected \(expected)"
        case let .missingFile(file, line, key, path):
            return "\(file):\(line): \(key): no file \(path) (paths are relative to the plan's folder)"
        case let .missingColumn(file, line, key, column, data, columns, suggestion):
            return "\(file):\(line): \(key): \(data) has no column \"\(column)\""
                + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "") + " Its columns are \(columns.joined(separator: ", "))."
        }
    }
}

/// The candidate closest to `word`, when close enough to be a likely typo (TrialData's rule).
func nearest(_ word: String, among candidates: [String]) -> String? { TrialData.nearestName(to: word, among: candidates) }
