import Distributions

/// The Wilcoxon signed-rank test of paired differences (after − before), as R's
/// `wilcox.test(after, before, paired = TRUE)`: zero differences dropped; exact below 50 pairs
/// without ties or zeros, otherwise normal with tie and continuity corrections.
public struct SignedRankTest: Codable, Sendable, Equatable {
    /// V, the sum of the ranks of the positive differences.
    public let statistic: Double
    public let pValue: Double
    public let exact: Bool
    /// Pairs with a non-zero difference.
    public let pairs: Int
    public let method: String

    public init(before: [Double], after: [Double]) throws(HypothesisTestError) {
        guard before.count == after.count else {
            throw .invalidSummary(field: "pairs", value: Double(after.count), expected: "\(before.count) values after, one per value before")
        }
        try self.init(differences: zip(before, after).map { $1 - $0 })
    }

    public init(differences: [Double]) throws(HypothesisTestError) {
        let finite = differences.filter(\.isFinite)
        let hadZeros = finite.contains(0)
        let nonZero = finite.filter { $0 != 0 }
        guard !nonZero.isEmpty else { throw .invalidSummary(field: "non-zero differences", value: 0, expected: "at least 1") }
        let n = Double(nonZero.count)
        let (ranks, ties) = Ranking.averageRanks(nonZero.map(abs))
        let v = zip(nonZero, ranks).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
        statistic = v
        pairs = nonZero.count
        let hasTies = ties.contains { $0 > 1 }
        exact = nonZero.count < 50 && !hasTies && !hadZeros
        if exact {
            let null = try! WilcoxonSignedRank(sampleSize: nonZero.count)
            let p = v > n * (n + 1) / 4 ? null.ccdf(v - 1) : null.cdf(v)
            pValue = min(2 * p, 1)
            method = "Wilcoxon signed-rank exact test"
        } else {
            let sigma = (n * (n + 1) * (2 * n + 1) / 24 - Ranking.tieCorrection(ties) / 48).squareRoot()
            guard sigma > 0 else { throw .zeroVariance }
            let z0 = v - n * (n + 1) / 4
            let z = (z0 - (z0 > 0 ? 0.5 : z0 < 0 ? -0.5 : 0)) / sigma
            pValue = min(2 * min(Normal.standard.cdf(z), Normal.standard.ccdf(z)), 1)
            method = "Wilcoxon signed-rank test with continuity correction (normal approximation"
                + (hasTies ? ", ties" : "") + (hadZeros ? ", zero differences dropped" : "") + ")"
        }
    }
}
