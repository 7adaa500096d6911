import Foundation
import Testing
@testable import HypothesisTests

/// Student and Welch t tests from published summaries, against R's t.test.
// Source: Fixtures/two_sample_t_summaries.json, written by Fixtures/two_sample_t_summaries.R (R 4.2.2).
struct TwoSampleTTestTests {
    struct Visit: Decodable {
        let visit: String
        let difference, studentT, studentDF, studentP, welchT, welchDF, welchP: String
        let studentCI, welchCI: [String]
    }
    struct Fixture: Decodable {
        let generator: String
        let visits: [Visit]
    }

    /// Maniquis-Smigel 2017, NRS change: dextrose n = 19, saline n = 16 (35 − 19; derived).
    static let published: [(dextrose: (Double, Double), saline: (Double, Double))] = [
        ((4.4, 1.7), (2.4, 2.8)), ((4.6, 1.9), (1.8, 2.8)), ((4.6, 2.0), (1.4, 2.3)),
        ((3.0, 2.3), (1.0, 2.1)), ((2.1, 2.9), (1.2, 2.4)),
    ]

    static func agree(_ actual: Double, _ expected: String) -> Bool {
        guard let expected = Double(expected) else { return false }
        return abs(actual - expected) <= 1e-10 * max(abs(expected), 1e-300)
    }

    @Test(arguments: VarianceAssumption.allCases)
    func agreesWithRsTTest(variance: VarianceAssumption) throws {
        let url = try #require(Bundle.module.url(forResource: "two_sample_t_summaries", withExtension: "json",
                                                 subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.visits.count == Self.published.count)
        for (visit, numbers) in zip(fixture.visits, Self.published) {
            let dextrose = try GroupSummary(count: 19, mean: numbers.dextrose.0, standardDeviation: numbers.dextrose.1)
            let saline = try GroupSummary(count: 16, mean: numbers.saline.0, standardDeviation: numbers.saline.1)
            let test = try TwoSampleTTest(dextrose, saline, variance: variance)
            let student = variance == .equal
            #expect(Self.agree(test.difference, visit.difference), "\(visit.visit)")
            #expect(Self.agree(test.statistic, student ? visit.studentT : visit.welchT), "\(visit.visit)")
            #expect(Self.agree(test.degreesOfFreedom, student ? visit.studentDF : visit.welchDF), "\(visit.visit)")
            #expect(Self.agree(test.pValue, student ? visit.studentP : visit.welchP), "\(visit.visit)")
            let ci = student ? visit.studentCI : visit.welchCI
            #expect(Self.agree(test.confidenceInterval.lower, ci[0]) && Self.agree(test.confidenceInterval.upper, ci[1]),
                    "\(visit.visit)")
        }
    }

    @Test func welchDegreesOfFreedomSurviveExtremeScales() throws {
        // df depends only on the ratio of the variances of the means, so scaling both SDs by
        // 1e150 (where (v1 + v2)² overflows) must give the same df and p.
        func test(scale: Double) throws -> TwoSampleTTest {
            try TwoSampleTTest(try GroupSummary(count: 19, mean: 4.4 * scale, standardDeviation: 1.7 * scale),
                               try GroupSummary(count: 16, mean: 2.4 * scale, standardDeviation: 2.8 * scale),
                               variance: .unequal)
        }
        let plain = try test(scale: 1), huge = try test(scale: 1e150), tiny = try test(scale: 1e-150)
        #expect(abs(huge.degreesOfFreedom - plain.degreesOfFreedom) <= 1e-12 * plain.degreesOfFreedom)
        #expect(abs(tiny.degreesOfFreedom - plain.degreesOfFreedom) <= 1e-12 * plain.degreesOfFreedom)
        #expect(abs(huge.pValue - plain.pValue) <= 1e-12 * plain.pValue)
        let overflowing = try GroupSummary(count: 5, mean: 0, standardDeviation: 1e200)
        #expect(throws: HypothesisTestError.self) { try TwoSampleTTest(overflowing, overflowing, variance: .unequal) }
    }

    @Test func badSummariesAreRefused() throws {
        #expect(throws: HypothesisTestError.invalidSummary(field: "n", value: 1, expected: "at least 2 for a standard deviation")) {
            try GroupSummary(count: 1, mean: 0, standardDeviation: 1)
        }
        #expect(throws: HypothesisTestError.self) { try GroupSummary(count: 5, mean: 0, standardDeviation: -1) }
        #expect(throws: HypothesisTestError.self) { try GroupSummary(count: 5, mean: .nan, standardDeviation: 1) }
        let flat = try GroupSummary(count: 5, mean: 1, standardDeviation: 0)
        #expect(throws: HypothesisTestError.zeroVariance) { try TwoSampleTTest(flat, flat, variance: .unequal) }
        let some = try GroupSummary(count: 5, mean: 1, standardDeviation: 1)
        #expect(throws: HypothesisTestError.invalidConfidenceLevel(95)) {
            try TwoSampleTTest(some, some, variance: .equal, confidenceLevel: 95)
        }
    }
}
