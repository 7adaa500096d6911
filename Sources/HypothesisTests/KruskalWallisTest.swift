import Distributions

/// The Kruskal-Wallis rank test across groups (three arms, say), as R's `kruskal.test`,
/// with the tie correction; chi-square on groups − 1 degrees of freedom.
public struct KruskalWallisTest: Codable, Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    public init(_ groups: [[Double]]) throws(HypothesisTestError) {
        let finite = groups.map { $0.filter(\.isFinite) }.filter { !$0.isEmpty }
        guard finite.count >= 2 else {
            throw .invalidSummary(field: "groups with data", value: Double(finite.count), expected: "at least 2")
        }
        let all = finite.flatMap { $0 }
        let n = Double(all.count)
        let (ranks, ties) = Ranking.averageRanks(all)
        var offset = 0, sum = 0.0
        for group in finite {
            let rankSum = ranks[offset..<(offset + group.count)].reduce(0, +)
            sum += rankSum * rankSum / Double(group.count)
            offset += group.count
        }
        let correction = 1 - Ranking.tieCorrection(ties) / (n * n * n - n)
        guard correction > 0 else { throw .zeroVariance }
        statistic = (12 * sum / (n * (n + 1)) - 3 * (n + 1)) / correction
        degreesOfFreedom = finite.count - 1
        pValue = (try! ChiSquared(degreesOfFreedom: Double(degreesOfFreedom))).ccdf(statistic)
    }
}
