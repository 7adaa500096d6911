import ModelFrames

/// The formula parser: fixed terms, `I(…)` arithmetic, lme4's random-effects terms and mmrm's
/// covariance terms.
///
/// Invariants: a parsed formula prints as a formula that parses to the same model (the same
/// response, intercept and set of terms, the same random and covariance terms), and printing that
/// again gives the same text; a refused formula's error points inside the text; the work is
/// bounded by the text (libFuzzer's time and memory limits catch a blow-up).
struct FormulaTarget: FuzzTarget {
    func run(_ bytes: [UInt8]) {
        let source = text(bytes)
        let formula: Formula
        do throws(ModelFrameError) {
            formula = try Formula(source)
        } catch {
            if case let .syntax(formula, position, _) = error {
                require(formula == source && position >= 0 && position <= source.count,
                        "a syntax error's position \(position) is outside the formula of \(source.count) characters")
            }
            return
        }
        let printed = formula.description
        let reparsed: Formula
        do throws(ModelFrameError) {
            reparsed = try Formula(printed)
        } catch {
            violated("\"\(source)\" prints as \"\(printed)\", which does not parse: \(error)")
        }
        require(Self.sameModel(formula, reparsed), "\"\(source)\" prints as \"\(printed)\", which parses to \"\(reparsed)\"")
        require(reparsed.description == (try? Formula(reparsed.description))?.description,
                "printing \"\(source)\" does not reach a fixed point: \"\(printed)\" then \"\(reparsed.description)\"")
    }

    /// The same model: R's variable order inside an interaction may change on reprinting (it
    /// follows first appearance), which names a column differently but fits the same model.
    static func sameModel(_ a: Formula, _ b: Formula) -> Bool {
        func termSet(_ terms: [[Formula.Variable]]) -> Set<Set<Formula.Variable>> { Set(terms.map(Set.init)) }
        func degrees(_ terms: [[Formula.Variable]]) -> [Int] { terms.map(\.count) }
        // A nested grouping's label (`c:(b:a)`) is written as the columns it crosses (`c:b:a`).
        func randomShape(_ term: RandomTerm) -> (Set<Set<Formula.Variable>>, Bool, [String]) {
            (termSet(term.terms), term.hasIntercept, term.grouping)
        }
        guard a.response == b.response, a.hasIntercept == b.hasIntercept, termSet(a.terms) == termSet(b.terms),
              degrees(a.terms) == degrees(b.terms), a.covarianceTerm == b.covarianceTerm,
              a.randomTerms.count == b.randomTerms.count else { return false }
        return zip(a.randomTerms, b.randomTerms).allSatisfy { randomShape($0) == randomShape($1) }
    }
}
