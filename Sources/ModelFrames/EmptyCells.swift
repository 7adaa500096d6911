/// Combinations of factor levels that a factor-by-factor term of the fixed effects needs but no
/// row used has, such as an arm never seen at one visit. Their coefficients are not estimable
/// (the design drops them), and a model summary must say which cells were empty.
extension ModelFrame {
    public var emptyCells: [(term: String, levels: [String])] {
        var result: [(term: String, levels: [String])] = []
        for term in formula.terms where term.count > 1 && term.allSatisfy({ factorValues[$0] != nil }) {
            let factors = term.map { factorValues[$0]! }
            var seen = Set<[Int32]>()
            for row in 0..<rows.count { seen.insert(factors.map { $0.codes[row] }) }
            var combination = [Int32](repeating: 0, count: factors.count)
            func visit(_ position: Int) {
                if position == factors.count {
                    if !seen.contains(combination) {
                        result.append((Formula.label(term), zip(term, combination).map { "\($0.description) = \(factors[term.firstIndex(of: $0)!].levels[Int($1)])" }))
                    }
                    return
                }
                for level in factors[position].levels.indices {
                    combination[position] = Int32(level)
                    visit(position + 1)
                }
            }
            visit(0)
        }
        return result
    }
}
