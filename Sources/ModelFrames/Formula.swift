/// A model formula in R's notation, parsed: `vas_w12 ~ vas_w0 + arm`, `y ~ a * b - 1`,
/// `y ~ 0 + factor(week)`, `y ~ x + I(x^2)`.
///
/// Terms are kept as R's `terms()` orders them: by degree (main effects, then two-way
/// interactions …), in order of appearance within a degree, duplicates removed. Term and
/// variable labels are spelled as R deparses them, so column names match R's output.
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    public var response: Variable
    /// Each term is a set of variables multiplied together; a main effect has one.
    public var terms: [[Variable]]
    public var hasIntercept: Bool
    public let text: String

    /// A variable as it appears in a formula.
    public enum Variable: Sendable, Hashable, CustomStringConvertible {
        /// A column, numeric or categorical as the data say.
        case column(String)
        /// `factor(x)`: a column treated as categorical even when it holds numbers.
        case factor(String)
        /// `I(expression)`: an arithmetic expression of numeric columns.
        case identity(Expression)

        public var description: String {
            switch self {
            case let .column(name): return name
            case let .factor(name): return "factor(\(name))"
            case let .identity(expression): return "I(\(expression))"
            }
        }

        /// The columns it reads.
        public var columns: [String] {
            switch self {
            case let .column(name), let .factor(name): return [name]
            case let .identity(expression): return expression.columns
            }
        }
    }

    /// The label R gives a term: its variables joined by `:`.
    public static func label(_ term: [Variable]) -> String { term.map(\.description).joined(separator: ":") }

    public var description: String {
        "\(response) ~ " + ([hasIntercept ? "1" : "0"] + terms.map(Self.label)).joined(separator: " + ")
    }

    /// Every column the formula reads, response first.
    public var columns: [String] {
        var seen: [String] = []
        for name in response.columns + terms.flatMap({ $0.flatMap(\.columns) }) where !seen.contains(name) { seen.append(name) }
        return seen
    }

    public init(_ text: String) throws(ModelFrameError) {
        self.text = text
        var parser = FormulaParser(text: text)
        (response, terms, hasIntercept) = try parser.parse()
    }
}
