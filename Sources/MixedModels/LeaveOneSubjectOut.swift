import LinearAlgebra

extension RepeatedMeasuresModel {
    /// The model of the same data without one subject (a jackknife replicate): the subject's
    /// cross products taken out of their pattern's, which is all the criterion reads of the data,
    /// so no model frame is formed again. `subject` indexes `frame.covariance!.subjects`; a
    /// subject without rows leaves the model as it is. Only the criterion is the replicate's: the
    /// model's rows, counts and responses stay the whole data's, so it is for refitting θ and β
    /// (the package's jackknife), not for anything read off the rows. Refused, as a model of the
    /// replicate's data would be, when an unstructured Σ loses every subject seen at some pair of
    /// visits.
    package func leavingOut(subject: Int) throws(MixedModelError) -> RepeatedMeasuresModel {
        let rows = subjectIndices.indices.filter { Int(subjectIndices[$0]) == subject }
        guard !rows.isEmpty, let design = frame.covariance else { return self }
        let visits = rows.map { Int(design.visitIndices[$0]) }
        let order = visits.indices.sorted { visits[$0] < visits[$1] }
        let seen = order.map { visits[$0] }, ordered = order.map { rows[$0] }
        let group = design.groupIndices.map { Int($0[rows[0]]) } ?? 0
        guard let index = patterns.firstIndex(where: { $0.group == group && $0.visits == seen }) else {
            throw .numerical("subject \(design.subjects[subject])'s visits are in no missingness pattern of the model")
        }
        var copy = self
        let pattern = patterns[index]
        guard pattern.subjectCount > 1 else {
            copy.patterns.remove(at: index)
            try copy.requireEveryPairSeen(without: design.subjects[subject])
            return copy
        }
        let p = fixedEffectCount, q = p + 1, k = seen.count, n = observationCount
        // The subject's (x, y) at each of the pattern's visits, scaled by √w as the patterns hold them.
        let stacked: [[Double]] = ordered.map { row in
            let scale = weights.map { $0[row].squareRoot() } ?? 1
            return (0..<p).map { scale * fixedEffectsMatrix.storage[$0 * n + row] } + [scale * response[row]]
        }
        var crossProducts = pattern.crossProducts
        for a in 0..<k {
            for b in 0..<k {
                for v in 0..<q { for u in 0..<q { crossProducts[v * q + u, b * k + a] -= stacked[a][u] * stacked[b][v] } }
            }
        }
        copy.patterns[index] = MissingnessPattern(group: pattern.group, visits: pattern.visits, subjectCount: pattern.subjectCount - 1,
                                                  crossProducts: crossProducts)
        return copy
    }

    /// An unstructured Σ needs each pair of visits seen together in some pattern, and every
    /// structure but a spatial one each visit seen.
    func requireEveryPairSeen(without subject: String) throws(MixedModelError) {
        guard !term.structure.isSpatial else { return }
        let t = visits.count
        for group in groups.indices {
            var together = [Bool](repeating: false, count: t * t)
            for pattern in patterns where pattern.group == group {
                for a in pattern.visits { for b in pattern.visits { together[a * t + b] = true } }
            }
            for a in 0..<t {
                for b in 0...a where !together[a * t + b] && (term.structure == .us || a == b) {
                    throw .invalidOption("with subject \(subject) left out, no subject was seen at \(a == b ? visits[a] : "both \(visits[b]) and \(visits[a])"), "
                                         + "so the covariance cannot be estimated")
                }
            }
        }
    }
}
