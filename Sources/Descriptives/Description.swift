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

    /// R's type 7 quantile of sorted values: linear interpolation between order statistics at
    /// h = (n − 1)p.
    public static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * probability
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}
