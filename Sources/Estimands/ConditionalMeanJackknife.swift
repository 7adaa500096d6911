import Dispatch
import Distributions
import LinearAlgebra

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
        let everyone = Array(0..<data.subjectCount)
        let design = try imputation.design(data)
        let full = try imputation.impute(data, keeping: everyone, design: design)
        let start = full.fit.theta, fullModel = full.fit.model
        let modelSubjects = fullModel.frame.covariance?.subjects ?? []
        let analysisDesign = try analysis.design(data)
        let point = try analysis.estimates(data, keeping: everyone, completed: full.completed, design: analysisDesign)
        let n = data.subjectCount
        var replicates = [[Double]?](repeating: nil, count: n)
        var failures = [EstimandError?](repeating: nil, count: n)
        let imputation = imputation, analysis = analysis
        // The replicates share the cores: BLAS runs one thread each, or the two levels fight over them.
        let threads = LinearAlgebraLibraryInformation.current().blasThreads
        LinearAlgebraLibraryInformation.setBLASThreads(1)
        defer { LinearAlgebraLibraryInformation.setBLASThreads(threads) }
        replicates.withUnsafeMutableBufferPointer { values in
            failures.withUnsafeMutableBufferPointer { errors in
                let valuesPointer = values, errorsPointer = errors
                nonisolated(unsafe) let sharedValues = valuesPointer, sharedErrors = errorsPointer
                DispatchQueue.concurrentPerform(iterations: n) { left in
                    let kept = everyone.filter { $0 != left }
                    do {
                        // The whole data's model less the subject's cross products: no model frame formed again.
                        let model = modelSubjects.firstIndex(of: data.subjects[left]).map { fullModel.leavingOut(subject: $0) } ?? fullModel
                        let imputed = try imputation.impute(data, keeping: kept, design: design, start: start, model: model)
                        sharedValues[left] = try analysis.estimates(data, keeping: kept, completed: imputed.completed, design: analysisDesign)
                    } catch {
                        sharedErrors[left] = error as? EstimandError ?? .model("\(error)")
                    }
                }
            }
        }
        if let index = failures.firstIndex(where: { $0 != nil }), let failure = failures[index] {
            throw .model("with subject \(data.subjects[index]) left out (jackknife): \(failure)")
        }
        let samples = replicates.map { $0! }
        let names = analysis.parameterNames(visits: data.visits)
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
