import Distributions
import StatsCore

/// Bootstrap intervals for a two-group effect size, reproducible from a seed.
///
/// Resampling is stratified: each replicate draws n₁ treatment and n₂ control values with
/// replacement, with indices from xoshiro256** (`Xoshiro256StarStar.nextIndex`), so the same seed
/// gives the same replicates on every machine. Percentile limits are R's type 7 quantiles of the
/// replicates. BCa (Efron 1987) corrects them for bias, z₀ = Φ⁻¹(share of replicates below the
/// estimate), and for acceleration, from the jackknife of every observation.
public struct BootstrapInterval: Codable, Sendable, Equatable {
    public let estimate: Double
    public let percentile: ConfidenceInterval
    public let biasCorrectedAccelerated: ConfidenceInterval
    public let resamples: Int
    public let seed: UInt64
    /// Replicates where the statistic could not be computed (a resample with no spread).
    public let failedResamples: Int
    public let biasCorrection: Double
    public let acceleration: Double

    /// Hedges' g (pooled SD, exact J) with bootstrap intervals.
    public static func hedgesG(
        _ treatment: [Double], _ control: [Double], resamples: Int = 10_000, seed: UInt64, level: Double = 0.95
    ) throws(EffectSizeError) -> BootstrapInterval {
        let x = treatment.filter(\.isFinite), y = control.filter(\.isFinite)
        guard x.count >= 2 else { throw .tooFewObservations(group: "the treatment group", count: x.count, needed: 2) }
        guard y.count >= 2 else { throw .tooFewObservations(group: "the control group", count: y.count, needed: 2) }
        guard level > 0, level < 1 else { throw .invalidConfidenceLevel(level) }
        guard resamples >= 100 else { throw .tooFewObservations(group: "bootstrap resamples", count: resamples, needed: 100) }
        let correction = StandardizedDifference.hedgesJ(Double(x.count + y.count - 2))
        func g(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
            let n1 = Double(a.count), n2 = Double(b.count)
            var sum1 = 0.0, sum2 = 0.0
            for value in a { sum1 += value }
            for value in b { sum2 += value }
            let m1 = sum1 / n1, m2 = sum2 / n2
            var squares = 0.0
            for value in a { squares += (value - m1) * (value - m1) }
            for value in b { squares += (value - m2) * (value - m2) }
            let pooled = (squares / (n1 + n2 - 2)).squareRoot()
            return pooled > 0 ? (m1 - m2) / pooled * correction : .nan
        }
        let estimate = x.withUnsafeBufferPointer { a in y.withUnsafeBufferPointer { b in g(a, b) } }
        guard estimate.isFinite else { throw .zeroStandardDeviation(group: "both groups") }

        var generator = Xoshiro256StarStar(seed: seed)
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        var sampleX = [Double](repeating: 0, count: x.count), sampleY = [Double](repeating: 0, count: y.count)
        var failed = 0
        for _ in 0..<resamples {
            for index in sampleX.indices { sampleX[index] = x[generator.nextIndex(below: x.count)] }
            for index in sampleY.indices { sampleY[index] = y[generator.nextIndex(below: y.count)] }
            let value = sampleX.withUnsafeBufferPointer { a in sampleY.withUnsafeBufferPointer { b in g(a, b) } }
            if value.isFinite { replicates.append(value) } else { failed += 1 }
        }
        guard replicates.count >= 100 else { throw .intervalNotFound("only \(replicates.count) of \(resamples) resamples had any spread") }
        replicates.sort()
        let alpha = (1 - level) / 2
        let percentile = ConfidenceInterval(lower: quantile(replicates, alpha), upper: quantile(replicates, 1 - alpha), level: level)

        // BCa: bias from the share of replicates below the estimate, acceleration from the jackknife.
        let below = Double(replicates.filter { $0 < estimate }.count) / Double(replicates.count)
        // Every replicate on one side of the estimate leaves the bias correction infinite.
        guard below > 0, below < 1 else {
            throw .intervalNotFound("every bootstrap replicate fell on one side of the estimate, so the BCa bias correction is infinite")
        }
        let z0 = try! Normal.standard.quantile(below)
        var leaveOneOut: [Double] = []
        for omitted in 0..<(x.count + y.count) {
            let a = omitted < x.count ? x.enumerated().filter { $0.offset != omitted }.map(\.element) : x
            let b = omitted >= x.count ? y.enumerated().filter { $0.offset != omitted - x.count }.map(\.element) : y
            let value = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in g(pa, pb) } }
            if value.isFinite { leaveOneOut.append(value) }
        }
        let mean = leaveOneOut.reduce(0, +) / Double(leaveOneOut.count)
        let cubes = leaveOneOut.reduce(0) { $0 + (mean - $1) * (mean - $1) * (mean - $1) }
        let squares = leaveOneOut.reduce(0) { $0 + (mean - $1) * (mean - $1) }
        let acceleration = squares > 0 ? cubes / (6 * pow15(squares)) : 0
        func adjusted(_ probability: Double) -> Double {
            let z = try! Normal.standard.quantile(probability)
            return Normal.standard.cdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)))
        }
        let lowerProbability = adjusted(alpha), upperProbability = adjusted(1 - alpha)
        guard lowerProbability.isFinite, upperProbability.isFinite else {
            throw .intervalNotFound("the BCa adjustment is not finite (acceleration \(acceleration))")
        }
        let bca = ConfidenceInterval(lower: quantile(replicates, lowerProbability), upper: quantile(replicates, upperProbability), level: level)
        return BootstrapInterval(estimate: estimate, percentile: percentile, biasCorrectedAccelerated: bca, resamples: resamples,
                                 seed: seed, failedResamples: failed, biasCorrection: z0, acceleration: acceleration)
    }

    /// R's type 7 quantile of sorted values.
    static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        let h = Double(sorted.count - 1) * min(max(probability, 0), 1)
        let low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// x^1.5 without Foundation.
    static func pow15(_ x: Double) -> Double { x * x.squareRoot() }
}
