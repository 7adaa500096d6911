/// Recursive descent over a formula's characters.
///
///     formula     := variable "~" sum
///     sum         := ["-"] product (("+" | "-") product)*
///     product     := interaction ("*" interaction)*
///     interaction := atom (":" atom)*
///     atom        := "(" sum ")" | "0" | "1" | variable
///     variable    := name | "factor(" name ")" | "I(" expression ")"
struct FormulaParser {
    let text: String
    private let characters: [Character]
    private var position = 0
    /// Variables in order of first appearance on the right-hand side (R's variable order).
    private var appearance: [Formula.Variable] = []

    init(text: String) {
        self.text = text
        characters = Array(text)
    }

    /// Terms a piece of a formula stands for, and what it says about the intercept.
    private struct TermSet {
        var terms: [[Formula.Variable]] = []
        var intercept: Bool? = nil

        mutating func add(_ term: [Formula.Variable]) {
            if !terms.contains(where: { Set($0) == Set(term) }) { terms.append(term) }
        }
    }

    mutating func parse() throws(ModelFrameError) -> (Formula.Variable, [[Formula.Variable]], Bool) {
        skipSpaces()
        let response = try variable()
        skipSpaces()
        guard peek() == "~" else { throw error("expected ~ after the response") }
        position += 1
        let rhs = try sum()
        skipSpaces()
        guard position == characters.count else { throw error("unexpected \"\(characters[position])\"") }
        // R orders terms by degree, keeping the order of appearance within a degree, and writes
        // each term's variables in the order they first appear in the formula.
        let rank = Dictionary(appearance.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = rhs.terms.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count < b.element.count : a.offset < b.offset
        }.map { term in term.element.sorted { rank[$0, default: 0] < rank[$1, default: 0] } }
        return (response, ordered, rhs.intercept ?? true)
    }

    private mutating func sum() throws(ModelFrameError) -> TermSet {
        var result = TermSet()
        skipSpaces()
        var subtract = false
        if peek() == "-" {
            subtract = true
            position += 1
        }
        while true {
            let part = try product()
            if subtract {
                if part.intercept == true { result.intercept = false }
                result.terms.removeAll { term in part.terms.contains { Set($0) == Set(term) } }
            } else {
                if let intercept = part.intercept { result.intercept = intercept }
                for term in part.terms { result.add(term) }
            }
            skipSpaces()
            guard let next = peek(), next == "+" || next == "-" else { return result }
            subtract = next == "-"
            position += 1
        }
    }

    private mutating func product() throws(ModelFrameError) -> TermSet {
        var result = try interaction()
        skipSpaces()
        while peek() == "*" {
            position += 1
            let right = try interaction()
            var combined = TermSet(intercept: result.intercept ?? right.intercept)
            for term in result.terms { combined.add(term) }
            for term in right.terms { combined.add(term) }
            for left in result.terms {
                for other in right.terms { combined.add(Self.merge(left, other)) }
            }
            result = combined
            skipSpaces()
        }
        return result
    }

    private mutating func interaction() throws(ModelFrameError) -> TermSet {
        var result = try atom()
        skipSpaces()
        while peek() == ":" {
            position += 1
            let right = try atom()
            var combined = TermSet()
            for left in result.terms {
                for other in right.terms { combined.add(Self.merge(left, other)) }
            }
            result = combined
            skipSpaces()
        }
        return result
    }

    private mutating func atom() throws(ModelFrameError) -> TermSet {
        skipSpaces()
        guard let next = peek() else { throw error("expected a term") }
        if next == "(" {
            position += 1
            let inner = try sum()
            skipSpaces()
            guard peek() == ")" else { throw error("expected )") }
            position += 1
            return inner
        }
        if next == "0" || next == "1", !isNameCharacter(at: position + 1) {
            position += 1
            return TermSet(intercept: next == "1")
        }
        let found = try variable()
        if !appearance.contains(found) { appearance.append(found) }
        return TermSet(terms: [[found]])
    }

    private mutating func variable() throws(ModelFrameError) -> Formula.Variable {
        skipSpaces()
        let start = position
        let name = try self.name()
        skipSpaces()
        if peek() == "(" {
            switch name {
            case "factor", "as.factor":
                position += 1
                skipSpaces()
                let inner = try self.name()
                skipSpaces()
                guard peek() == ")" else { throw error("expected ) after factor(\(inner)") }
                position += 1
                return .factor(inner)
            case "I":
                position += 1
                let expression = try additive()
                skipSpaces()
                guard peek() == ")" else { throw error("expected ) to close I(") }
                position += 1
                return .identity(expression)
            default:
                position = start
                throw error("\(name)() is not supported; use factor(x), I(expression) or a column")
            }
        }
        return .column(name)
    }

    /// A column name: letters, digits, `.` and `_`, not starting with a digit; or `back-quoted`.
    private mutating func name() throws(ModelFrameError) -> String {
        skipSpaces()
        if peek() == "`" {
            position += 1
            let start = position
            while let next = peek(), next != "`" { position += 1 }
            guard peek() == "`" else { throw error("a back-quoted name is not closed") }
            defer { position += 1 }
            return String(characters[start..<position])
        }
        let start = position
        while isNameCharacter(at: position) { position += 1 }
        guard position > start, !(characters[start].isNumber) else { throw error("expected a variable name") }
        return String(characters[start..<position])
    }

    // MARK: - Expressions inside I()

    private mutating func additive() throws(ModelFrameError) -> Expression {
        var result = try multiplicative()
        skipSpaces()
        while let next = peek(), next == "+" || next == "-" {
            position += 1
            result = .binary(next, result, try multiplicative())
            skipSpaces()
        }
        return result
    }

    private mutating func multiplicative() throws(ModelFrameError) -> Expression {
        var result = try unary()
        skipSpaces()
        while let next = peek(), next == "*" || next == "/" {
            position += 1
            result = .binary(next, result, try unary())
            skipSpaces()
        }
        return result
    }

    private mutating func unary() throws(ModelFrameError) -> Expression {
        skipSpaces()
        if peek() == "-" {
            position += 1
            return .negate(try unary())
        }
        return try power()
    }

    private mutating func power() throws(ModelFrameError) -> Expression {
        let base = try primary()
        skipSpaces()
        if peek() == "^" {
            position += 1
            return .binary("^", base, try unary())
        }
        return base
    }

    private mutating func primary() throws(ModelFrameError) -> Expression {
        skipSpaces()
        guard let next = peek() else { throw error("expected a number or a column") }
        if next == "(" {
            position += 1
            let inner = try additive()
            skipSpaces()
            guard peek() == ")" else { throw error("expected )") }
            position += 1
            return .parenthesised(inner)
        }
        if next.isNumber || next == "." {
            let start = position
            while let digit = peek(), digit.isNumber || digit == "." || digit == "e" || digit == "E"
                    || ((digit == "-" || digit == "+") && position > start && (characters[position - 1] == "e" || characters[position - 1] == "E")) {
                position += 1
            }
            guard let value = Double(String(characters[start..<position])) else { throw error("not a number") }
            return .number(value)
        }
        return .column(try name())
    }

    // MARK: - Helpers

    private func peek() -> Character? { position < characters.count ? characters[position] : nil }

    private func isNameCharacter(at index: Int) -> Bool {
        guard index < characters.count else { return false }
        let character = characters[index]
        return character.isLetter || character.isNumber || character == "." || character == "_"
    }

    private mutating func skipSpaces() {
        while let next = peek(), next == " " || next == "\t" || next == "\n" { position += 1 }
    }

    private func error(_ message: String) -> ModelFrameError {
        .syntax(formula: text, position: min(position, characters.count), message: message)
    }

    /// The variables of both terms, each once, in order of appearance.
    private static func merge(_ left: [Formula.Variable], _ right: [Formula.Variable]) -> [Formula.Variable] {
        left + right.filter { !left.contains($0) }
    }
}
