import LinearAlgebra

extension LinearMixedModel {
    /// Terms whose effects cannot all vary independently within any level of their grouping
    /// factor, such as `(1 + arm | subject)` when each subject is in one arm: the data then
    /// inform only part of the term's covariance matrix, and the optimum is a ridge, not a
    /// point. lme4 fits such models and warns of a degenerate Hessian; this says why.
    static func identifiabilityWarnings(terms: [RandomEffectsTerm]) -> [String] {
        var warnings: [String] = []
        for term in terms where term.effectCount > 1 {
            let k = term.effectCount
            var gram = [Double](repeating: 0, count: term.levelCount * k * k)
            for row in term.levelIndices.indices {
                let start = Int(term.levelIndices[row]) * k * k, z = row * k
                for j in 0..<k { for i in 0..<k { gram[start + j * k + i] += term.effectValues[z + i] * term.effectValues[z + j] } }
            }
            var largestRank = 0
            for level in 0..<term.levelCount where largestRank < k {
                let block = Array(gram[(level * k * k)..<((level + 1) * k * k)])
                guard let matrix = try? Matrix(rows: k, columns: k, columnMajor: block),
                      let eigen = try? SymmetricEigendecomposition(matrix) else { continue }
                let largest = eigen.values.max() ?? 0
                largestRank = max(largestRank, eigen.values.filter { $0 > 1e-10 * largest && $0 > 0 }.count)
            }
            let factors = term.blocks.map(\.term.groupingLabel)
            if largestRank < k, Set(factors).count > 1 {
                // Terms of two factors amalgamated because their levels correspond one to one.
                warnings.append("the random effects " + term.blocks.map(\.term.description).joined(separator: " and ")
                                + " group the rows alike (each level of \(factors[0]) is one level of \(factors[1])), so their "
                                + "variances cannot be told apart, only their sum; drop one of the terms")
            } else if largestRank < k {
                warnings.append("the random effects \(term.term.description) cannot all be estimated: within each level of "
                                + "\(term.groupingLabel) the effects \(term.effectNames.joined(separator: ", ")) vary in at most "
                                + "\(largestRank) of \(k) dimensions, so their covariance matrix is not identifiable (a random slope "
                                + "for a variable that does not change within \(term.groupingLabel)?)")
            }
        }
        return warnings
    }
}
