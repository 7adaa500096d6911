import MixedModels

/// Conditional mean imputation with jackknife standard errors (Wolbers et al. 2022; rbmi's
/// `method_condmean(type = "jackknife")` with `pool`): the point estimates from the data as a
/// whole, and each subject left out in turn (the model refitted, the others imputed and
/// analysed again), SE = √((n−1)/n Σ (θ̂₍ᵢ₎ − θ̄)²), normal intervals and p-values. The n
/// replicates run in parallel; each is computed alone, so the result does not depend on how
/// many run at once.
public struct ConditionalMeanJackknife: Sendable {
    public let imputation: ConditionalMeanImputation
    public let analysis: VisitANCOVA
    public let confidenceLevel: Double

    public init(imputation: ConditionalMeanImputation, analysis: VisitANCOVA, confidenceLevel: Double = 0.95) {
        self.imputation = imputation
        self.analysis = analysis
        self.confidenceLevel = confidenceLevel
    }

    public func run(_ data: ImputationData) throws(EstimandError) -> PooledEstimates {
        try run(data, adjustments: [.treatmentArm(0, visits: data.visitCount)])[0]
    }

    /// One result per delta for the treatment arm at every visit (a tipping-point grid).
    public func run(_ data: ImputationData, deltas: [Double]) throws(EstimandError) -> [PooledEstimates] {
        try run(data, adjustments: deltas.map { .treatmentArm($0, visits: data.visitCount) })
    }

    /// One result per adjustment: each adds its δ to the imputed (missing) values before the
    /// analysis, in the whole data and in every replicate (rbmi's `analyse(…, delta)` with
    /// `delta = is_missing × δ`). The imputations do not depend on δ, so they are done once and a
    /// grid of deltas (a tipping-point scan) costs only its analyses.
    public func run(_ data: ImputationData, adjustments: [DeltaAdjustment]) throws(EstimandError) -> [PooledEstimates] {
        try ParallelReplicates.withSingleThreadedBLAS { () throws(EstimandError) -> [PooledEstimates] in
            let resampled = try ResampledImputation(imputation, data: data)
            let analysisDesign = try analysis.design(data)
            let everyone = Array(0..<data.subjectCount)
            let completedReplicates = try Self.eachLeftOut(data) { left, kept throws(EstimandError) in
                try resampled.impute(data, sample: kept, label: "with subject \(data.subjects[left]) left out").completed
            }
            let analysis = analysis
            var results: [PooledEstimates] = []
            for delta in adjustments {
                let point = try analysis.estimates(data, keeping: everyone, completed: delta.applied(to: resampled.whole.completed, keeping: everyone, data: data),
                                                   design: analysisDesign)
                let samples = try Self.eachLeftOut(data) { left, kept throws(EstimandError) in
                    try analysis.estimates(data, keeping: kept, completed: delta.applied(to: completedReplicates[left], keeping: kept, data: data),
                                           design: analysisDesign)
                }
                let names = analysis.parameterNames(visits: data.visits)
                results.append(PooledEstimates(parameters: names.indices.map { index in
                    Pooling.jackknife(name: names[index], point: point[index], replicates: samples.map { $0[index] }, level: confidenceLevel)
                }, replicates: samples.count))
            }
            return results
        }
    }

    /// `body` for each subject left out (its index and the others'), in parallel; the first
    /// failure, by subject, is thrown naming the subject.
    static func eachLeftOut<T: Sendable>(_ data: ImputationData,
                                         _ body: @Sendable (Int, [Int]) throws(EstimandError) -> T) throws(EstimandError) -> [T] {
        let everyone = Array(0..<data.subjectCount)
        let outcomes = ParallelReplicates.map(0..<data.subjectCount) { left throws(EstimandError) in
            try body(left, everyone.filter { $0 != left })
        }
        var values: [T] = []
        for (left, outcome) in outcomes.enumerated() {
            switch outcome {
            case let .success(value): values.append(value)
            case let .failure(error): throw .replicate(subject: data.subjects[left], error)
            }
        }
        return values
    }
}
