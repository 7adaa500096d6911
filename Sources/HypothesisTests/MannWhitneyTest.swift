import Distributions
import StatsCore

/// The Wilcoxon rank-sum (Mann-Whitney) test with the Hodges-Lehmann shift and its interval,
/// as R's `wilcox.test(x, y, conf.int = TRUE)`: exact when both groups have fewer than 50 values
/// and there are no ties, otherwise normal with the tie and continuity corrections.
public struct MannWhitneyTest: Codable, Sendable, Equatable {
    /// W = (sum of the first group's ranks) − n₁(n₁ + 1)/2.
    public let statistic: Double
    public let pValue: Double
    public let exact: Bool
    /// The Hodges-Lehmann estimate of the shift (first − second).
    public let shift: Double
    public let confidenceInterval: ConfidenceInterval
    public let method: String

    public init(_ first: [Double], _ second: [Double], confidenceLevel: Double = 0.95) throws(HypothesisTestError) {
        let x = first.filter(\.isFinite), y = second.filter(\.isFinite)
        guard x.count >= 1, y.count >= 1 else {
            throw .invalidSummary(field: "n", value: Double(min(x.count, y.count)), expected: "at least 1 value in each group")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .invalidConfidenceLevel(confidenceLevel) }
        let nx = Double(x.count), ny = Double(y.count)
        let (ranks, ties) = Ranking.averageRanks(x + y)
        let w = ranks[..<x.count].reduce(0, +) - nx * (nx + 1) / 2
        statistic = w
        let hasTies = ties.contains { $0 > 1 }
        exact = x.count < 50 && y.count < 50 && !hasTies
        let alpha = 1 - confidenceLevel
        if exact {
            let null = try! WilcoxonRankSum(firstSampleSize: x.count, secondSampleSize: y.count)
            let p = w > nx * ny / 2 ? null.ccdf(w - 1) : null.cdf(w)
            pValue = min(2 * p, 1)
            // The interval from order statistics of the pairwise differences.
            let differences = x.flatMap { a in y.map { a - $0 } }.sorted()
            var upperQuantile = Int(try! null.quantile(alpha / 2))
            if upperQuantile == 0 { upperQuantile = 1 }
            let lowerIndex = Int(nx * ny) - upperQuantile
            confidenceInterval = ConfidenceInterval(lower: differences[upperQuantile - 1], upper: differences[lowerIndex], level: confidenceLevel)
            shift = Self.median(differences)
            method = "Wilcoxon rank-sum exact test"
        } else {
            let tieTerm = Ranking.tieCorrection(ties)
            let n = nx + ny
            let sigma = (nx * ny / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
            guard sigma > 0 else { throw .zeroVariance }
            let z0 = w - nx * ny / 2
            let z = (z0 - (z0 > 0 ? 0.5 : z0 < 0 ? -0.5 : 0)) / sigma
            pValue = min(2 * min(Normal.standard.cdf(z), Normal.standard.ccdf(z)), 1)
            // The shift d that makes the statistic of (x − d, y) hit a normal quantile, found by
            // R's uniroot steps at R's tolerance (1e-4), so the figures match R's. As in R, the
            // interval uses the continuity correction and the point estimate does not.
            func standardized(_ d: Double, corrected: Bool) -> Double {
                let shifted = x.map { $0 - d } + y
                let (shiftedRanks, shiftedTies) = Ranking.averageRanks(shifted)
                let dz = shiftedRanks[..<x.count].reduce(0, +) - nx * (nx + 1) / 2 - nx * ny / 2
                let correction = corrected ? (dz > 0 ? 0.5 : dz < 0 ? -0.5 : 0) : 0
                let s = (nx * ny / 12 * ((n + 1) - Ranking.tieCorrection(shiftedTies) / (n * (n - 1)))).squareRoot()
                return (dz - correction) / s
            }
            let lowest = x.min()! - y.max()!, highest = x.max()! - y.min()!
            let atLowest = standardized(lowest, corrected: true), atHighest = standardized(highest, corrected: true)
            func root(_ target: Double) -> Double {
                let fLower = atLowest - target, fUpper = atHighest - target
                if fLower <= 0 { return lowest }
                if fUpper >= 0 { return highest }
                return BrentRoot.root(lower: lowest, upper: highest, fLower: fLower, fUpper: fUpper, tolerance: 1e-4) {
                    standardized($0, corrected: true) - target
                }
            }
            let zq = try! Normal.standard.upperQuantile(alpha / 2)
            confidenceInterval = ConfidenceInterval(lower: root(zq), upper: root(-zq), level: confidenceLevel)
            shift = BrentRoot.root(lower: lowest, upper: highest, fLower: standardized(lowest, corrected: false),
                                   fUpper: standardized(highest, corrected: false), tolerance: 1e-4) {
                standardized($0, corrected: false)
            }
            method = "Wilcoxon rank-sum test with continuity correction (normal approximation\(hasTies ? ", ties" : ""))"
        }
    }

    static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
