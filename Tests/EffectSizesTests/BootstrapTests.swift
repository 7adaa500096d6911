import Testing
@testable import EffectSizes

struct BootstrapTests {
    static let treatment: [Double] = [3.1, 4.5, 2.2, 5.0, 3.3, 4.1, 2.9, 3.8, 4.4, 3.0, 2.5, 3.6]
    static let control: [Double] = [5.2, 6.1, 4.8, 5.9, 6.6, 5.0, 4.4, 6.2, 5.5, 5.7]

    @Test func theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() throws {
        let first = try BootstrapInterval.hedgesG(Self.treatment, Self.control, resamples: 2000, seed: 7)
        let again = try BootstrapInterval.hedgesG(Self.treatment, Self.control, resamples: 2000, seed: 7)
        let other = try BootstrapInterval.hedgesG(Self.treatment, Self.control, resamples: 2000, seed: 8)
        #expect(first == again)
        #expect(first.percentile != other.percentile)
        #expect(first.seed == 7 && first.resamples == 2000)
    }

    @Test func theEstimateIsHedgesGAndTheIntervalsBracketIt() throws {
        let boot = try BootstrapInterval.hedgesG(Self.treatment, Self.control, resamples: 4000, seed: 2026)
        let g = try StandardizedDifference.hedgesG(Self.treatment, Self.control)
        #expect(abs(boot.estimate - g.estimate) < 1e-12)
        for interval in [boot.percentile, boot.biasCorrectedAccelerated] {
            #expect(interval.lower < boot.estimate && boot.estimate < interval.upper)
        }
        // The analytic noncentral-t interval and the bootstrap ones describe the same uncertainty:
        // for these data their widths agree within a third.
        let analytic = try #require(g.confidenceInterval)
        #expect(abs(boot.percentile.width - analytic.width) < analytic.width / 3)
        #expect(abs(boot.acceleration) < 0.2 && abs(boot.biasCorrection) < 0.5)
    }

    @Test func degenerateInputIsRefused() {
        #expect(throws: EffectSizeError.self) { try BootstrapInterval.hedgesG([1], [2, 3], seed: 1) }
        #expect(throws: EffectSizeError.self) { try BootstrapInterval.hedgesG([1, 2], [2, 3], resamples: 10, seed: 1) }
        #expect(throws: EffectSizeError.self) { try BootstrapInterval.hedgesG([2, 2], [2, 2], seed: 1) }
    }
}
