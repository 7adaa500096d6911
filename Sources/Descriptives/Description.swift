import Distributions
import StatsCore

/// The usual description of one group's values: n, missing, mean, SD, SE, median, quartiles
/// (R's default quantile, type 7), minimum and maximum, and a t interval for the mean.
public struct Description: Codable, Sendable, Equatable {
    public let count: Int
    public let missing: Int
    public let mean: Double
    public let standardDeviation: Double
    public let standardError: Double
    public let median: Double
    public let firstQuartile: Double
    public let thirdQuartile: Double
    public let minimum: Double
    public let maximum: Double
    /// The t interval for the mean (for change scores, the paired interval); nil below 2 values.
    public let meanInterval: ConfidenceInterval?

    public init(_ values: [Double], confidenceLevel: Double = 0.95) {
        let finite = values.filter(\.isFinite).sorted()
        count = finite.count
        missing = values.count - finite.count
        let n = Double(finite.count)
        // Sums of values near the largest double overflow although the mean and SD exist: then the
        // values are scaled by the largest magnitude first (R's long double reaches further).
        let scale = finite.map(abs).max() ?? 0
        var mean = finite.isEmpty ? .nan : finite.reduce(0, +) / n
        if !mean.isFinite, !finite.isEmpty, scale.isFinite, scale > 0 { mean = scale * (finite.reduce(0) { $0 + $1 / scale } / n) }
        self.mean = mean
        let m = mean
        var standardDeviation = finite.count > 1 ? (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot() : .nan
        if finite.count > 1, !standardDeviation.isFinite, m.isFinite, scale.isFinite, scale > 0 {
            let scaledMean = m / scale
            standardDeviation = scale * (finite.reduce(0) { $0 + ($1 / scale - scaledMean) * ($1 / scale - scaledMean) } / (n - 1)).squareRoot()
        }
        self.standardDeviation = standardDeviation
        standardError = standardDeviation / n.squareRoot()
        median = Self.quantile(finite, 0.5)
        firstQuartile = Self.quantile(finite, 0.25)
        thirdQuartile = Self.quantile(finite, 0.75)
        minimum = finite.first ?? .nan
        maximum = finite.last ?? .nan
        if finite.count > 1, let t = try? StudentT(degreesOfFreedom: n - 1), let critical = try? t.upperQuantile((1 - confidenceLevel) / 2) {
            meanInterval = ConfidenceInterval(lower: mean - critical * standardError, upper: mean + critical * standardError,
                                              level: confidenceLevel)
        } else {
            meanInterval = nil
        }
    }

    /// R's type 7 quantiles of unsorted values, the same numbers as `quantile` of the sorted
    /// values, by selecting the order statistics they need instead of sorting: a large fit's
    /// residual summary sorted half a million values for five numbers. A range that selection
    /// does not shrink fast enough is sorted, so the work stays O(n log n) for any order.
    public static func quantiles(_ values: [Double], _ probabilities: [Double]) -> [Double] {
        guard !values.isEmpty else { return probabilities.map { _ in .nan } }
        guard !values.contains(where: \.isNaN) else {
            let sorted = values.sorted()
            return probabilities.map { quantile(sorted, $0) }
        }
        let n = values.count
        var work = values
        var selected: [Int: Double] = [:]
        var start = 0
        let positions = probabilities.map { typeSevenPosition(count: n, $0) }
        for index in Set(positions.flatMap { [$0.low, $0.high] }).sorted() {
            select(&work, index, from: start)
            selected[index] = work[index]
            start = index + 1
        }
        return positions.map { position in
            let low = selected[position.low]!, high = selected[position.high]!
            return low + position.fraction * (high - low)
        }
    }

    /// Type 7's order statistics for probability p of n values: h = (n − 1)p, between
    /// ⌊h⌋ and ⌊h⌋ + 1, and h's fractional part.
    static func typeSevenPosition(count n: Int, _ probability: Double) -> (low: Int, high: Int, fraction: Double) {
        let h = Double(n - 1) * probability
        let low = Int(h.rounded(.down))
        return (low, min(low + 1, n - 1), h - Double(low))
    }

    /// Moves the index-th smallest of values[start...] to `index`, smaller ones before it and
    /// larger after (Hoare partitions around a median of three).
    static func select(_ values: inout [Double], _ index: Int, from start: Int) {
        var low = start, high = values.count - 1
        var rounds = 0
        let limit = 2 * (Int.bitWidth - values.count.leadingZeroBitCount) + 4
        while high > low {
            rounds += 1
            if rounds > limit {
                values[low...high].sort()
                return
            }
            let middle = low + (high - low) / 2
            let pivot = Swift.max(Swift.min(values[low], values[middle]), Swift.min(Swift.max(values[low], values[middle]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if index <= j {
                high = j
            } else if index >= i {
                low = i
            } else {
                return
            }
        }
    }

    /// R's type 7 quantile of sorted values: linear interpolation between order statistics at
    /// h = (n − 1)p.
    public static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let (low, high, fraction) = typeSevenPosition(count: sorted.count, probability)
        return sorted[low] + fraction * (sorted[high] - sorted[low])
    }
}
