import Benchmark
import EffectSizes

/// 10,000 bootstrap resamples of Hedges' g for n = 2 × 100, with percentile and BCa intervals.
let benchmarks: @Sendable () -> Void = {
    var state: UInt64 = 11
    func draw() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1.0p-53 * 10
    }
    let treatment = (0..<100).map { _ in draw() - 1 }
    let control = (0..<100).map { _ in draw() }
    Benchmark("Hedges' g bootstrap, 10,000 resamples, n = 2 × 100 (percentile + BCa)",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 30)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! BootstrapInterval.hedgesG(treatment, control, resamples: 10_000, seed: 2026))
        }
    }
}
