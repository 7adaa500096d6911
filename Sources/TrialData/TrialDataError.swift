import Foundation

/// Everything that can be wrong with an input file. Each case names the file and, where there
/// is one, the line (one-based, as an editor counts them, the header being line 1), the column
/// and the offending value, and says what was expected.
public enum TrialDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be read (exit code 66).
    case cannotOpen(file: String, reason: String)
    case readFailed(file: String, reason: String)
    /// The file has no header line.
    case emptyFile(file: String)
    case invalidUTF8(file: String, line: Int)
    /// The file starts with a UTF-16 byte-order mark.
    case utf16(file: String)
    /// A quoted field that never closes; `line` is where it opened.
    case unterminatedQuote(file: String, line: Int)
    /// Something other than a delimiter or line end right after a closing quote.
    case unexpectedAfterQuote(file: String, line: Int, character: String)
    /// A record with more or fewer fields than the header.
    case raggedRow(file: String, line: Int, expected: Int, got: Int)
    case unnamedColumn(file: String, position: Int)
    case duplicateColumnName(file: String, name: String, positions: [Int])
    /// A value that should be a number and is not.
    case notANumber(file: String, line: Int, column: String, value: String, hint: String?)
    /// A column the caller asked for that the file does not have.
    case unknownColumn(file: String, column: String, available: [String])
    case invalidOption(name: String, value: String, expected: String)
    /// Wide columns that cannot be laid out long without losing or mixing values.
    case invalidLayout(file: String, reason: String)
    /// A pipe or device where a file that can be read twice is needed.
    case notARegularFile(file: String)
    /// A value of a column whose levels are declared (schema, plan or --levels) is not one of them.
    case undeclaredLevel(file: String, line: Int, column: String, value: String, declared: [String])
    /// A control character (NUL, a bell, an escape …) inside a field: never meant, and a label
    /// holding one would show differently in every table.
    case controlCharacter(file: String, line: Int, column: String, value: String, code: UInt32)
    /// A recode names a label the column does not have: a typo in a declaration is not silent.
    case unknownRecodedLabel(file: String, column: String, label: String, labels: [String])

    /// True when the input is missing rather than malformed (sysexits EX_NOINPUT).
    public var isMissingInput: Bool {
        if case .cannotOpen = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason)"
        case let .readFailed(file, reason):
            return "\(file): read failed: \(reason)"
        case let .emptyFile(file):
            return "\(file): the file is empty; expected a header line naming the columns"
        case let .invalidUTF8(file, line):
            return "\(file):\(line): the text is not valid UTF-8; save the file as UTF-8 (Excel: \"CSV UTF-8\")"
        case let .utf16(file):
            return "\(file):1: the file is UTF-16, not UTF-8; save it as UTF-8 (Excel: \"CSV UTF-8\")"
        case let .unterminatedQuote(file, line):
            return "\(file):\(line): a quoted field opens here and never closes; expected a closing \""
        case let .unexpectedAfterQuote(file, line, character):
            return "\(file):\(line): \(character) after a closing quote; expected a delimiter or the end of the line "
                + "(a quote inside a quoted field is written \"\")"
        case let .raggedRow(file, line, expected, got):
            return "\(file):\(line): \(got) fields; expected \(expected), one per column of the header"
        case let .unnamedColumn(file, position):
            return "\(file):1: column \(position) has no name in the header; expected every column to be named"
        case let .duplicateColumnName(file, name, positions):
            return "\(file):1: column name \"\(name)\" appears at positions \(positions.map(String.init).joined(separator: " and ")); "
                + "expected each name once"
        case let .notANumber(file, line, column, value, hint):
            return "\(file):\(line): column \(column): \"\(value)\" is not a number" + (hint.map { " (\($0))" } ?? "")
        case let .unknownColumn(file, column, available):
            return "\(file): no column named \"\(column)\"; the columns are \(available.joined(separator: ", "))"
        case let .invalidOption(name, value, expected):
            return "option \(name): \"\(value)\"; expected \(expected)"
        case let .invalidLayout(file, reason):
            return "\(file):1: \(reason)"
        case let .notARegularFile(file):
            return "\(file): not a regular file; TrialStats reads its input more than once, so save the data to a file first"
        case let .controlCharacter(file, line, column, value, code):
            return "\(file):\(line): column \(column): \"\(value)\" holds a control character (U+\(String(format: "%04X", code))); expected text without control characters (save the file again from its source, or remove the character)"
        case let .unknownRecodedLabel(file, column, label, labels):
            let shown = labels.prefix(20).joined(separator: ", ") + (labels.count > 20 ? " … (\(labels.count) labels)" : "")
            return "\(file): recode \(column): \"\(label)\" is not a value of \(column)"
                + (nearestName(to: label, among: labels).map { " (did you mean \($0)?)" } ?? "") + "; its values are \(shown)"
        case let .undeclaredLevel(file, line, column, value, declared):
            return "\(file):\(line): column \(column): \"\(value)\" is not one of its declared levels (\(declared.joined(separator: ", "))); "
                + "correct the value or declare it"
        }
    }
}
