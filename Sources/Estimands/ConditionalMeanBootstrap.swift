import Distributions
import MixedModels

/// Conditional mean imputation with the bootstrap (Wolbers et al. 2022; rbmi's
/// `method_condmean(type = "bootstrap")` with `pool`): the point estimates from the data as a
/// whole; each bootstrap sample of subjects (stratified by arm) has its own model fitted, its
/// subjects imputed from it and analysed, and the samples' estimates give a percentile interval
/// and p-value (rbmi's default) or a normal one with the samples' SD as the SE.
public struct ConditionalMeanBootstrap: Sendable {
    public enum Interval: String, Sendable, Codable, CaseIterable {
        case percentile, normal
    }

    public let imputation: ConditionalMeanImputation
    public let analysis: VisitANCOVA
    public let confidenceLevel: Double
    public let samples: Int
    public let seed: UInt64
    public let interval: Interval
    /// Failed samples allowed, as a fraction of `samples` (rbmi's `threshold`, 0.01 by default).
    public let failureThreshold: Double
    /// Samples to use instead of drawing them (each a list of subject indices, a subject as often
    /// as drawn): another program's, to reproduce its analysis.
    public var givenSamples: [[Int]]?

    public init(imputation: ConditionalMeanImputation, analysis: VisitANCOVA, confidenceLevel: Double = 0.95, samples: Int, seed: UInt64,
                interval: Interval = .percentile, failureThreshold: Double = 0.01) {
        self.imputation = imputation
        self.analysis = analysis
        self.confidenceLevel = confidenceLevel
        self.samples = samples
        self.seed = seed
        self.interval = interval
        self.failureThreshold = failureThreshold
    }

    public func run(_ data: ImputationData) throws(EstimandError) -> PooledEstimates {
        try run(data, adjustments: [.treatmentArm(0, visits: data.visitCount)])[0]
    }

    /// One result per adjustment (δ added to the imputed values before the analysis, in the whole
    /// data and in every sample); the imputations are done once for all of them.
    public func run(_ data: ImputationData, adjustments: [DeltaAdjustment]) throws(EstimandError) -> [PooledEstimates] {
        guard samples >= 2 else { throw .notEstimable("the bootstrap needs at least 2 samples (asked for \(samples))") }
        return try ParallelReplicates.withSingleThreadedBLAS { () throws(EstimandError) -> [PooledEstimates] in
            let resampled = try ResampledImputation(imputation, data: data)
            let analysisDesign = try analysis.design(data)
            let everyone = Array(0..<data.subjectCount)
            let (replicates, failed) = try BootstrapRounds.run(target: samples, threshold: failureThreshold, given: givenSamples,
                                                               samples: BootstrapSamples(data, seed: seed)) { index, subjects, _ throws(EstimandError) in
                (index, subjects, try resampled.impute(data, sample: subjects, label: "in bootstrap sample \(index + 1)").completed)
            }
            let analysis = analysis
            var results: [PooledEstimates] = []
            for delta in adjustments {
                let point = try analysis.estimates(data, keeping: everyone, completed: delta.applied(to: resampled.whole.completed, keeping: everyone, data: data),
                                                   design: analysisDesign)
                let outcomes = ParallelReplicates.map(0..<replicates.count) { index throws(EstimandError) in
                    let (_, subjects, completed) = replicates[index]
                    return try analysis.estimates(data, keeping: subjects, completed: delta.applied(to: completed, keeping: subjects, data: data),
                                                  design: analysisDesign)
                }
                var estimates: [[Double]] = []
                for (index, outcome) in outcomes.enumerated() {
                    // The sample's model fitted, so its analysis failing is the analysis's problem, as in rbmi, not a failed sample.
                    switch outcome {
                    case let .success(value) where value.allSatisfy(\.isFinite): estimates.append(value)
                    case .success: throw .notEstimable("in bootstrap sample \(replicates[index].0 + 1) the analysis gave an estimate that is not a number")
                    case let .failure(error): throw .notEstimable("in bootstrap sample \(replicates[index].0 + 1), the analysis: \(error)")
                    }
                }
                let names = analysis.parameterNames(visits: data.visits)
                results.append(PooledEstimates(parameters: names.indices.map { index in
                    let values = estimates.map { $0[index] }
                    switch interval {
                    case .percentile:
                        return Pooling.bootstrapPercentile(name: names[index], point: point[index], replicates: values, level: confidenceLevel)
                    case .normal:
                        return Pooling.bootstrapNormal(name: names[index], point: point[index], replicates: values, level: confidenceLevel)
                    }
                }, replicates: estimates.count, failedSamples: failed))
            }
            return results
        }
    }
}
