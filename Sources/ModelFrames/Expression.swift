#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Arithmetic inside `I(…)`: numbers, columns, + − × ÷, powers and parentheses.
public indirect enum Expression: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case column(String)
    case negate(Expression)
    case binary(Character, Expression, Expression)
    /// Parentheses the user wrote, which R keeps when it names the term: `I((x + 1)/2)`.
    case parenthesised(Expression)

    public var columns: [String] {
        switch self {
        case .number: return []
        case let .column(name): return [name]
        case let .negate(inner): return inner.columns
        case let .binary(_, left, right): return left.columns + right.columns
        case let .parenthesised(inner): return inner.columns
        }
    }

    /// R's deparse spacing: spaces around + − *, none around / and ^.
    public var description: String { written { $0 } }

    /// The expression with each column name spelled by `name` (back-quoted, to write a formula).
    public func written(_ name: (String) -> String) -> String {
        switch self {
        case let .number(value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case let .column(column): return name(column)
        case let .negate(inner): return "-" + inner.parenthesised(above: 3, name)
        case let .binary(op, left, right):
            let precedence = Self.precedence(op)
            // ^ is right-associative, the others left-associative; a power's exponent may be
            // negated unbracketed (R writes `x^-2`).
            let leftText = left.parenthesised(above: op == "^" ? precedence + 1 : precedence, name)
            let rightText = right.parenthesised(above: op == "^" ? 3 : precedence + 1, name)
            return op == "^" || op == "/" ? "\(leftText)\(op)\(rightText)" : "\(leftText) \(op) \(rightText)"
        case let .parenthesised(inner): return "(\(inner.written(name)))"
        }
    }

    static func precedence(_ op: Character) -> Int {
        switch op {
        case "+", "-": return 1
        case "*", "/": return 2
        default: return 4
        }
    }

    private var ownPrecedence: Int {
        switch self {
        case .number, .column, .parenthesised: return 5
        case .negate: return 3
        case let .binary(op, _, _): return Self.precedence(op)
        }
    }

    private func parenthesised(above minimum: Int, _ name: (String) -> String) -> String {
        ownPrecedence < minimum ? "(\(written(name)))" : written(name)
    }

    /// The value on one row, given each column's value there.
    public func evaluate(_ value: (String) -> Double) -> Double {
        switch self {
        case let .number(number): return number
        case let .column(name): return value(name)
        case let .negate(inner): return -inner.evaluate(value)
        case let .parenthesised(inner): return inner.evaluate(value)
        case let .binary(op, left, right):
            let a = left.evaluate(value), b = right.evaluate(value)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/": return a / b
            default: return pow(a, b)
            }
        }
    }
}
