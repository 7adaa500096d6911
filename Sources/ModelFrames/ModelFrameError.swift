/// Why a formula or model frame could not be built.
public enum ModelFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The formula text does not parse; `position` is a zero-based character offset.
    case syntax(formula: String, position: Int, message: String)
    case unknownVariable(String, available: [String])
    /// A variable used where a number is needed holds text.
    case notNumeric(variable: String)
    case unknownLevel(variable: String, level: String, levels: [String])
    /// Every row has a missing value in some variable of the model.
    case noCompleteRows(variables: [String])
    case constantResponse(variable: String, value: Double)
    /// A factor with one level among the rows used cannot be contrasted.
    case singleLevel(variable: String, level: String)
    /// `--reference` names a variable that is not a factor of the formula.
    case referenceNotInFormula(variable: String, factors: [String])
    /// A date column where a factor or an arithmetic expression is needed.
    case dateColumn(variable: String)
    /// A weight of zero or below (a missing weight leaves its row out instead).
    case invalidWeight(column: String, line: Int, value: Double)

    public var description: String {
        switch self {
        case let .syntax(formula, position, message):
            let pointer = String(repeating: " ", count: position) + "^"
            return "formula: \(message)\n  \(formula)\n  \(pointer)"
        case let .unknownVariable(name, available):
            return "formula: no column named \"\(name)\"; the columns are \(available.joined(separator: ", "))"
        case let .notNumeric(variable):
            return "formula: \(variable) holds text; use it as a factor, or fix the values that are not numbers"
        case let .unknownLevel(variable, level, levels):
            return "\(variable) has no level \"\(level)\"; its levels are \(levels.joined(separator: ", "))"
        case let .noCompleteRows(variables):
            return "no row has a value for every variable of the model (\(variables.joined(separator: ", ")))"
        case let .constantResponse(variable, value):
            return "the response \(variable) is \(value) on every row used; there is nothing to model"
        case let .singleLevel(variable, level):
            return "\(variable) has only the level \"\(level)\" among the rows used; a factor needs at least 2 levels to be compared"
        case let .dateColumn(variable):
            return "formula: \(variable) is a date column; model time as a number (days or weeks since baseline) "
                + "or use a visit column"
        case let .invalidWeight(column, line, value):
            return "line \(line), column \(column): the weight \(rLabel(value)) is not positive; weights must be "
                + "greater than 0 (leave the cell empty to leave the row out)"
        case let .referenceNotInFormula(variable, factors):
            return "a reference level is given for \(variable), which is not a factor of the formula; its factors are "
                + (factors.isEmpty ? "none" : factors.joined(separator: ", "))
        }
    }
}
