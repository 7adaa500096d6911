import Foundation
import Testing
import MixedModels
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
            #expect(parameter.degreesOfFreedom.map { $0 >= 3 } == true)
        }
    }

    @Test func sameSeedSameResultAndDrawsDifferBySeed() throws {
        let data = try AntidepressantTrial.data()
        let first = try Self.estimator(imputations: 10, seed: 7).run(data), second = try Self.estimator(imputations: 10, seed: 7).run(data)
        #expect(first.parameters == second.parameters)
        let other = try Self.estimator(imputations: 10, seed: 8).run(data)
        #expect(other.parameters.map(\.estimate) != first.parameters.map(\.estimate))
    }
}
