import Foundation
import Testing
@testable import TrialSimulation

/// The analytic MMRM power against longpower::power.mmrm (longpower_mmrm.R).
struct LuLuoChenPowerTests {
    @Test(arguments: LongpowerFixture.shared.designs.indices)
    func agreesWithLongpower(index: Int) throws {
        let fixture = LongpowerFixture.shared.designs[index]
        let power = try #require(LuLuoChenPower.power(fixture.trialDesign(replicates: 1), sampleSize: fixture.n))
        // Source: longpower_mmrm.json, power.mmrm(N = 2n, Ra, ra, sigmaa, Rb, rb, delta, sig.level)$power.
        let reference = Double(fixture.power)!
        #expect(abs(power - reference) <= 1e-9, "\(fixture.name): \(power) vs \(reference)")
    }

    /// Without dropout φ = 1: the effect's variance is σ²(1/n_a + 1/n_b), whatever the correlation.
    @Test func withoutDropoutTheInflationIsOne() throws {
        let correlation = [[1, 0.5, 0.2], [0.5, 1, 0.5], [0.2, 0.5, 1]]
        #expect(abs(try LuLuoChenPower.inflation(correlation: correlation, retention: [1, 1, 1]) - 1) <= 1e-14)
        // Everyone gone after visit 1: only visit 1 informs visit 3, φ = 1/ρ₁₃²… bounded below by 1.
        #expect(try LuLuoChenPower.inflation(correlation: correlation, retention: [1, 0.5, 0.5]) > 1)
    }
}
