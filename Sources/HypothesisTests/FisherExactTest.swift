#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import StatsCore

/// Fisher's exact test of a 2 × 2 table [[a, b], [c, d]], as R's `fisher.test`: the two-sided
/// p-value sums the tables no more probable than the one observed; the odds ratio is the
/// conditional maximum-likelihood estimate, with the exact conditional interval. Both are
/// found with R's root-finding steps, so they agree with R beyond its 1.2e-4 tolerance.
public struct FisherExactTest: Codable, Sendable, Equatable {
    public let pValue: Double
    public let oddsRatio: Double
    public let confidenceInterval: ConfidenceInterval

    public init(_ table: [[Int]], confidenceLevel: Double = 0.95) throws(HypothesisTestError) {
        guard table.count == 2, table.allSatisfy({ $0.count == 2 }), table.joined().allSatisfy({ $0 >= 0 }) else {
            throw .invalidSummary(field: "table", value: Double(table.count), expected: "2 × 2 counts ≥ 0")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .invalidConfidenceLevel(confidenceLevel) }
        // R's parametrisation: m = first column, n = second column, k = first row, x = a.
        let m = table[0][0] + table[1][0], n = table[0][1] + table[1][1], k = table[0][0] + table[0][1], x = table[0][0]
        let lo = max(0, k - n), hi = min(k, m)
        let support = Array(lo...hi)
        let null = try! Hypergeometric(successes: m, failures: n, draws: k)
        let logDensity = support.map { null.logDensity(Double($0)) }

        func densities(_ ncp: Double) -> [Double] {
            let logs = zip(logDensity, support).map { $0 + log(ncp) * Double($1) }
            let top = logs.max()!
            let weights = logs.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        func mean(_ ncp: Double) -> Double {
            if ncp == 0 { return Double(lo) }
            if ncp == .infinity { return Double(hi) }
            return zip(support, densities(ncp)).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        func cumulative(_ q: Int, _ ncp: Double, upper: Bool) -> Double {
            if ncp == 1 { return upper ? null.ccdf(Double(x - 1)) : null.cdf(Double(x)) }
            if ncp == 0 { return upper ? (q <= lo ? 1 : 0) : (q >= lo ? 1 : 0) }
            if ncp == .infinity { return upper ? (q <= hi ? 1 : 0) : (q >= hi ? 1 : 0) }
            return zip(support, densities(ncp)).reduce(0) { $0 + ((upper ? $1.0 >= q : $1.0 <= q) ? $1.1 : 0) }
        }
        /// R's uniroot over [lower, upper], evaluating the ends itself.
        func solve(_ lower: Double, _ upper: Double, _ f: (Double) -> Double) -> Double {
            BrentRoot.root(lower: lower, upper: upper, fLower: f(lower), fUpper: f(upper), f)
        }

        let probabilities = densities(1)
        let observed = probabilities[x - lo] * (1 + 1e-7)
        pValue = min(1, probabilities.filter { $0 <= observed }.reduce(0, +))

        if x == lo {
            oddsRatio = 0
        } else if x == hi {
            oddsRatio = .infinity
        } else {
            let centre = mean(1)
            if centre > Double(x) {
                oddsRatio = solve(0, 1) { mean($0) - Double(x) }
            } else if centre < Double(x) {
                oddsRatio = 1 / solve(Double.ulpOfOne, 1) { mean(1 / $0) - Double(x) }
            } else {
                oddsRatio = 1
            }
        }
        let alpha = (1 - confidenceLevel) / 2
        func upperLimit() -> Double {
            if x == hi { return .infinity }
            let p = cumulative(x, 1, upper: false)
            if p < alpha { return solve(0, 1) { cumulative(x, $0, upper: false) - alpha } }
            if p > alpha { return 1 / solve(Double.ulpOfOne, 1) { cumulative(x, 1 / $0, upper: false) - alpha } }
            return 1
        }
        func lowerLimit() -> Double {
            if x == lo { return 0 }
            let p = cumulative(x, 1, upper: true)
            if p > alpha { return solve(0, 1) { cumulative(x, $0, upper: true) - alpha } }
            if p < alpha { return 1 / solve(Double.ulpOfOne, 1) { cumulative(x, 1 / $0, upper: true) - alpha } }
            return 1
        }
        confidenceInterval = ConfidenceInterval(lower: lowerLimit(), upper: upperLimit(), level: confidenceLevel)
    }
}
