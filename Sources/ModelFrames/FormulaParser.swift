/// Recursive descent over a formula's characters.
///
///     formula     := variable "~" sum
///     sum         := ["-"] product (("+" | "-") product)*
///     product     := interaction ("*" interaction)*
///     interaction := atom (":" atom)*
///     atom        := "(" sum ")" | "(" sum ("|" | "||") grouping ")" | "0" | "1" | covariance | variable
///     covariance  := structure "(" name "|" [name "/"] name ")"
///     grouping    := names ("/" names)*,  names := name (":" name)*
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
        var random: [RandomTerm] = []
        var covariance: [CovarianceTerm] = []
        /// The terms' variable sets, so that adding a term is one lookup, not a scan of every term
        /// (a ten-way interaction has 1,023 terms); nil after `terms` is edited directly.
        var keys: Set<Set<Formula.Variable>>? = nil

        mutating func add(_ term: [Formula.Variable]) {
            if keys == nil { keys = Set(terms.map { Set($0) }) }
            if keys!.insert(Set(term)).inserted { terms.append(term) }
        }
    }

    /// Limits that keep a formula's work bounded by its text: parentheses nested deeper than
    /// this would exhaust the stack, and more terms than this are no model anyone fits.
    static let maximumDepth = 200
    static let maximumTerms = 4_096
    private var depth = 0

    private mutating func deeper() throws(ModelFrameError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("nested more than \(Self.maximumDepth) levels deep; write the formula without the extra parentheses")
        }
    }

    mutating func parse() throws(ModelFrameError) -> (Formula.Variable, [[Formula.Variable]], Bool, [RandomTerm], CovarianceTerm?) {
        skipSpaces()
        let response = try variable()
        skipSpaces()
        guard peek() == "~" else { throw error("expected ~ after the response") }
        position += 1
        let rhs = try sum()
        skipSpaces()
        guard position == characters.count else { throw error("unexpected \"\(characters[position])\"") }
        guard rhs.covariance.count <= 1 else { throw error("a formula takes one covariance term") }
        if !rhs.covariance.isEmpty, !rhs.random.isEmpty {
            throw error("a formula takes either random-effects terms or a covariance term such as us(visit | subject), not both")
        }
        return (response, Self.ordered(rhs.terms, appearance: appearance), rhs.intercept ?? true, rhs.random, rhs.covariance.first)
    }

    /// R orders terms by degree, keeping the order of appearance within a degree, and writes
    /// each term's variables in the order they first appear in the formula.
    private static func ordered(_ terms: [[Formula.Variable]], appearance: [Formula.Variable]) -> [[Formula.Variable]] {
        let rank = Dictionary(appearance.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return terms.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count < b.element.count : a.offset < b.offset
        }.map { term in term.element.sorted { rank[$0, default: 0] < rank[$1, default: 0] } }
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
            let start = position
            let part = try product()
            if subtract {
                guard part.random.isEmpty, part.covariance.isEmpty else {
                    position = start
                    throw error("a random-effects or covariance term cannot be subtracted")
                }
                if part.intercept == true { result.intercept = false }
                let removed = Set(part.terms.map { Set($0) })
                result.terms.removeAll { removed.contains(Set($0)) }
                result.keys = nil
            } else {
                if let intercept = part.intercept { result.intercept = intercept }
                for term in part.terms { result.add(term) }
                result.random += part.random
                result.covariance += part.covariance
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
            try refuseRandom(result)
            position += 1
            let right = try interaction()
            try refuseRandom(right)
            var combined = TermSet(intercept: result.intercept ?? right.intercept)
            for term in result.terms { combined.add(term) }
            for term in right.terms { combined.add(term) }
            for left in result.terms {
                for other in right.terms {
                    combined.add(Self.merge(left, other))
                    guard combined.terms.count <= Self.maximumTerms else { throw tooManyTerms() }
                }
            }
            result = combined
            skipSpaces()
        }
        return result
    }

    private func tooManyTerms() -> ModelFrameError {
        error("the interactions expand to more than \(Self.maximumTerms) terms; a ten-way crossing a*b*…*j already has 1,023")
    }

    private mutating func interaction() throws(ModelFrameError) -> TermSet {
        var result = try atom()
        skipSpaces()
        while peek() == ":" {
            try refuseRandom(result)
            position += 1
            let right = try atom()
            try refuseRandom(right)
            var combined = TermSet()
            for left in result.terms {
                for other in right.terms {
                    combined.add(Self.merge(left, other))
                    guard combined.terms.count <= Self.maximumTerms else { throw tooManyTerms() }
                }
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
            try deeper()
            defer { depth -= 1 }
            // The effects of a random term are a formula of their own: their variables do not
            // count in the order of the fixed terms' variables.
            let outerAppearance = appearance
            appearance = []
            let inner = try sum()
            skipSpaces()
            if peek() == "|" {
                let effects = Self.ordered(inner.terms, appearance: appearance)
                appearance = outerAppearance
                return try randomTerms(effects: effects, intercept: inner.intercept ?? true, inner: inner)
            }
            appearance = outerAppearance + appearance.filter { !outerAppearance.contains($0) }
            guard peek() == ")" else { throw error("expected )") }
            position += 1
            return inner
        }
        if let covariance = try covarianceTerm() { return TermSet(covariance: [covariance]) }
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
            guard position > start else { throw error("a back-quoted name is empty") }
            defer { position += 1 }
            return String(characters[start..<position])
        }
        let start = position
        while isNameCharacter(at: position) { position += 1 }
        guard position > start, !(characters[start].isNumber) else { throw error("expected a variable name") }
        return String(characters[start..<position])
    }

    // MARK: - Random-effects terms

    /// `| grouping)` after a random term's effects, expanded as lme4 expands `||` and `/`.
    private mutating func randomTerms(
        effects: [[Formula.Variable]], intercept: Bool, inner: TermSet
    ) throws(ModelFrameError) -> TermSet {
        guard inner.random.isEmpty else { throw error("random-effects terms cannot be nested inside each other") }
        position += 1
        let uncorrelated = peek() == "|"
        if uncorrelated { position += 1 }
        // Nesting levels, outermost first: `a/b:c` is [[a], [b, c]].
        var nesting: [[String]] = [[try name()]]
        skipSpaces()
        while let next = peek(), next == ":" || next == "/" {
            position += 1
            let column = try name()
            if next == ":" { nesting[nesting.count - 1].append(column) } else { nesting.append([column]) }
            skipSpaces()
        }
        guard peek() == ")" else { throw error("expected ) to close the random-effects term") }
        position += 1
        guard intercept || !effects.isEmpty else {
            throw error("the random-effects term has no effects; write (1 | group) for a random intercept")
        }

        // `a/b` is `b:a` then `a`: each level interacted with all the levels outside it.
        var groupings: [(columns: [String], label: String)] = []
        for depth in stride(from: nesting.count, through: 1, by: -1) {
            let columns = nesting[..<depth].reversed().flatMap { $0 }
            groupings.append((columns, Self.nestedLabel(nesting[..<depth].map { $0.joined(separator: ":") })))
        }
        var result = TermSet()
        for grouping in groupings {
            if uncorrelated {
                if intercept {
                    result.random.append(RandomTerm(terms: [], hasIntercept: true, grouping: grouping.columns, groupingLabel: grouping.label))
                }
                for term in effects {
                    result.random.append(RandomTerm(terms: [term], hasIntercept: false, grouping: grouping.columns,
                                                    groupingLabel: grouping.label))
                }
            } else {
                result.random.append(RandomTerm(terms: effects, hasIntercept: intercept, grouping: grouping.columns,
                                                groupingLabel: grouping.label))
            }
        }
        return result
    }

    /// lme4's name for a nested grouping factor, innermost first: `b:a`, `c:(b:a)`.
    private static func nestedLabel(_ levels: [String]) -> String {
        var label = levels[0]
        for level in levels.dropFirst() {
            label = level + ":" + (label.contains(":") ? "(\(label))" : label)
        }
        return label
    }

    private func refuseRandom(_ part: TermSet) throws(ModelFrameError) {
        guard part.random.isEmpty, part.covariance.isEmpty else {
            throw error("a random-effects or covariance term cannot be multiplied or interacted")
        }
    }

    /// `us(visit | subject)` or `us(visit | group / subject)`; nil, with nothing consumed, when
    /// the text is not a covariance structure's name followed by "(".
    private mutating func covarianceTerm() throws(ModelFrameError) -> CovarianceTerm? {
        let start = position
        var end = position
        while isNameCharacter(at: end) { end += 1 }
        guard end > start, let structure = CovarianceTerm.Structure(rawValue: String(characters[start..<end])) else { return nil }
        position = end
        skipSpaces()
        guard peek() == "(" else {
            position = start
            return nil
        }
        position += 1
        let visit = try name()
        skipSpaces()
        var coordinates: [String] = []
        while peek() == "," {
            guard structure.isSpatial else {
                throw error("only the spatial structures (sp_exp, sp_gau) take several coordinates; \(structure.rawValue)(…) takes one visit variable")
            }
            position += 1
            coordinates.append(try name())
            skipSpaces()
        }
        guard peek() == "|" else { throw error("expected | after the visit variable of \(structure.rawValue)(…)") }
        position += 1
        var subject = try name()
        var group: String? = nil
        skipSpaces()
        if peek() == "/" {
            position += 1
            group = subject
            subject = try name()
            skipSpaces()
        }
        guard peek() == ")" else { throw error("expected ) to close \(structure.rawValue)(visit | subject)") }
        position += 1
        var term = CovarianceTerm(structure: structure, visit: visit, group: group, subject: subject)
        term.additionalCoordinates = coordinates
        return term
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
            try deeper()
            defer { depth -= 1 }
            return .negate(try unary())
        }
        return try power()
    }

    private mutating func power() throws(ModelFrameError) -> Expression {
        let base = try primary()
        skipSpaces()
        if peek() == "^" {
            position += 1
            try deeper()
            defer { depth -= 1 }
            return .binary("^", base, try unary())
        }
        return base
    }

    private mutating func primary() throws(ModelFrameError) -> Expression {
        skipSpaces()
        guard let next = peek() else { throw error("expected a number or a column") }
        if next == "(" {
            position += 1
            try deeper()
            defer { depth -= 1 }
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
            guard value.isFinite else { throw error("a number too large for a double") }
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
