import Foundation
import Testing
import MixedModels
import Distributions
import TrialData
@testable import Estimands

/// Approximate Bayesian MI against rbmi 1.4.0 (rbmi_bootstrap.R, the antidepressant trial): each
/// bootstrap sample's fit on rbmi's own samples exactly, and the pooled result within
/// Monte-Carlo error (the draws are random, so only their distribution can agree).
struct ApproximateBayesianImputationTests {
    static func estimator(imputations: Int, seed: UInt64) -> ApproximateBayesianImputation {
        ApproximateBayesianImputation(imputation: AntidepressantTrial.estimator.imputation, analysis: AntidepressantTrial.estimator.analysis,
                                      imputations: imputations, seed: seed)
    }

    /// Each sample's REML fit (Σ) on rbmi's samples, through the resampled model refitted from the whole data's θ̂.
    @Test func eachSamplesCovarianceIsRbmis() throws {
        let data = try AntidepressantTrial.data()
        let resampled = try ResampledImputation(AntidepressantTrial.estimator.imputation, data: data)
        let fixture = RbmiBootstrapFixture.shared.approxbayes
        for (index, ids) in fixture.samples.enumerated() {
            var multiplicities = [Int](repeating: 0, count: data.subjectCount)
            for subject in RbmiBootstrapFixture.indices(ids, in: data) { multiplicities[subject] += 1 }
            let model = try resampled.model(multiplicities: multiplicities, sample: "sample \(index + 1)")
            let hessian = try #require(resampled.whole.fit.hessian)
            let fit = try #require(RepeatedMeasuresFit(refitting: model, from: resampled.whole.fit.theta, hessian: hessian))
            let sigma = fit.covariances[0]
            // Source: rbmi_bootstrap.json approxbayes.sigma (draws()$samples[[i]]$sigma, column-major 4 × 4).
            let reference = fixture.sigma[index].map { Double($0)! }
            let scale = reference.map(abs).max()!
            for row in 0..<4 {
                for column in 0..<4 {
                    #expect(abs(sigma[row, column] - reference[column * 4 + row]) <= 1e-6 * scale,
                            "sample \(index + 1) Σ[\(row), \(column)] \(sigma[row, column]) vs \(reference[column * 4 + row])")
                }
            }
        }
    }

    /// rbmi's 1,000 imputations and 500 here: estimates within 4.5 Monte-Carlo SDs of their
    /// difference, √(B/M₁ + B/M₂), and SEs within 4.5 SDs of theirs, which comes from the spread of
    /// the between-imputation variance B̂ (Var B̂ ≈ 2B²/(M − 1)). At a visit nobody misses, B = 0 and
    /// both are the complete-data analysis, equal to rounding.
    @Test(arguments: ["MAR", "JR"])
    func pooledResultsAgreeWithRbmiWithinMonteCarloError(strategy: String) throws {
        let large = try #require(RbmiBootstrapFixture.shared.approxbayes_large.first { $0.strategy == strategy })
        let data = try AntidepressantTrial.data(strategy: ImputationStrategy(rawValue: strategy)!)
        let m = Double(large.n_samples), ours = 500.0
        let result = try Self.estimator(imputations: Int(ours), seed: 20261208).run(data)
        #expect(result.replicates == Int(ours))
        for (index, parameter) in result.parameters.enumerated() {
            // Source: rbmi_bootstrap.json approxbayes_large (pool() of method_approxbayes(n_samples = 1000)).
            let row = try #require(large.pooled.row(parameter.name))
            let between = Double(large.between_variance[index])!
            let estimateSD = (between / m + between / ours).squareRoot()
            let seSD = (2 * between * between / (m - 1) + 2 * between * between / (ours - 1)).squareRoot() / (2 * row.se)
            let se = try #require(parameter.standardError)
            #expect(abs(parameter.estimate - row.est) <= 4.5 * estimateSD + 1e-9 * row.se, "\(strategy) \(parameter.name) \(parameter.estimate) vs \(row.est) (MC SD \(estimateSD))")
            #expect(abs(se - row.se) <= 4.5 * seSD + 1e-3 * row.se, "\(strategy) \(parameter.name) SE \(se) vs \(row.se) (MC SD \(seSD))")
            // Barnard–Rubin: ν_obs = (ν+1)/(ν+3)·ν when nothing is missing (B = 0), below the ANCOVA's ν = 172 − 3 otherwise.
            let df = try #require(parameter.degreesOfFreedom), complete = 169.0
            if between == 0 {
                #expect(abs(df - (complete + 1) / (complete + 3) * complete) <= 1e-9, "\(parameter.name) df \(df)")
            } else {
                #expect(df > 0 && df < complete, "\(parameter.name) df \(df)")
            }
        }
    }

    @Test func sameSeedSameResultAndDrawsDifferBySeed() throws {
        let data = try AntidepressantTrial.data()
        let first = try Self.estimator(imputations: 10, seed: 7).run(data), second = try Self.estimator(imputations: 10, seed: 7).run(data)
        #expect(first.parameters == second.parameters)
        let other = try Self.estimator(imputations: 10, seed: 8).run(data)
        #expect(other.parameters.map(\.estimate) != first.parameters.map(\.estimate))
    }

    /// The draws' covariance is the conditional one, Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM: 20,000 draws for two
    /// missing visits given one seen, each entry within 4.5 Monte-Carlo SDs.
    @Test func drawsHaveTheConditionalCovariance() throws {
        let sigma = [[4.0, 2.0, 1.5], [2.0, 5.0, 2.5], [1.5, 2.5, 6.0]]
        var generator = Xoshiro256StarStar(seed: 3)
        let count = 20_000
        var sums = [0.0, 0.0], products = [0.0, 0.0, 0.0]
        for _ in 0..<count {
            let noise = try ConditionalMeanImputation.conditionalNoise(missing: [1, 2], seen: [0], sigma: { sigma[$0][$1] }, generator: &generator, subject: "S")
            sums[0] += noise[0]; sums[1] += noise[1]
            products[0] += noise[0] * noise[0]; products[1] += noise[0] * noise[1]; products[2] += noise[1] * noise[1]
        }
        // Conditional on visit 0: Σ_MM − Σ_M0 Σ_0M / Σ_00.
        let expected: [Double] = [5.0 - 2.0 * 2.0 / 4.0, 2.5 - 2.0 * 1.5 / 4.0, 6.0 - 1.5 * 1.5 / 4.0]
        let n = Double(count)
        let observed: [Double] = products.map { $0 / n }
        let offDiagonalSD: Double = ((expected[0] * expected[2] + expected[1] * expected[1]) / n).squareRoot()
        let sds: [Double] = [expected[0] * (2 / n).squareRoot(), offDiagonalSD, expected[2] * (2 / n).squareRoot()]
        for index in 0..<3 {
            let difference: Double = abs(observed[index] - expected[index])
            #expect(difference <= 4.5 * sds[index], "entry \(index): \(observed[index]) vs \(expected[index])")
        }
        let meanLimits: [Double] = [4.5 * (expected[0] / n).squareRoot(), 4.5 * (expected[2] / n).squareRoot()]
        #expect(abs(sums[0] / n) <= meanLimits[0])
        #expect(abs(sums[1] / n) <= meanLimits[1])
    }
}
