import Foundation
import Testing
import Distributions
import TrialData
@testable import Estimands

/// Approximate Bayesian MI keeps its promise: over 500 simulated trials with dropout at random
/// (the chance of leaving after a visit rises with the outcome seen there), the 95% intervals of
/// the treatment effect cover the true effect in 95% of trials. Each trial is seeded, so the count
/// is the same on every run; its binomial SD at 95% is 0.97 points.
struct CoverageSimulationTests {
    static let trueEffects = [0.0, -0.5, -1.0]

    /// One trial: 40 subjects per arm, a baseline b ~ N(0, 1), three visits with
    /// y = μ_v + 0.5 b + δ_v·active + e, e ~ N(0, Σ) (SDs 1, 1.2, 1.4; correlation 0.6^|i−j|);
    /// after visits 1 and 2 a subject leaves with probability logistic(−2 + 0.7 (y + 1)).
    static func trial(seed: UInt64, dropout: Bool = true) -> Table {
        var generator = Xoshiro256StarStar(seed: seed)
        let normal = Normal.standard
        let sd = [1.0, 1.2, 1.4], mean = [-1.0, -2.0, -3.0]
        // Cholesky factor of Σ.
        var sigma = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 { for j in 0..<3 { sigma[i][j] = sd[i] * sd[j] * pow(0.6, Double(abs(i - j))) } }
        var lower = [[Double]](repeating: [0, 0, 0], count: 3)
        for i in 0..<3 {
            for j in 0...i {
                let sum = sigma[i][j] - (0..<j).reduce(0.0) { $0 + lower[i][$1] * lower[j][$1] }
                lower[i][j] = i == j ? sum.squareRoot() : sum / lower[j][j]
            }
        }
        var subjects: [Int32] = [], arms: [Int32] = [], visits: [Int32] = [], baseline: [Double] = [], outcome: [Double] = []
        for subject in 0..<80 {
            let active = subject >= 40
            let b = normal.sample(using: &generator)
            let z = normal.samples(3, using: &generator)
            var present = true
            for visit in 0..<3 {
                let error = (0...visit).reduce(0.0) { $0 + lower[visit][$1] * z[$1] }
                let y = mean[visit] + 0.5 * b + (active ? trueEffects[visit] : 0) + error
                subjects.append(Int32(subject))
                arms.append(active ? 1 : 0)
                visits.append(Int32(visit))
                baseline.append(b)
                outcome.append(present ? y : .nan)
                if visit < 2 {
                    // One uniform per subject and visit whether or not it is used, so that the
                    // trial without dropout has the same outcomes.
                    let u = generator.nextUniform(), leave = 1 / (1 + exp(-(-2 + 0.7 * (y + 1))))
                    if dropout, present, u < leave { present = false }
                }
            }
        }
        let columns = [
            Column(name: "subject", values: .categorical(Factor(levels: (0..<80).map { String(format: "S%03d", $0) }, codes: subjects))),
            Column(name: "arm", values: .categorical(Factor(levels: ["control", "active"], codes: arms))),
            Column(name: "visit", values: .categorical(Factor(levels: ["v1", "v2", "v3"], codes: visits))),
            Column(name: "b", values: .numeric(baseline)),
            Column(name: "y", values: .numeric(outcome)),
        ]
        return Table(source: "trial \(seed)", columns: columns, lineNumbers: (0..<Int32(outcome.count)).map { $0 + 2 })
    }

    @Test func approximateBayesianIntervalsCoverAtTheNominalRateUnderMAR() throws {
        let columns = ImputationData.Columns(outcome: "y", visit: "visit", subject: "subject", arm: "arm")
        let trials = 500
        var covered = [0, 0, 0], estimates: [Double] = [], dropouts = 0
        for trial in 0..<trials {
            let table = Self.trial(seed: UInt64(10_000 + trial))
            let plain = try ImputationData(table: table, columns: columns, reference: "control", treatment: "active", events: [])
            let events = plain.dropoutEvents(strategy: .missingAtRandom)
            dropouts += events.count
            let data = try ImputationData(table: table, columns: columns, reference: "control", treatment: "active", events: events)
            // Each trial its own seed: with one seed, every trial would reuse the same draws at the
            // same positions, and their noise would not average out over the trials.
            let estimator = ApproximateBayesianImputation(imputation: ConditionalMeanImputation(fixedFormula: "y ~ b * visit + arm * visit"),
                                                          analysis: VisitANCOVA(covariates: ["b"]), imputations: 5, seed: UInt64(trial))
            let result = try estimator.run(data)
            for (visit, name) in ["trt_v1", "trt_v2", "trt_v3"].enumerated() {
                let parameter = try #require(result[name])
                if parameter.lower <= Self.trueEffects[visit], Self.trueEffects[visit] <= parameter.upper { covered[visit] += 1 }
                if visit == 2 { estimates.append(parameter.estimate) }
            }
        }
        // The same trials before dropout, analysed whole: the benchmark the imputations are judged by.
        var completeCovered = [0, 0, 0], completeEstimates: [Double] = []
        for trial in 0..<trials {
            let table = Self.trial(seed: UInt64(10_000 + trial), dropout: false)
            let data = try ImputationData(table: table, columns: columns, reference: "control", treatment: "active", events: [])
            let all = Array(0..<data.subjectCount)
            let fit = try VisitANCOVA(covariates: ["b"]).inference(data, keeping: all, completed: data.observed)
            for visit in 0..<3 {
                let t = try StudentT(degreesOfFreedom: fit.degreesOfFreedom[visit * 3]).quantileFunction(0.975, upperTail: false, logScale: false)
                let estimate = fit.estimates[visit * 3], se = fit.standardErrors[visit * 3]
                if abs(estimate - Self.trueEffects[visit]) <= t * se { completeCovered[visit] += 1 }
                if visit == 2 { completeEstimates.append(estimate) }
            }
        }
        let rates = covered.map { Double($0) / Double(trials) }
        // About a fifth of the subjects leave early, so the later visits lean on the imputations.
        #expect(Double(dropouts) / Double(trials * 80) > 0.15, "dropout \(Double(dropouts) / Double(trials * 80))")
        for (visit, rate) in rates.enumerated() {
            // 95% ± 2.6 binomial SDs (0.97 points each at 500 trials).
            #expect(rate >= 0.925 && rate <= 0.975, "coverage at visit \(visit + 1): \(rate)")
            // And paired with the same trials before dropout: the imputations lose no coverage (within 2 points).
            #expect(abs(rate - Double(completeCovered[visit]) / Double(trials)) <= 0.02, "visit \(visit + 1): \(rate) vs complete \(completeCovered[visit])")
        }
        // Unbiased under MAR: the estimates less those of the same trials before dropout average 0
        // (within 3 SEs of that paired difference).
        let differences = zip(estimates, completeEstimates).map { $0 - $1 }
        let mean = differences.reduce(0, +) / Double(trials)
        let sd = (differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trials - 1)).squareRoot()
        #expect(abs(mean) <= 3 * sd / Double(trials).squareRoot(), "mean difference from the complete data \(mean), SD \(sd)")
        print("coverage simulation: \(trials) trials, imputed \(rates), complete data \(completeCovered.map { Double($0) / Double(trials) }), "
              + "dropout \(Double(dropouts) / Double(trials * 80)), mean difference at v3 \(mean) (SD \(sd))")
    }
}
