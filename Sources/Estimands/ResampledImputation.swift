import LinearAlgebra
import MixedModels

/// The whole data's imputation and what its replicates reuse: the designs, the fitted model
/// (a replicate's model is it with the subjects' cross products reweighted,
/// `RepeatedMeasuresModel.resampling`), and θ̂ and the Hessian to refit from.
struct ResampledImputation: Sendable {
    let imputation: ConditionalMeanImputation
    let design: ConditionalMeanImputation.Design
    let whole: (completed: [Double], fit: RepeatedMeasuresFit)
    /// Per subject of the data, their index among the model's subjects (nil: nothing modelled).
    let modelIndex: [Int?]

    init(_ imputation: ConditionalMeanImputation, data: ImputationData) throws(EstimandError) {
        self.imputation = imputation
        design = try imputation.design(data)
        whole = try imputation.impute(data, keeping: Array(0..<data.subjectCount), design: design)
        let modelSubjects = whole.fit.model.frame.covariance?.subjects ?? []
        let position = Dictionary(uniqueKeysWithValues: modelSubjects.enumerated().map { ($1, $0) })
        modelIndex = data.subjects.map { position[$0] }
    }

    /// The model of a resample: each data subject taken `multiplicities[subject]` times.
    func model(multiplicities: [Int], sample: String) throws(EstimandError) -> RepeatedMeasuresModel {
        let fullModel = whole.fit.model
        var counts = [Int](repeating: 0, count: fullModel.frame.covariance?.subjects.count ?? 0)
        for (subject, count) in multiplicities.enumerated() { if let index = modelIndex[subject] { counts[index] = count } }
        do throws(MixedModelError) {
            return try fullModel.resampling(counts, sample: sample)
        } catch {
            throw .fit(error)
        }
    }

    /// The resample's subjects (data indices, a subject as often as drawn) imputed from the
    /// resample's own fit, refitted from the whole data's θ̂.
    func impute(_ data: ImputationData, sample subjects: [Int], label: String) throws(EstimandError)
        -> (completed: [Double], fit: RepeatedMeasuresFit) {
        var multiplicities = [Int](repeating: 0, count: data.subjectCount)
        for subject in subjects { multiplicities[subject] += 1 }
        let model = try model(multiplicities: multiplicities, sample: label)
        return try imputation.impute(data, keeping: subjects, design: design, start: whole.fit.theta, model: model, hessian: whole.fit.hessian)
    }
}
