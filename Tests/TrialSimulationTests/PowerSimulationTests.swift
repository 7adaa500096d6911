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
