import LinearAlgebra

extension RepeatedMeasuresModel {
    /// The model of the same data without one subject (a jackknife replicate). Subject indexes
    /// `frame.covariance!.subjects`; a subject without rows leaves the model as it is.
    package func leavingOut(subject: Int) throws(MixedModelError) -> RepeatedMeasuresModel {
        guard let design = frame.covariance else { return self }
        var multiplicities = [Int](repeating: 1, count: design.subjects.count)
        multiplicities[subject] = 0
        return try resampling(multiplicities, sample: "with subject \(design.subjects[subject]) left out")
    }

    /// The model of a resample of the subjects: subject i (indexing `frame.covariance!.subjects`)
    /// taken `multiplicities[i]` times, as a bootstrap sample takes them, each copy a subject of
    /// its own. Each subject's cross products are added to (or taken out of) their pattern's
    /// m − 1 times, which is all the criterion reads of the data, so no model frame is formed
    /// again. Only the criterion is the resample's: the model's rows, counts and responses stay
    /// the whole data's, so it is for refitting θ and β, not for anything read off the rows.
    /// Refused, as a model of the resample's data would be, when an unstructured Σ loses every
    /// subject seen at some pair of visits; `sample` names the resample in that message.
    package func resampling(_ multiplicities: [Int], sample: String) throws(MixedModelError) -> RepeatedMeasuresModel {
        guard let design = frame.covariance else { return self }
        precondition(multiplicities.count == design.subjects.count && multiplicities.allSatisfy { $0 >= 0 },
                     "one non-negative multiplicity per subject")
        var rowsOfSubject = [[Int]](repeating: [], count: design.subjects.count)
        for (row, subject) in subjectIndices.enumerated() where multiplicities[Int(subject)] != 1 {
            rowsOfSubject[Int(subject)].append(row)
        }
        let p = fixedEffectCount, q = p + 1, n = observationCount
        var crossProducts = patterns.map(\.crossProducts)
        var counts = patterns.map(\.subjectCount)
        for (subject, rows) in rowsOfSubject.enumerated() where !rows.isEmpty {
            let visitsSeen = rows.map { Int(design.visitIndices[$0]) }
            let order = visitsSeen.indices.sorted { visitsSeen[$0] < visitsSeen[$1] }
            let seen = order.map { visitsSeen[$0] }, ordered = order.map { rows[$0] }
            let group = design.groupIndices.map { Int($0[rows[0]]) } ?? 0
            guard let index = patterns.firstIndex(where: { $0.group == group && $0.visits == seen }) else {
                throw .numerical("subject \(design.subjects[subject])'s visits are in no missingness pattern of the model")
            }
            let change = Double(multiplicities[subject] - 1), k = seen.count
            counts[index] += multiplicities[subject] - 1
            // The subject's (x, y) at each of the pattern's visits (q per visit, visit-major), scaled
            // by √w as the patterns hold them.
            var stacked = [Double](repeating: 0, count: k * q)
            for (a, row) in ordered.enumerated() {
                let scale = weights.map { $0[row].squareRoot() } ?? 1
                for u in 0..<p { stacked[a * q + u] = scale * fixedEffectsMatrix.storage[u * n + row] }
                stacked[a * q + p] = scale * response[row]
            }
            // Entry (v·q + u, b·k + a) of the column-major (q² × k²) matrix gains change · w_a[u] w_b[v].
            let rowCount = q * q
            stacked.withUnsafeBufferPointer { w in
                crossProducts[index].storage.withUnsafeMutableBufferPointer { c in
                    for b in 0..<k {
                        for a in 0..<k {
                            let column = (b * k + a) * rowCount
                            for v in 0..<q {
                                let scaled = change * w[b * q + v], base = column + v * q
                                for u in 0..<q { c[base + u] += scaled * w[a * q + u] }
                            }
                        }
                    }
                }
            }
        }
        var copy = self
        copy.patterns = patterns.indices.compactMap { index in
            counts[index] == 0 ? nil : MissingnessPattern(group: patterns[index].group, visits: patterns[index].visits,
                                                          subjectCount: counts[index], crossProducts: crossProducts[index])
        }
        if copy.patterns.count < patterns.count { try copy.requireEveryPairSeen(sample) }
        return copy
    }

    /// An unstructured Σ needs each pair of visits seen together in some pattern, and every
    /// structure but a spatial one each visit seen.
    func requireEveryPairSeen(_ sample: String) throws(MixedModelError) {
        guard !term.structure.isSpatial else { return }
        let t = visits.count
        for group in groups.indices {
            var together = [Bool](repeating: false, count: t * t)
            for pattern in patterns where pattern.group == group {
                for a in pattern.visits { for b in pattern.visits { together[a * t + b] = true } }
            }
            for a in 0..<t {
                for b in 0...a where !together[a * t + b] && (term.structure == .us || a == b) {
                    throw .invalidOption("\(sample), no subject was seen at \(a == b ? visits[a] : "both \(visits[b]) and \(visits[a])"), "
                                         + "so the covariance cannot be estimated")
                }
            }
        }
    }
}
