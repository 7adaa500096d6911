import Distributions
import MixedModels

/// Approximate Bayesian multiple imputation (rbmi's `method_approxbayes`; Little and Rubin's
/// bootstrap approximation to the posterior): for each of M imputations, a bootstrap sample of
/// subjects (stratified by arm) is fitted by REML, and every subject's missing values are drawn
/// from their conditional distribution under that fit and their strategy. Each completed data set
/// is analysed by the visit ANCOVA and the M results pooled by Rubin's rules with the
/// Barnard–Rubin df. Imputation m draws from its own seeded generator, so the result is the same
/// however many run at once.
public struct ApproximateBayesianImputation: Sendable {
    public let imputation: ConditionalMeanImputation
    public let analysis: VisitANCOVA
    public let confidenceLevel: Double
    public let imputations: Int
    public let seed: UInt64
    /// Failed samples allowed, as a fraction of `imputations` (rbmi's `threshold`, 0.01 by default).
    public let failureThreshold: Double
    /// Bootstrap samples to fit instead of drawing them (each a list of subject indices).
    public var givenSamples: [[Int]]?

    public init(imputation: ConditionalMeanImputation, analysis: VisitANCOVA, confidenceLevel: Double = 0.95, imputations: Int,
                seed: UInt64, failureThreshold: Double = 0.01) {
        self.imputation = imputation
        self.analysis = analysis
        self.confidenceLevel = confidenceLevel
        self.imputations = imputations
        self.seed = seed
        self.failureThreshold = failureThreshold
    }

    public func run(_ data: ImputationData) throws(EstimandError) -> PooledEstimates {
        try run(data, adjustments: [.treatmentArm(0, visits: data.visitCount)])[0]
    }

    /// One result per adjustment (δ added to the imputed values before each analysis); the
    /// imputations are drawn once for all of them.
    public func run(_ data: ImputationData, adjustments: [DeltaAdjustment]) throws(EstimandError) -> [PooledEstimates] {
        guard imputations >= 2 else { throw .notEstimable("Rubin's rules need at least 2 imputations (asked for \(imputations))") }
        return try ParallelReplicates.withSingleThreadedBLAS { () throws(EstimandError) -> [PooledEstimates] in
            let resampled = try ResampledImputation(imputation, data: data)
            let analysisDesign = try analysis.design(data)
            let everyone = Array(0..<data.subjectCount)
            let imputation = imputation, whole = resampled.whole
            let (completedSets, failed) = try BootstrapRounds.run(target: imputations, threshold: failureThreshold, given: givenSamples,
                                                                  samples: BootstrapSamples(data, seed: seed)) { index, subjects, generator throws(EstimandError) in
                var multiplicities = [Int](repeating: 0, count: data.subjectCount)
                for subject in subjects { multiplicities[subject] += 1 }
                let model = try resampled.model(multiplicities: multiplicities, sample: "in bootstrap sample \(index + 1)")
                var draws = generator
                return try imputation.imputeDrawing(data, keeping: everyone, design: resampled.design, start: whole.fit.theta, model: model,
                                                    hessian: whole.fit.hessian, using: &draws).completed
            }
            let analysis = analysis
            let names = analysis.parameterNames(visits: data.visits)
            var results: [PooledEstimates] = []
            for delta in adjustments {
                let outcomes = ParallelReplicates.map(0..<completedSets.count) { index throws(EstimandError) in
                    try analysis.inference(data, keeping: everyone, completed: delta.applied(to: completedSets[index], keeping: everyone, data: data),
                                           design: analysisDesign)
                }
                var analyses: [(estimates: [Double], standardErrors: [Double], degreesOfFreedom: [Double])] = []
                for (index, outcome) in outcomes.enumerated() {
                    switch outcome {
                    case let .success(value) where (value.estimates + value.standardErrors).allSatisfy(\.isFinite): analyses.append(value)
                    case .success: throw .notEstimable("in imputation \(index + 1) the analysis gave an estimate or SE that is not a number")
                    case let .failure(error): throw .notEstimable("in imputation \(index + 1), the analysis: \(error)")
                    }
                }
                results.append(PooledEstimates(parameters: names.indices.map { index in
                    Pooling.rubin(name: names[index], estimates: analyses.map { $0.estimates[index] },
                                  standardErrors: analyses.map { $0.standardErrors[index] },
                                  completeDataDF: analyses[0].degreesOfFreedom[index], level: confidenceLevel)
                }, replicates: analyses.count, failedSamples: failed))
            }
            return results
        }
    }
}
