import Foundation

/// A data step's condition on a row, `COLUMN OP VALUE` (`visit > 0`, `arm != placebo`): numbers
/// compared as numbers, text as text. A row whose value is missing does not meet it.
public struct RowCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable { case equal = "==", notEqual = "!=", atLeast = ">=", atMost = "<=", above = ">", below = "<" }

    public var column: String
    public var op: Operator
    public var value: String

    public var description: String { "\(column) \(op.rawValue) \(value)" }

    /// Parses "visit > 0", "arm == saline", "arm = saline"; nil when there is no operator or no sides.
    public init?(_ text: String) {
        let operators: [(String, Operator)] = [(">=", .atLeast), ("<=", .atMost), ("!=", .notEqual), ("==", .equal), (">", .above), ("<", .below),
                                               ("=", .equal)]
        for (symbol, op) in operators {
            guard let range = text.range(of: symbol) else { continue }
            let column = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            guard !column.isEmpty, !value.isEmpty else { return nil }
            self.column = column
            self.op = op
            self.value = value
            return
        }
        return nil
    }

    /// Whether each row of the table meets the condition; nil when the table has no such column,
    /// or a numeric column is compared with text.
    public func rows(in table: Table) -> [Bool]? {
        guard let column = table.columns.first(where: { $0.name == self.column }) else { return nil }
        switch column.values {
        case let .numeric(values):
            guard let number = Double(value) else { return nil }
            return values.map { $0.isNaN ? false : compare($0, number) }
        default:
            return (0..<column.count).map { row in
                guard !column.isMissing(row) else { return false }
                let text = column.text(at: row)
                if let a = Double(text), let b = Double(value), op != .equal, op != .notEqual { return compare(a, b) }
                switch op {
                case .equal: return text == value
                case .notEqual: return text != value
                default: return compare(text, value)
                }
            }
        }
    }

    func compare<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .atLeast: return a >= b
        case .atMost: return a <= b
        case .above: return a > b
        case .below: return a < b
        }
    }
}
