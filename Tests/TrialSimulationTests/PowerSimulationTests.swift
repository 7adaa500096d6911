import Foundation
import Testing
import TrialData
@testable import TrialSimulation

/// Simulated power and type I error: against the analytic formula within Monte-Carlo error, nominal
/// under the null, and the same replicates however the work is split.
struct PowerSimulationTests {
    /// The binomial SD of a simulated power p over R replicates.
    static func monteCarloSD(_ p: Double, _ replicates: Int) -> Double { (p * (1 - p) / Double(replicates)).squareRoot() }

    /// The MMRM with a normal test, as the formula assumes, at each of longpower's three designs:
    /// simulated power within 3.5 Monte-Carlo SDs of the formula's.
    @Test(arguments: LongpowerFixture.shared.designs.indices)
    func simulatedPowerAgreesWithTheFormula(index: Int) throws {
        let fixture = LongpowerFixture.shared.designs[index]
        let design = fixture.trialDesign(replicates: 500, seed: 11)
        let simulation = try PowerSimulation(design)
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        // Source: longpower_mmrm.json (power.mmrm, longpower 1.0.27).
        let analytic = Double(fixture.power)!
        let power = try #require(estimate.power)
        #expect(estimate.failures.isEmpty, "\(estimate.failures)")
        #expect(abs(power - analytic) <= 3.5 * Self.monteCarloSD(analytic, estimate.analysed), "\(fixture.name): simulated \(power), formula \(analytic)")
        // The estimate is unbiased and its SE honest: mean within 4 SEs of δ, model SE within 10% of the empirical one.
        let empirical = try #require(estimate.empiricalStandardError), mean = try #require(estimate.meanEstimate)
        #expect(abs(mean - fixture.delta) <= 4 * empirical / Double(estimate.analysed).squareRoot(), "\(fixture.name) mean \(mean)")
        #expect(abs(try #require(estimate.meanStandardError) / empirical - 1) <= 0.1, "\(fixture.name) SE")
        print("power simulation \(fixture.name): simulated \(power) [\(estimate.lower!), \(estimate.upper!)] over \(estimate.analysed), formula \(analytic)")
    }

    /// Under the null at 20 per arm: the t-test and the MMRM with Kenward-Roger df reject at the
    /// nominal 5%, within 3.5 Monte-Carlo SDs.
    @Test(arguments: [(PlannedAnalysis.Method.tTest, PlannedAnalysis.DegreesOfFreedom.normal, 2000),
                      (PlannedAnalysis.Method.mmrm, PlannedAnalysis.DegreesOfFreedom.kenwardRoger, 600)])
    func typeIErrorIsNominalAtTwentyPerArm(method: PlannedAnalysis.Method, df: PlannedAnalysis.DegreesOfFreedom, replicates: Int) throws {
        var design = LongpowerFixture.shared.designs[0].trialDesign(method: method, degreesOfFreedom: df, replicates: replicates, seed: 5)
        design.arms[1].means = design.arms[0].means
        design.sampleSizes = [20]
        let simulation = try PowerSimulation(design)
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        let rate = try #require(estimate.power)
        #expect(abs(rate - 0.05) <= 3.5 * Self.monteCarloSD(0.05, estimate.analysed), "\(method) type I error \(rate) over \(estimate.analysed)")
        print("type I error \(method.rawValue) \(df.rawValue) at 20 per arm: \(rate) over \(estimate.analysed) (failures \(estimate.failures))")
    }

    /// Four shards together are the whole run, replicate for replicate.
    @Test func shardsTogetherAreTheWholeRun() throws {
        var design = LongpowerFixture.shared.designs[2].trialDesign(method: .tTest, replicates: 50)
        design.sampleSizes = [10, 30]
        let simulation = try PowerSimulation(design)
        let whole = simulation.run()
        let shards = (1...4).flatMap { simulation.run(shard: .init(index: $0, count: 4)) }
        #expect(simulation.estimates(shards) == simulation.estimates(whole))
        #expect(shards.sorted { ($0.sampleSize, $0.replicate) < ($1.sampleSize, $1.replicate) } == whole)
        // Another grid does not change a replicate.
        design.sampleSizes = [30]
        #expect(try PowerSimulation(design).run() == whole.filter { $0.sampleSize == 30 })
    }

    @Test func aDesignsProblemsAreNamed() throws {
        var design = LongpowerFixture.shared.designs[0].trialDesign(replicates: 10)
        design.arms[0].retention = [1, 0.9, 0.95, 0.7]
        design.analysis.visit = "week99"
        design.covariance.correlation![0][1] = 0.3
        let problems = design.problems()
        #expect(problems.contains { $0.contains("arms.control.retention: rises") })
        #expect(problems.contains { $0.contains("analysis.visit: week99 is not one of the visits") })
        #expect(problems.contains { $0.contains("correlation: not symmetric at rows 1 and 2") })
        #expect(throws: SimulationError.self) { try PowerSimulation(design) }
    }
}

/// The ANCOVA and dropout at random.
struct AncovaAndMARDropoutTests {
    /// Three visits, the first the baseline (correlation 0.6 with the last), no dropout.
    static func design(method: PlannedAnalysis.Method, effect: Double, n: Int, replicates: Int, mar: TrialDesign.MARDropout? = nil) -> TrialDesign {
        TrialDesign(visits: ["baseline", "week6", "week12"],
                    arms: [.init(name: "saline", means: [5, 4.5, 4], retention: [1, 1, 1], marDropout: mar),
                           .init(name: "dextrose", means: [5, 4.5 + effect / 2, 4 + effect], retention: [1, 1, 1])],
                    control: "saline", covariance: .init(structure: .ar1, sd: [2], rho: Double(0.6).squareRoot()),
                    analysis: .init(method: method, visit: "week12", degreesOfFreedom: .normal), sampleSizes: [n], replicates: replicates, seed: 3)
    }

    /// Under the null at 20 per arm the ANCOVA rejects at the nominal 5% (2,000 replicates, 3.5 MC SDs).
    @Test func ancovaTypeIErrorIsNominalAtTwentyPerArm() throws {
        let simulation = try PowerSimulation(Self.design(method: .ancova, effect: 0, n: 20, replicates: 2000))
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        let rate = try #require(estimate.power)
        #expect(abs(rate - 0.05) <= 3.5 * PowerSimulationTests.monteCarloSD(0.05, estimate.analysed), "ANCOVA type I error \(rate)")
        print("type I error ancova at 20 per arm: \(rate) over \(estimate.analysed)")
    }

    /// The ANCOVA's power is the normal approximation's with the variance shrunk by 1 − ρ² (ρ = 0.6
    /// between baseline and week 12), within 3.5 MC SDs, and its SE is honest.
    @Test func ancovaPowerFollowsTheBaselineCorrelation() throws {
        let n = 40, effect = -1.0, sd = 2.0, rho = 0.6
        let simulation = try PowerSimulation(Self.design(method: .ancova, effect: effect, n: n, replicates: 2000))
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        let se = (sd * sd * (1 - rho * rho) * 2 / Double(n)).squareRoot()
        let z = 1.959963984540054
        let normal = { (x: Double) in 0.5 * erfc(-x / 2.0.squareRoot()) }
        let approximate = normal(abs(effect) / se - z)
        let power = try #require(estimate.power)
        // The t test on 77 df is a little less powerful than the normal approximation: allow its 0.01 besides the Monte-Carlo error.
        #expect(abs(power - approximate) <= 3.5 * PowerSimulationTests.monteCarloSD(approximate, estimate.analysed) + 0.01,
                "ANCOVA power \(power) vs \(approximate)")
        #expect(abs(try #require(estimate.meanStandardError) / (try #require(estimate.empiricalStandardError)) - 1) <= 0.1)
    }

    /// Saline patients leave the more likely the more pain they had at the last visit: the MMRM
    /// stays unbiased, the t-test of those still seen at week 12 does not (it sees saline's
    /// better-off, and shrinks the effect).
    @Test func underMARDropoutTheMMRMIsUnbiasedAndTheCompleterTestIsNot() throws {
        let mar = TrialDesign.MARDropout(intercept: -3.5, slope: 0.8)
        let mmrm = try PowerSimulation(Self.design(method: .mmrm, effect: -1, n: 60, replicates: 300, mar: mar))
        let fitted = try #require(mmrm.estimates(mmrm.run()).first)
        let mean = try #require(fitted.meanEstimate), empirical = try #require(fitted.empiricalStandardError)
        #expect(abs(mean - -1) <= 4 * empirical / Double(fitted.analysed).squareRoot(), "MMRM mean \(mean) (SE \(empirical / Double(fitted.analysed).squareRoot()))")
        let completers = try PowerSimulation(Self.design(method: .tTest, effect: -1, n: 60, replicates: 300, mar: mar))
        let seen = try #require(completers.estimates(completers.run()).first)
        let biased = try #require(seen.meanEstimate), spread = try #require(seen.empiricalStandardError)
        #expect(abs(biased - -1) > 4 * spread / Double(seen.analysed).squareRoot(), "completers' mean \(biased)")
        // The design file reads the rule, and the analytic power is withheld for it.
        #expect(LuLuoChenPower.power(Self.design(method: .mmrm, effect: -1, n: 60, replicates: 1, mar: mar), sampleSize: 60) == nil)
        print("MAR dropout: MMRM mean \(mean), completers' t-test mean \(biased) (truth −1)")
    }
}

/// Responders: the proportions are those the design implies, and the tests behave.
struct ResponderPowerTests {
    /// Baseline mean 6, week 12 mean 5 (saline) or 4 (dextrose), SDs 2, correlation 0.5: the change
    /// is N(−1 or −2, 4), so a fall of at least 2 points has probability Φ(−0.5) or Φ(0).
    static func design(test: PlannedAnalysis.ResponderRule.Test, effect: Double, replicates: Int) -> TrialDesign {
        TrialDesign(visits: ["baseline", "week12"],
                    arms: [.init(name: "saline", means: [6, 5], retention: [1, 1]), .init(name: "dextrose", means: [6, 5 + effect], retention: [1, 1])],
                    control: "saline", covariance: .init(structure: .cs, sd: [2], rho: 0.5),
                    analysis: .init(method: .responders, visit: "week12", responder: .init(scale: .change, threshold: -2, test: test)),
                    sampleSizes: [50], replicates: replicates, seed: 9)
    }

    static func normal(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    @Test func theDifferenceInProportionsAndThePowerAreTheDesigns() throws {
        let simulation = try PowerSimulation(Self.design(test: .chiSquare, effect: -1, replicates: 2000))
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        let p0 = Self.normal(-0.5), p1 = Self.normal(0), n = 50.0
        let mean = try #require(estimate.meanEstimate), spread = try #require(estimate.empiricalStandardError)
        #expect(abs(mean - (p1 - p0)) <= 4 * spread / Double(estimate.analysed).squareRoot(), "difference \(mean) vs \(p1 - p0)")
        // The usual normal approximation to the uncorrected chi-square test's power.
        let pooled = (p0 + p1) / 2, z = 1.959963984540054
        let approximate = Self.normal(((p1 - p0) * n.squareRoot() - z * (2 * pooled * (1 - pooled)).squareRoot())
                                      / (p0 * (1 - p0) + p1 * (1 - p1)).squareRoot())
        let power = try #require(estimate.power)
        #expect(abs(power - approximate) <= 3.5 * PowerSimulationTests.monteCarloSD(approximate, estimate.analysed) + 0.02, "power \(power) vs \(approximate)")
        print("responders: difference \(mean) (design \(p1 - p0)), power \(power) (normal approximation \(approximate))")
    }

    /// Fisher's exact test is conservative: under the null it rejects at most 5% (plus MC error).
    @Test func fishersTestKeepsItsLevel() throws {
        let simulation = try PowerSimulation(Self.design(test: .fisher, effect: 0, replicates: 2000))
        let estimate = try #require(simulation.estimates(simulation.run()).first)
        let rate = try #require(estimate.power)
        #expect(rate <= 0.05 + 3.5 * PowerSimulationTests.monteCarloSD(0.05, estimate.analysed), "Fisher type I error \(rate)")
        #expect(rate > 0.01, "a test that never rejects is no test: \(rate)")
    }
}
