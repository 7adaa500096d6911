import Foundation
import Testing
@testable import Distributions

/// Every distribution against R 4.2.2, to 1e-12 relative, far tails and log forms included.
// Source: Fixtures/distributions.json, written by Fixtures/distributions.R (R 4.2.2).
struct RReferenceTests {
    struct Case: Decodable {
        let distribution: String
        let parameters: [String: String]
        let function: String
        let x: String
        let value: String
    }

    struct Fixture: Decodable {
        let generator: String
        let count: Int
        let cases: [Case]
    }

    static func loadFixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "distributions", withExtension: "json",
                                                 subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// Builds the distribution a fixture case names.
    static func distribution(_ testCase: Case) throws -> any CumulativeDistribution {
        func parameter(_ name: String) throws -> Double {
            let text = try #require(testCase.parameters[name])
            return try #require(Double(text))
        }
        switch testCase.distribution {
        case "normal": return try Normal(mean: parameter("mean"), standardDeviation: parameter("sd"))
        case "t": return try StudentT(degreesOfFreedom: parameter("df"))
        case "noncentralT": return try NoncentralT(degreesOfFreedom: parameter("df"), noncentrality: parameter("ncp"))
        case "chisq": return try ChiSquared(degreesOfFreedom: parameter("df"))
        case "f": return try FisherF(numeratorDegreesOfFreedom: parameter("df1"), denominatorDegreesOfFreedom: parameter("df2"))
        case "tukey":
            return try StudentizedRange(groups: Int(parameter("nmeans")), degreesOfFreedom: parameter("df"),
                                        ranges: Int(parameter("nranges")))
        case "binomial": return try Binomial(trials: Int(parameter("size")), probability: parameter("prob"))
        case "hypergeometric":
            return try Hypergeometric(successes: Int(parameter("m")), failures: Int(parameter("n")), draws: Int(parameter("k")))
        case "wilcoxon":
            return try WilcoxonRankSum(firstSampleSize: Int(parameter("m")), secondSampleSize: Int(parameter("n")))
        case "signrank": return try WilcoxonSignedRank(sampleSize: Int(parameter("n")))
        default:
            Issue.record("unknown distribution \(testCase.distribution)")
            throw DistributionError.invalidProbability(value: .nan, logScale: false)
        }
    }

    static func evaluate(_ distribution: any CumulativeDistribution, _ function: String, at x: Double) throws -> Double {
        switch function {
        case "cdf": return distribution.cdf(x)
        case "ccdf": return distribution.ccdf(x)
        case "logCDF": return distribution.logCDF(x)
        case "logCCDF": return distribution.logCCDF(x)
        case "quantile": return try distribution.quantile(x)
        case "upperQuantile": return try distribution.upperQuantile(x)
        case "logQuantile": return try distribution.quantile(x, upperTail: false, logScale: true)
        case "logUpperQuantile": return try distribution.quantile(x, upperTail: true, logScale: true)
        case "density", "logDensity":
            let withDensity = try #require(distribution as? any UnivariateDistribution)
            return function == "density" ? withDensity.density(x) : withDensity.logDensity(x)
        default:
            Issue.record("unknown function \(function)")
            return .nan
        }
    }

    /// Equal, both NaN, or within `tolerance` relative to the larger magnitude.
    static func agrees(_ actual: Double, _ expected: Double, tolerance: Double) -> Bool {
        if actual == expected || (actual.isNaN && expected.isNaN) { return true }
        guard actual.isFinite, expected.isFinite else { return false }
        return abs(actual - expected) <= tolerance * max(abs(actual), abs(expected))
    }

    @Test func everyCaseAgreesWithRToTwelveDigits() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.generator.hasSuffix("distributions.R"))
        #expect(fixture.cases.count == fixture.count)
        #expect(fixture.count >= 500)
        var failures: [String] = []
        var covered = Set<String>()
        for testCase in fixture.cases {
            let x = try #require(Double(testCase.x))
            let expected = try #require(Double(testCase.value))
            let actual = try Self.evaluate(try Self.distribution(testCase), testCase.function, at: x)
            covered.insert("\(testCase.distribution).\(testCase.function)")
            if !Self.agrees(actual, expected, tolerance: 1e-12) {
                failures.append("\(testCase.distribution)\(testCase.parameters.sorted { $0.key < $1.key }) "
                                + "\(testCase.function)(\(testCase.x)) = \(actual), R says \(expected)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(fixture.count) disagree:\n\(failures.prefix(20).joined(separator: "\n"))")
        // Each of the ten distributions is exercised in each of its forms.
        #expect(covered.count == 10 * 10 - 2, "the studentized range has no density")
    }

    @Test func farTailsStayNumbersOnTheLogScale() throws {
        // Source: R 4.2.2, sprintf("%.17g", pnorm(-40, log.p = TRUE)) = -804.6084420137538.
        let normal = Normal.standard
        #expect(normal.cdf(-40) == 0)
        #expect(Self.agrees(normal.logCDF(-40), -804.6084420137538, tolerance: 1e-12))
        // Source: R 4.2.2, sprintf("%.17g", pt(50, 30, lower.tail = FALSE)) = 9.3577088296114218e-31.
        let t = try StudentT(degreesOfFreedom: 30)
        #expect(Self.agrees(t.ccdf(50), 9.3577088296114218e-31, tolerance: 1e-12))
        #expect(1 - t.cdf(50) == 0, "the naive form loses it; ccdf must not")
    }
}
