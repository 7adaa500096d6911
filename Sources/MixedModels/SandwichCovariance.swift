import LinearAlgebra

/// The empirical ("sandwich") covariance of β̂, robust to a misspecified covariance structure:
/// Var(β̂) ≈ M [Σᵢ X_iᵀWᵢAᵢeᵢeᵢᵀAᵢWᵢX_i] M, M = (X'WX)⁻¹, Wᵢ = Σ̂ᵢ⁻¹, eᵢ the subject's residuals.
///
/// CR0 takes Aᵢ = I (Liang & Zeger 1986). CR2, the bias-reduced estimator of Bell & McCaffrey
/// (2002) in Pustejovsky & Tipton's form (2018; clubSandwich's default), takes
/// Aᵢ = Dᵢᵀ Bᵢ^{−1/2} Dᵢ with Σ̂ᵢ = DᵢᵀDᵢ and Bᵢ = Dᵢ(Σ̂ᵢ − XᵢMXᵢᵀ)Dᵢᵀ, which makes the estimator
/// unbiased when the working covariance is right.
public enum SandwichEstimator: String, Codable, Sendable, CaseIterable {
    case cr0 = "CR0"
    case cr2 = "CR2"
}

extension RepeatedMeasuresFit {
    public func sandwichCovariance(_ estimator: SandwichEstimator) throws(MixedModelError) -> Matrix {
        let model = self.model, n = model.observationCount, p = model.fixedEffectCount, t = model.visits.count
        guard let design = model.frame.covariance else { return fixedEffectsCovariance }
        let x = model.fixedEffectsMatrix.storage, beta = fixedEffects, phi = fixedEffectsCovariance
        var rowsOfSubject = [[Int]](repeating: [], count: model.subjectCount)
        for row in 0..<n { rowsOfSubject[Int(design.subjectIndices[row])].append(row) }
        var meat = Matrix(rows: p, columns: p)
        for rows in rowsOfSubject where !rows.isEmpty {
            let k = rows.count
            let group = design.groupIndices.map { Int($0[rows[0]]) } ?? 0
            let sigma = evaluation.covariances[group]
            var sigmaI = Matrix(rows: k, columns: k), xI = Matrix(rows: k, columns: p)
            var residual = [Double](repeating: 0, count: k)
            // A weighted subject's working covariance is W^{-1/2} Σ W^{-1/2}, taken as it is: CR2's adjustment
            // is not unchanged by rescaling rows, and clubSandwich adjusts on the data's own scale.
            let scales = rows.map { row in model.weights.map { 1 / $0[row].squareRoot() } ?? 1 }
            for (a, row) in rows.enumerated() {
                let va = Int(design.visitIndices[row])
                for (b, other) in rows.enumerated() { sigmaI[a, b] = scales[a] * scales[b] * sigma[Int(design.visitIndices[other]) * t + va] }
                var fitted = 0.0
                for c in 0..<p { xI[a, c] = x[c * n + row]; fitted += x[c * n + row] * beta[c] }
                residual[a] = model.response[row] - fitted
            }
            let cholesky: CholeskyFactorization
            do {
                cholesky = try CholeskyFactorization(sigmaI)
            } catch {
                throw .numerical("Σ̂ is not positive definite for a subject's visits: \(error)")
            }
            // u = W A e, then the subject adds (X'u)(X'u)ᵀ.
            var adjusted = residual
            if estimator == .cr2 {
                // Σ̂ᵢ = DᵀD with D = Lᵀ (L the lower Cholesky factor); Bᵢ = D(Σ̂ᵢ − XᵢMXᵢᵀ)Dᵀ.
                let l = cholesky.lower
                let xmx = try! xI.multiplied(by: try! phi.multiplied(by: xI, transposingOther: true))
                var middle = sigmaI
                for index in middle.storage.indices { middle.storage[index] -= xmx.storage[index] }
                let d = l.transposed()
                let b = try! d.multiplied(by: try! middle.multiplied(by: l))
                let root = try Self.inverseSquareRoot(b)
                let a = try! d.multiplied(by: try! root.multiplied(by: d), transposingSelf: true)
                adjusted = try! a.multiplied(by: residual)
            }
            let weighted: [Double]
            do {
                weighted = try cholesky.solve(adjusted)
            } catch {
                throw .numerical("\(error)")
            }
            let score = try! xI.multiplied(by: weighted, transposingSelf: true)
            for i in 0..<p { for j in 0..<p { meat[i, j] += score[i] * score[j] } }
        }
        return try! phi.multiplied(by: try! meat.multiplied(by: phi))
    }

    /// B^{−1/2} for a symmetric positive semi-definite B, over its positive eigenvalues (the
    /// Moore-Penrose form clubSandwich uses).
    static func inverseSquareRoot(_ b: Matrix) throws(MixedModelError) -> Matrix {
        let eigen: SymmetricEigendecomposition
        do {
            eigen = try SymmetricEigendecomposition(b)
        } catch {
            throw .numerical("the CR2 adjustment: \(error)")
        }
        let largest = eigen.values.max() ?? 0
        var result = Matrix(rows: b.rows, columns: b.columns)
        for (position, value) in eigen.values.enumerated() where value > 1e-12 * max(largest, 1e-300) {
            let vector = eigen.vectors.column(position)
            for i in 0..<b.rows { for j in 0..<b.columns { result[i, j] += vector[i] * vector[j] / value.squareRoot() } }
        }
        return result
    }
}
