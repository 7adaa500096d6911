import Dispatch
import Distributions
import LinearAlgebra
import MixedModels

/// Conditional mean imputation with jackknife standard errors (Wolbers et al. 2022; rbmi's
/// `method_condmean(type = "jackknife")` with `pool`): the point estimates from the data as a
/// whole, and each subject left out in turn (the model refitted, the others imputed and
/// analysed again), SE = √((n−1)/n Σ (θ̂₍ᵢ₎ − θ̄)²), normal intervals and p-values. The n
/// replicates run in parallel; each is computed alone, so the result does not depend on how
/// many run at once.
public struct ConditionalMeanJackknife: Sendable {
    public struct Parameter: Sendable, Equatable {
        /// rbmi's name: trt_<visit>, lsm_ref_<visit>, lsm_alt_<visit>.
        public let name: String
        public let estimate: Double
        public let standardError: Double
        public let lower: Double
        public let upper: Double
        public let p: Double
    }

    public struct Result: Sendable {
        public let parameters: [Parameter]
        /// Subjects left out one at a time: the number of jackknife replicates.
        public let replicates: Int
    }

    public let imputation: ConditionalMeanImputation
    public let analysis: VisitANCOVA
    public let confidenceLevel: Double

    public init(imputation: ConditionalMeanImputation, analysis: VisitANCOVA, confidenceLevel: Double = 0.95) {
        self.imputation = imputation
        self.analysis = analysis
        self.confidenceLevel = confidenceLevel
    }

    public func run(_ data: ImputationData) throws(EstimandError) -> Result {
        try run(data, deltas: [0])[0]
    }

    /// One result per delta for the treatment arm at every visit (a tipping-point grid).
    public func run(_ data: ImputationData, deltas: [Double]) throws(EstimandError) -> [Result] {
        try run(data, adjustments: deltas.map { .treatmentArm($0, visits: data.visitCount) })
    }

    /// One result per adjustment: each adds its δ to the imputed (missing) values before the
    /// analysis, in the whole data and in every replicate (rbmi's `analyse(…, delta)` with
    /// `delta = is_missing × δ`). The imputations do not depend on δ, so they are done once and a
    /// grid of deltas (a tipping-point scan) costs only its analyses.
    public func run(_ data: ImputationData, adjustments: [DeltaAdjustment]) throws(EstimandError) -> [Result] {
        // The replicates share the cores: BLAS runs one thread each, or the two levels fight over
        // them; the whole data's fit too, so that no number depends on how many cores there are.
        let threads = LinearAlgebraLibraryInformation.current().blasThreads
        LinearAlgebraLibraryInformation.setBLASThreads(1)
        defer { LinearAlgebraLibraryInformation.setBLASThreads(threads) }
        let everyone = Array(0..<data.subjectCount)
        let design = try imputation.design(data)
        let full = try imputation.impute(data, keeping: everyone, design: design)
        let start = full.fit.theta, fullModel = full.fit.model
        let hessian = full.fit.hessian  // taken by the fit's convergence check
        let modelSubjects = fullModel.frame.covariance?.subjects ?? []
        let analysisDesign = try analysis.design(data)
        let t = data.visitCount
        let imputation = imputation, analysis = analysis
        let completedReplicates = try Self.eachLeftOut(data) { left, kept throws(EstimandError) in
            // The whole data's model less the subject's cross products: no model frame formed again.
            // A subject with nothing modelled is not in the model: leaving them out changes no fit.
            let model: RepeatedMeasuresModel
            if let index = modelSubjects.firstIndex(of: data.subjects[left]) {
                do throws(MixedModelError) { model = try fullModel.leavingOut(subject: index) } catch { throw .fit(error) }
            } else {
                model = fullModel
            }
            return try imputation.impute(data, keeping: kept, design: design, start: start, model: model, hessian: hessian).completed
        }
        let observed = data.observed
        // The kept subjects' completed values with δ added where they were imputed (missing).
        @Sendable func shifted(_ completed: [Double], keeping kept: [Int], by delta: DeltaAdjustment) -> [Double] {
            guard !delta.isNone else { return completed }
            var values = completed
            for (position, subject) in kept.enumerated() {
                for visit in 0..<t where observed[subject * t + visit].isNaN {
                    values[position * t + visit] += delta.delta(isTreatment: data.isTreatment[subject], visit: visit)
                }
            }
            return values
        }
        var results: [Result] = []
        for delta in adjustments {
            let point = try analysis.estimates(data, keeping: everyone, completed: shifted(full.completed, keeping: everyone, by: delta),
                                               design: analysisDesign)
            let samples = try Self.eachLeftOut(data) { left, kept throws(EstimandError) in
                try analysis.estimates(data, keeping: kept, completed: shifted(completedReplicates[left], keeping: kept, by: delta), design: analysisDesign)
            }
            results.append(pooled(point: point, samples: samples, names: analysis.parameterNames(visits: data.visits)))
        }
        return results
    }

    /// `body` for each subject left out (its index and the others'), in parallel; the first
    /// failure, by subject, is thrown naming the subject.
    static func eachLeftOut<T: Sendable>(_ data: ImputationData,
                                         _ body: @Sendable (Int, [Int]) throws(EstimandError) -> T) throws(EstimandError) -> [T] {
        let n = data.subjectCount, everyone = Array(0..<n)
        var values = [T?](repeating: nil, count: n)
        var failures = [EstimandError?](repeating: nil, count: n)
        values.withUnsafeMutableBufferPointer { valuesBuffer in
            failures.withUnsafeMutableBufferPointer { failuresBuffer in
                nonisolated(unsafe) let sharedValues = valuesBuffer, sharedFailures = failuresBuffer
                DispatchQueue.concurrentPerform(iterations: n) { left in
                    do throws(EstimandError) {
                        sharedValues[left] = try body(left, everyone.filter { $0 != left })
                    } catch {
                        sharedFailures[left] = error
                    }
                }
            }
        }
        if let index = failures.firstIndex(where: { $0 != nil }), let failure = failures[index] {
            throw .replicate(subject: data.subjects[index], failure)
        }
        return values.map { $0! }
    }

    /// The jackknife SE of each parameter and its normal interval and p (rbmi's `pool`).
    func pooled(point: [Double], samples: [[Double]], names: [String]) -> Result {
        let n = samples.count
        let z = Normal.standard.quantileFunction(1 - (1 - confidenceLevel) / 2, upperTail: false, logScale: false)
        var parameters: [Parameter] = []
        for (index, name) in names.enumerated() {
            let values = samples.map { $0[index] }
            let mean = values.reduce(0, +) / Double(n)
            let se = (Double(n - 1) / Double(n) * values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }).squareRoot()
            let estimate = point[index]
            let p = 2 * Normal.standard.distributionFunction(-abs(estimate / se), upperTail: false, logScale: false)
            parameters.append(Parameter(name: name, estimate: estimate, standardError: se, lower: estimate - z * se, upper: estimate + z * se, p: p))
        }
        return Result(parameters: parameters, replicates: n)
    }
}
