import Foundation
import Testing
import HypothesisTests
@testable import EffectSizes

/// Responder comparisons against R: metafor's escalc (RD, RR, OR with Wald intervals), Wilson
/// intervals from prop.test with Newcombe's hybrid score interval, and fisher.test.
// Source: Fixtures/responders.json, written by Fixtures/responders.R (R 4.2.2, metafor 3.8-1),
// the MOVER-R limits written out there from prop.test's Wilson limits.
struct BinaryComparisonTests {
    struct Case: Decodable {
        let name: String
        let counts: [Int]
        let rd, newcombe, fisher: [String]
        let rr, or, mover: [String]?
    }
    struct Fixture: Decodable { let cases: [Case] }

    static func close(_ actual: Double, _ expected: String, _ tolerance: Double = 1e-10) -> Bool {
        if expected == "Inf" { return actual == .infinity }
        guard let value = Double(expected) else { return false }
        if value == 0 { return abs(actual) < 1e-15 }
        return abs(actual - value) <= tolerance * abs(value)
    }

    @Test func agreesWithMetaforAndPropTest() throws {
        let url = try #require(Bundle.module.url(forResource: "responders", withExtension: "json", subdirectory: "Fixtures"))
        for testCase in try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases {
            let c = testCase.counts
            let result = try BinaryComparison(treatmentEvents: c[0], treatmentCount: c[1], controlEvents: c[2], controlCount: c[3])
            let wald = result.riskDifferenceWald
            #expect(Self.close(wald.estimate, testCase.rd[0]) && Self.close(wald.confidenceInterval.lower, testCase.rd[1])
                    && Self.close(wald.confidenceInterval.upper, testCase.rd[2]), "\(testCase.name) RD")
            let newcombe = result.riskDifferenceNewcombe.confidenceInterval
            #expect(Self.close(newcombe.lower, testCase.newcombe[0]) && Self.close(newcombe.upper, testCase.newcombe[1]), "\(testCase.name) Newcombe")
            if let rr = testCase.rr {
                let measure = try #require(result.riskRatio)
                #expect(Self.close(measure.estimate, rr[0]) && Self.close(measure.confidenceInterval.lower, rr[1])
                        && Self.close(measure.confidenceInterval.upper, rr[2]), "\(testCase.name) RR")
            } else {
                #expect(result.riskRatio == nil)
            }
            if let mover = testCase.mover {
                let measure = try #require(result.riskRatioWilson)
                #expect(Self.close(measure.confidenceInterval.lower, mover[0]) && Self.close(measure.confidenceInterval.upper, mover[1]),
                        "\(testCase.name) MOVER-R")
            } else {
                #expect(result.riskRatioWilson == nil)
            }
            if let or = testCase.or {
                let measure = try #require(result.oddsRatioWald)
                #expect(Self.close(measure.estimate, or[0]) && Self.close(measure.confidenceInterval.lower, or[1])
                        && Self.close(measure.confidenceInterval.upper, or[2]), "\(testCase.name) OR")
            } else {
                #expect(result.oddsRatioWald == nil, "\(testCase.name): no Wald odds ratio with a zero cell")
            }
            // The responders table reports Fisher's conditional odds ratio beside the Wald measures.
            let fisher = try FisherExactTest([[c[0], c[1] - c[0]], [c[2], c[3] - c[2]]])
            #expect(Self.close(fisher.pValue, testCase.fisher[3]), "\(testCase.name) Fisher p")
            #expect(Self.close(fisher.oddsRatio, testCase.fisher[0], 1e-8) && Self.close(fisher.confidenceInterval.lower, testCase.fisher[1], 1e-8)
                    && Self.close(fisher.confidenceInterval.upper, testCase.fisher[2], 1e-8), "\(testCase.name) Fisher OR \(fisher)")
        }
    }

    @Test func nntSaysWhenItsIntervalCrossesNoEffect() throws {
        let clear = try BinaryComparison(treatmentEvents: 16, treatmentCount: 19, controlEvents: 3, controlCount: 16)
        #expect(!clear.numberNeededToTreat.crossesNoEffect)
        #expect(clear.numberNeededToTreat.text(level: 0.95).hasPrefix("NNT (benefit) 1.5 (95% CI "))
        let unclear = try BinaryComparison(treatmentEvents: 8, treatmentCount: 20, controlEvents: 6, controlCount: 19)
        #expect(unclear.numberNeededToTreat.crossesNoEffect)
        #expect(unclear.numberNeededToTreat.text(level: 0.95).contains("to ∞ to NNT (harm)"))
    }

    @Test func impossibleCountsAreRefused() {
        #expect(throws: EffectSizeError.self) { try BinaryComparison(treatmentEvents: 5, treatmentCount: 4, controlEvents: 1, controlCount: 3) }
        #expect(throws: EffectSizeError.self) { try BinaryComparison(treatmentEvents: 0, treatmentCount: 0, controlEvents: 1, controlCount: 3) }
    }
}
