import Testing
@testable import Distributions

struct ParameterValidationTests {
    @Test func invalidParametersThrowWithTheParameterNamed() throws {
        #expect(throws: DistributionError.invalidParameter(
            distribution: "StudentT", name: "degreesOfFreedom", value: -1, expected: "a number > 0 (infinity allowed)")) {
            try StudentT(degreesOfFreedom: -1)
        }
        #expect(throws: DistributionError.self) { try Normal(mean: 0, standardDeviation: 0) }
        #expect(throws: DistributionError.self) { try Normal(mean: .nan, standardDeviation: 1) }
        #expect(throws: DistributionError.self) { try ChiSquared(degreesOfFreedom: .nan) }
        #expect(throws: DistributionError.self) { try FisherF(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: 0) }
        #expect(throws: DistributionError.self) { try NoncentralT(degreesOfFreedom: 5, noncentrality: .infinity) }
        #expect(throws: DistributionError.self) { try StudentizedRange(groups: 1, degreesOfFreedom: 10) }
        #expect(throws: DistributionError.self) { try StudentizedRange(groups: 3, degreesOfFreedom: 1.5) }
        #expect(throws: DistributionError.self) { try Binomial(trials: 10, probability: 1.5) }
        #expect(throws: DistributionError.self) { try Binomial(trials: -1, probability: 0.5) }
        #expect(throws: DistributionError.self) { try Hypergeometric(successes: 3, failures: 4, draws: 8) }
        #expect(throws: DistributionError.self) { try WilcoxonRankSum(firstSampleSize: 0, secondSampleSize: 4) }
        #expect(throws: DistributionError.self) { try WilcoxonSignedRank(sampleSize: 0) }
        // Beyond these Rmath would exhaust memory (and exit) or overflow its C int counts.
        #expect(throws: DistributionError.self) { try WilcoxonRankSum(firstSampleSize: 101, secondSampleSize: 100) }
        #expect(throws: DistributionError.self) { try WilcoxonRankSum(firstSampleSize: .max, secondSampleSize: 2) }
        #expect(throws: DistributionError.self) { try WilcoxonSignedRank(sampleSize: 70_000) }
        _ = try WilcoxonRankSum(firstSampleSize: 100, secondSampleSize: 100)
        _ = try WilcoxonSignedRank(sampleSize: 5_000)
    }

    @Test func quantilesRejectProbabilitiesOutsideTheUnitInterval() throws {
        let normal = Normal.standard
        #expect(throws: DistributionError.invalidProbability(value: 1.5, logScale: false)) { try normal.quantile(1.5) }
        #expect(throws: DistributionError.self) { try normal.quantile(-0.1) }
        #expect(throws: DistributionError.self) { try normal.quantile(.nan) }
        #expect(throws: DistributionError.invalidProbability(value: 0.5, logScale: true)) {
            try normal.quantile(0.5, upperTail: false, logScale: true)
        }
        #expect(try normal.quantile(0) == -.infinity)
        #expect(try normal.upperQuantile(0) == .infinity)
    }

    @Test func errorMessagesSayWhatWasExpected() {
        let message = DistributionError.invalidParameter(
            distribution: "StudentT", name: "degreesOfFreedom", value: -1, expected: "a number > 0").description
        #expect(message.contains("degreesOfFreedom"))
        #expect(message.contains("-1"))
        #expect(message.contains("expected a number > 0"))
    }

    @Test func discreteMassIsZeroBetweenWholeNumbers() throws {
        let binomial = try Binomial(trials: 10, probability: 0.3)
        #expect(binomial.density(2.5) == 0)
        #expect(binomial.logDensity(2.5) == -.infinity)
        #expect(binomial.density(.nan).isNaN)
        // Source: R 4.2.2, sprintf("%.17g", dbinom(3, 10, 0.3)) = 0.26682793199999993.
        #expect(abs(binomial.density(3) - 0.26682793199999993) <= 1e-15)
    }

    @Test func twoSidedPValueUsesTheUpperTail() throws {
        let t = try StudentT(degreesOfFreedom: 20)
        // Source: R 4.2.2, sprintf("%.17g", 2 * pt(-2.5, 20)) = 0.021233545439132393.
        #expect(abs(t.twoSidedPValue(-2.5) - 0.021233545439132393) <= 1e-15)
        // Source: R 4.2.2, sprintf("%.17g", 2 * pt(-50, 20)) = 1.7533380449242327e-22; 1 − cdf would give 0.
        #expect(abs(t.twoSidedPValue(50) - 1.7533380449242327e-22) <= 1e-12 * 1.7533380449242327e-22)
        #expect(t.twoSidedPValue(0) == 1)
        #expect(t.twoSidedPValue(.nan).isNaN)
    }
}
