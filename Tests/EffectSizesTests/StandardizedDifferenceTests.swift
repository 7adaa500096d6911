import Foundation
import Testing
@testable import EffectSizes

/// d family against R. Estimates agree with effectsize 0.8.3 to 1e-10. Intervals agree to 1e-8
/// with the exact noncentral-t limits (effectsize's formulas solved with uniroot at 1e-14), and
/// to 1e-5 with effectsize's own printed limits, which its Nelder-Mead search leaves about 1e-7
/// from the root.
// Source: Fixtures/effect_sizes.json, written by Fixtures/effect_sizes.R (R 4.2.2, effectsize 0.8.3).
struct StandardizedDifferenceTests {
    struct TwoGroup: Decodable {
        let name: String
        let treatment, control: [String]
        let d, d_exact, g, g_exact, delta, delta_exact: [String]
    }
    struct Paired: Decodable {
        let name: String
        let before, after: [String]
        let dz, dz_exact, srm, srm_exact: [String]
        let dav, drm: String
    }
    struct Morris: Decodable {
        let name: String
        let treatment_before, treatment_after, control_before, control_after: [String]
        let dppc2, variance: String
        let ci: [String]
    }
    struct Fixture: Decodable {
        let two_group: [TwoGroup]
        let paired: [Paired]
        let morris: [Morris]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "effect_sizes", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// "NA" in R becomes NaN: a missing value the effect size must skip.
    static func values(_ strings: [String]) -> [Double] { strings.map { Double($0) ?? .nan } }

    static func close(_ actual: Double?, _ expected: String, _ tolerance: Double) -> Bool {
        guard let actual, let expected = Double(expected) else { return false }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-3)
    }

    static func check(_ effect: EffectSize, _ reference: [String], exact: [String], _ context: String) {
        #expect(close(effect.estimate, reference[0], 1e-10), "\(context) estimate \(effect.estimate)")
        #expect(close(effect.confidenceInterval?.lower, exact[0], 1e-8), "\(context) lower (exact)")
        #expect(close(effect.confidenceInterval?.upper, exact[1], 1e-8), "\(context) upper (exact)")
        #expect(close(effect.confidenceInterval?.lower, reference[1], 1e-5), "\(context) lower (effectsize)")
        #expect(close(effect.confidenceInterval?.upper, reference[2], 1e-5), "\(context) upper (effectsize)")
    }

    @Test func twoGroupEffectsAgreeWithEffectsize() throws {
        for testCase in try Self.fixture().two_group {
            let x = Self.values(testCase.treatment), y = Self.values(testCase.control)
            let d = try StandardizedDifference.cohensD(x, y)
            #expect(d.kind == .cohensD && d.intervalMethod.hasPrefix("noncentral t"))
            Self.check(d, testCase.d, exact: testCase.d_exact, "\(testCase.name) d")
            Self.check(try StandardizedDifference.hedgesG(x, y), testCase.g, exact: testCase.g_exact, "\(testCase.name) g")
            Self.check(try StandardizedDifference.glassDelta(x, y), testCase.delta, exact: testCase.delta_exact, "\(testCase.name) delta")
        }
    }

    @Test func pairedEffectsAgreeWithR() throws {
        for testCase in try Self.fixture().paired {
            let before = Self.values(testCase.before), after = Self.values(testCase.after)
            Self.check(try StandardizedDifference.pairedDz(before: before, after: after), testCase.dz, exact: testCase.dz_exact, "\(testCase.name) d_z")
            let change = zip(before, after).map { $1 - $0 }
            Self.check(try StandardizedDifference.standardizedResponseMean(change), testCase.srm, exact: testCase.srm_exact,
                       "\(testCase.name) SRM")
            #expect(Self.close(try StandardizedDifference.pairedDav(before: before, after: after).estimate, testCase.dav, 1e-12))
            #expect(Self.close(try StandardizedDifference.pairedDrm(before: before, after: after).estimate, testCase.drm, 1e-10))
        }
    }

    @Test func morrisDppc2AndItsVarianceAgreeWithThePapersFormula() throws {
        for testCase in try Self.fixture().morris {
            let effect = try StandardizedDifference.morrisDppc2(
                treatmentBefore: Self.values(testCase.treatment_before), treatmentAfter: Self.values(testCase.treatment_after),
                controlBefore: Self.values(testCase.control_before), controlAfter: Self.values(testCase.control_after))
            #expect(Self.close(effect.estimate, testCase.dppc2, 1e-12))
            #expect(Self.close(effect.variance, testCase.variance, 1e-12))
            #expect(Self.close(effect.confidenceInterval?.lower, testCase.ci[0], 1e-10))
            #expect(Self.close(effect.confidenceInterval?.upper, testCase.ci[1], 1e-10))
        }
    }

    @Test func degenerateInputIsAClearErrorNotNaN() {
        #expect(throws: EffectSizeError.zeroStandardDeviation(group: "both groups")) {
            try StandardizedDifference.cohensD([3, 3, 3], [3, 3])
        }
        #expect(throws: EffectSizeError.tooFewObservations(group: "the control group", count: 1, needed: 2)) {
            try StandardizedDifference.hedgesG([1, 2, 3], [4, .nan])
        }
        #expect(throws: EffectSizeError.zeroStandardDeviation(group: "the control group's post-test values")) {
            try StandardizedDifference.morrisDppc2(treatmentBefore: [1, 2, 3], treatmentAfter: [2, 2, 4],
                                                   controlBefore: [1, 3, 5], controlAfter: [4, 4, 4])
        }
        #expect(throws: EffectSizeError.unequalPairs(first: 3, second: 2)) {
            try StandardizedDifference.pairedDz(before: [1, 2, 3], after: [1, 2])
        }
        #expect(throws: EffectSizeError.invalidConfidenceLevel(1.5)) {
            try StandardizedDifference.cohensD([1, 2, 3], [2, 3, 5], level: 1.5)
        }
    }

    @Test func hedgesJIsTheExactGammaRatio() {
        // Source: R 4.2.2, sprintf("%.17g", exp(lgamma(10/2) - log(sqrt(10/2)) - lgamma(9/2))) = 0.92274560805308703.
        #expect(abs(StandardizedDifference.hedgesJ(10) - 0.92274560805308703) < 1e-14)
    }
}
