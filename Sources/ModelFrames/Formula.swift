/// A model formula in R's notation, parsed: `vas_w12 ~ vas_w0 + arm`, `y ~ a * b - 1`,
/// `y ~ 0 + factor(week)`, `y ~ x + I(x^2)`, and with lme4's random-effects terms,
/// `vas ~ arm * week + (1 + week | subject)`, or with mmrm's covariance term,
/// `vas ~ vas_bl + arm * visit + us(visit | subject)`.
///
/// Terms are kept as R's `terms()` orders them: by degree (main effects, then two-way
/// interactions …), in order of appearance within a degree, duplicates removed. Term and
/// variable labels are spelled as R deparses them, so column names match R's output.
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    public var response: Variable
    /// Each term is a set of variables multiplied together; a main effect has one.
    public var terms: [[Variable]]
    public var hasIntercept: Bool
    /// lme4's `(effects | group)` terms, in the order written; empty for a fixed-effects model.
    public var randomTerms: [RandomTerm]
    /// mmrm's within-subject covariance term; nil for other models.
    public var covarianceTerm: CovarianceTerm?
    public let text: String

    /// A variable as it appears in a formula.
    public enum Variable: Sendable, Hashable, CustomStringConvertible {
        /// A column, numeric or categorical as the data say.
        case column(String)
        /// `factor(x)`: a column treated as categorical even when it holds numbers.
        case factor(String)
        /// `I(expression)`: an arithmetic expression of numeric columns.
        case identity(Expression)

        /// The label R gives it in terms and coefficient names (`factor(week)`, `I(x^2)`).
        public var description: String { written { $0 } }

        /// Spelled with each column name passed through `name`.
        public func written(_ name: (String) -> String) -> String {
            switch self {
            case let .column(column): return name(column)
            case let .factor(column): return "factor(\(name(column)))"
            case let .identity(expression): return "I(\(expression.written(name)))"
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
    public static func label(_ term: [Variable]) -> String { label(term) { $0 } }

    /// The term's label with each column name spelled by `name`.
    static func label(_ term: [Variable], _ name: (String) -> String) -> String {
        term.map { $0.written(name) }.joined(separator: ":")
    }

    /// The formula written out so that it parses back to the same model: names the parser cannot
    /// read bare (`pain score`) are back-quoted, as R deparses them.
    public var description: String {
        "\(response.written(Self.spelled)) ~ "
            + ([hasIntercept ? "1" : "0"] + terms.map { Self.label($0, Self.spelled) } + randomTerms.map(\.formulaText)
               + (covarianceTerm.map { [$0.description] } ?? [])).joined(separator: " + ")
    }

    /// A column name as a formula must spell it: bare when it starts with a letter and holds only
    /// letters, digits, `.` and `_`, otherwise between back quotes (inside `I(…)` a leading `.`
    /// would start a number).
    public static func spelled(_ name: String) -> String {
        guard let first = name.first, first.isLetter,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else { return "`\(name)`" }
        return name
    }

    /// The columns of the fixed and random-effect terms, not the grouping factors: the columns
    /// whose declared reference levels and order the model uses.
    public var termColumns: [String] {
        (terms + randomTerms.flatMap(\.terms)).flatMap { $0.flatMap(\.columns) }
    }

    /// Every column the formula reads, response first.
    public var columns: [String] {
        var seen: [String] = []
        let all = response.columns + terms.flatMap { $0.flatMap(\.columns) } + randomTerms.flatMap(\.columns)
            + (covarianceTerm?.columns ?? [])
        for name in all where !seen.contains(name) { seen.append(name) }
        return seen
    }

    public init(_ text: String) throws(ModelFrameError) {
        self.text = text
        var parser = FormulaParser(text: text)
        (response, terms, hasIntercept, randomTerms, covarianceTerm) = try parser.parse()
    }
}
