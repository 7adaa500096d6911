import Foundation
import Testing
@testable import MetaAnalysis

/// SE, CI and median/quartile/range conversions to mean and SD.
// Source: Fixtures/summary_conversions.json, written by Fixtures/summary_conversions.R (the papers' formulas in R).
struct SummaryConversionTests {
    struct Quantiles: Decodable {
        let n, median: Double
        let q1, q3, min, max: Double?
        let mean_expected, sd_expected: String
    }
    struct Interval: Decodable {
        let n, lower, upper: Double
        let sd_expected: String
    }
    struct Fixture: Decodable {
        let quantiles: [Quantiles]
        let confidence_intervals: [Interval]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "summary_conversions", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func medianQuartilesAndRangeGiveLuoMeansAndWanSDs() throws {
        for x in try Self.fixture().quantiles {
            let mean = SpreadConversion.mean(median: x.median, q1: x.q1, q3: x.q3, minimum: x.min, maximum: x.max, count: x.n)
            let sd = SpreadConversion.standardDeviation(q1: x.q1, q3: x.q3, minimum: x.min, maximum: x.max, count: x.n)
            Agreement.check(mean, x.mean_expected, "mean, n = \(x.n)")
            Agreement.check(sd, x.sd_expected, "SD, n = \(x.n)")
        }
    }

    @Test func confidenceIntervalsUseTBelow60AndNormalFrom60() throws {
        for x in try Self.fixture().confidence_intervals {
            let converted = try SpreadConversion.standardDeviation(lower: x.lower, upper: x.upper, count: x.n)
            Agreement.check(converted.value, x.sd_expected, "SD from CI, n = \(x.n)")
            #expect(converted.method.contains(x.n < 60 ? "t, " : "normal"))
        }
    }

    @Test func standardErrorAndChangeScoresByHand() {
        // 0.5·√16 = 2; √(3² + 4² − 2·0.5·3·4) = √13.
        #expect(SpreadConversion.standardDeviation(standardError: 0.5, count: 16) == 2)
        #expect(abs(SpreadConversion.changeStandardDeviation(pre: 3, post: 4, correlation: 0.5) - 13.0.squareRoot()) < 1e-15)
    }

    @Test func convertedRowsSayHow() throws {
        let row = SummaryRow(line: 2, kind: .arm, cells: ["study": "A", "arm": "x", "n": "16", "mean": "3", "se": "0.5"])
        let arm = try ConvertedArm.convert(row, file: "f.csv").get()
        #expect(arm.summary.standardDeviation == 2 && arm.conversions == ["SD = SE·√n"])
        let printed = SummaryRow(line: 3, kind: .arm, cells: ["study": "A", "arm": "x", "n": "16", "mean": "3", "sd": "2"])
        #expect(try ConvertedArm.convert(printed, file: "f.csv").get().conversions.isEmpty)
        let median = SummaryRow(line: 4, kind: .arm, cells: ["study": "A", "arm": "x", "n": "15", "median": "4", "q1": "2", "q3": "7"])
        #expect(try ConvertedArm.convert(median, file: "f.csv").get().conversions == ["mean from median and IQR (Luo 2018)", "SD from median and IQR (Wan 2014)"])
        let noSpread = SummaryRow(line: 5, kind: .arm, cells: ["study": "A", "arm": "x", "n": "15", "mean": "4"])
        guard case .failure(.incompleteRow(_, 5, _)) = try ConvertedArm.convert(noSpread, file: "f.csv") else {
            Issue.record("a row without a spread should say so")
            return
        }
    }

    @Test func publishedPValuesAgreeWithinTheirRounding() throws {
        let p = try #require(PublishedPValue("0.217"))
        #expect(p.decimals == 3 && p.agrees(with: 0.2174) && !p.agrees(with: 0.33))
        let bound = try #require(PublishedPValue("<0.001"))
        #expect(bound.relation == .below && bound.agrees(with: 0.0004) && !bound.agrees(with: 0.002))
        #expect(PublishedPValue("P = .05")?.value == 0.05)
        #expect(PublishedPValue("1.2") == nil && PublishedPValue("maybe") == nil)
        // "NS" is read as p > 0.05, and ≤ / ≥ as < / >.
        let notSignificant = try #require(PublishedPValue("n.s."))
        #expect(notSignificant.relation == .above && notSignificant.value == 0.05 && notSignificant.text == "n.s.")
        #expect(notSignificant.agrees(with: 0.33) && !notSignificant.agrees(with: 0.01))
        #expect(PublishedPValue("NS")?.relation == .above && PublishedPValue("≤ 0.01")?.relation == .below)
    }
}
