import LinearAlgebra

/// Kenward and Roger's (1997) small-sample inference for fixed effects, as pbkrtest computes it
/// (Halekoh & Højsgaard 2014, J Stat Softw 59(9)): an adjusted covariance of β̂ and an
/// approximate F distribution with scaled statistic and denominator df.
///
/// V = Σᵢ σᵢGᵢ with the variance parameters on their natural scale (each term's covariance
/// entries, lower triangle column by column, then σ²). pbkrtest forms the n×n V⁻¹; here every
/// quantity is summed over `IndependentBlocks`, the groups of rows on which V is block
/// diagonal (one per subject for a subject term), so the cost grows linearly with the number
/// of subjects:
///
///     P_i = −X'V⁻¹GᵢV⁻¹X,  Q_ij = X'V⁻¹GᵢV⁻¹GⱼV⁻¹X,  K_ij = tr(V⁻¹GᵢV⁻¹Gⱼ)
///     W = I_E⁻¹, 2·I_E[i,j] = K_ij − 2tr(ΦQ_ij) + tr(ΦPᵢΦPⱼ)
///     Φ_A = Φ + 2Φ[ΣΣ W_ij(Q_ij − PᵢΦPⱼ)]Φ
public struct KenwardRoger: Sendable {
    public let fixedEffects: [Double]
    /// Φ = (X'V⁻¹X)⁻¹.
    public let unadjustedCovariance: Matrix
    /// Φ_A, the covariance of β̂ adjusted for the variance parameters being estimated.
    public let adjustedCovariance: Matrix
    /// W, the asymptotic covariance of the variance parameters.
    public let parameterCovariance: Matrix
    let derivatives: [Matrix]

    /// Refuses ML fits, as lmerTest does: KR's derivation rests on REML.
    public init(fit: LinearMixedModelFit, maximumBlockSize: Int = 2_000) throws(MixedModelError) {
        guard fit.method == .reml else { throw .kenwardRogerNeedsREML }
        let model = fit.model, terms = model.terms
        let n = model.observationCount, p = model.fixedEffectCount
        let variance = fit.sigma * fit.sigma
        let x = model.fixedEffectsMatrix.storage

        // Parameters: (term, a, b) for each covariance entry, then the residual (term nil).
        var parameterTerm: [Int?] = [], parameterA: [Int] = [], parameterB: [Int] = []
        for (index, term) in terms.enumerated() {
            for position in term.thetaPositions {
                parameterTerm.append(index)
                parameterA.append(position.row)
                parameterB.append(position.column)
            }
        }
        parameterTerm.append(nil)
        parameterA.append(0)
        parameterB.append(0)
        let m = parameterTerm.count
        let relative = terms.map { $0.relativeCovariance }

        let blocks = IndependentBlocks(terms: terms, observationCount: n)
        guard blocks.largestBlock <= maximumBlockSize else {
            throw .blockTooLarge(rows: blocks.largestBlock, limit: maximumBlockSize)
        }
        var xtvx = [Double](repeating: 0, count: p * p)
        var pSums = [[Double]](repeating: [Double](repeating: 0, count: p * p), count: m)
        var qSums = [[Double]](repeating: [Double](repeating: 0, count: p * p), count: m * m)
        var kSums = [Double](repeating: 0, count: m * m)

        for rows in blocks.rows {
            let s = rows.count
            // V_s = σ²(I + Σ_k Z_k λλᵀ Z_kᵀ) over rows sharing each term's level.
            var v = Matrix(rows: s, columns: s)
            for c in 0..<s {
                for r in c..<s {
                    var sum = r == c ? 1.0 : 0.0
                    for (index, term) in terms.enumerated() where term.levelIndices[rows[r]] == term.levelIndices[rows[c]] {
                        let k = term.effectCount, zr = rows[r] * k, zc = rows[c] * k
                        for a in 0..<k {
                            for b in 0..<k { sum += term.effectValues[zr + a] * relative[index][a, b] * term.effectValues[zc + b] }
                        }
                    }
                    v[r, c] = variance * sum
                    v[c, r] = variance * sum
                }
            }
            let vInverse: Matrix
            do {
                vInverse = try CholeskyFactorization(v).inverse()
            } catch {
                throw .numerical("V is not positive definite for the rows from line \(model.frame.lineNumbers[rows[0]]): \(error)")
            }
            var xs = [Double](repeating: 0, count: s * p)
            for column in 0..<p { for r in 0..<s { xs[column * s + r] = x[column * n + rows[r]] } }
            let t = Self.product(vInverse.storage, s, s, xs, p)
            Self.accumulateTransposedProduct(&xtvx, xs, t, s, p, p, sign: 1)
            var o: [[Double]] = []
            var h: [[Double]] = []
            for i in 0..<m {
                var g = [Double](repeating: 0, count: s * s)
                if let termIndex = parameterTerm[i] {
                    let term = terms[termIndex], k = term.effectCount
                    // A nested term held in copies: its parameter is every copy's (they share it).
                    for shift in term.copyShifts(ofEffect: parameterA[i]) {
                        let a = parameterA[i] + shift, b = parameterB[i] + shift
                        for c in 0..<s {
                            for r in 0..<s where term.levelIndices[rows[r]] == term.levelIndices[rows[c]] {
                                let zr = rows[r] * k, zc = rows[c] * k
                                g[c * s + r] += a == b
                                    ? term.effectValues[zr + a] * term.effectValues[zc + a]
                                    : term.effectValues[zr + a] * term.effectValues[zc + b] + term.effectValues[zr + b] * term.effectValues[zc + a]
                            }
                        }
                    }
                } else {
                    for r in 0..<s { g[r * s + r] = 1 }
                }
                o.append(Self.product(g, s, s, t, p))
                h.append(Self.product(vInverse.storage, s, s, g, s))
            }
            for i in 0..<m {
                Self.accumulateTransposedProduct(&pSums[i], t, o[i], s, p, p, sign: -1)
                for j in i..<m {
                    let vo = Self.product(vInverse.storage, s, s, o[j], p)
                    Self.accumulateTransposedProduct(&qSums[i * m + j], o[i], vo, s, p, p, sign: 1)
                    var trace = 0.0
                    for a in 0..<s { for b in 0..<s { trace += h[i][b * s + a] * h[j][a * s + b] } }
                    kSums[i * m + j] += trace
                }
            }
        }

        let phi: Matrix
        do {
            phi = try CholeskyFactorization(Matrix(rows: p, columns: p, columnMajor: xtvx)).inverse()
        } catch {
            throw .numerical("X'V⁻¹X is not positive definite: \(error)")
        }
        try self.init(fixedEffects: fit.fixedEffects, phi: phi,
                      derivatives: pSums.map { try! Matrix(rows: p, columns: p, columnMajor: $0) },
                      secondOrder: { i, j in
                          i <= j ? try! Matrix(rows: p, columns: p, columnMajor: qSums[i * m + j])
                              : try! Matrix(rows: p, columns: p, columnMajor: qSums[j * m + i]).transposed()
                      },
                      traces: { i, j in kSums[min(i, j) * m + max(i, j)] })
    }

    /// Assembles W, Φ_A and the df machinery from the sums every model supplies:
    /// P_i (`derivatives`), Q_ij (`secondOrder`) and K_ij = tr(V⁻¹GᵢV⁻¹Gⱼ) (`traces`). W is the
    /// inverse expected information (pbkrtest's) unless `parameterCovariance` gives it (the
    /// observed one, SAS's and mmrm's for an MMRM). For a covariance that is not linear in its
    /// parameters, `weightedCurvature` = Σᵢⱼ Wᵢⱼ R_ij with R_ij = X'V⁻¹(∂²V/∂σᵢ∂σⱼ)V⁻¹X enters
    /// Φ_A as −¼ of it (Kenward & Roger 1997, eq. 2).
    init(
        fixedEffects: [Double], phi: Matrix, derivatives pMatrices: [Matrix], secondOrder q: (Int, Int) -> Matrix,
        traces k: (Int, Int) -> Double, parameterCovariance given: Matrix? = nil, weightedCurvature: Matrix? = nil
    ) throws(MixedModelError) {
        self.fixedEffects = fixedEffects
        let p = phi.rows, m = pMatrices.count
        func product(_ a: Matrix, _ b: Matrix) -> Matrix { try! a.multiplied(by: b) }
        func trace(_ a: Matrix) -> Double { (0..<a.rows).reduce(0) { $0 + a[$1, $1] } }
        let w: Matrix
        if let given {
            w = given
        } else {
            let phiP = pMatrices.map { product(phi, $0) }
            var information = Matrix(rows: m, columns: m)  // 2·I_E
            for i in 0..<m {
                for j in i..<m {
                    let value = k(i, j) - 2 * trace(product(phi, q(i, j))) + trace(product(phiP[i], phiP[j]))
                    information[i, j] = value
                    information[j, i] = value
                }
            }
            do {
                w = try Self.inverseOfInformation(information)
            } catch {
                throw .numerical("the expected information of the variance parameters: \(error)")
            }
        }
        var u = Matrix(rows: p, columns: p)
        for i in 0..<m {
            for j in 0..<m where w[i, j] != 0 {
                let term = product(product(pMatrices[i], phi), pMatrices[j])
                let qij = q(i, j)
                for index in 0..<(p * p) { u.storage[index] += w[i, j] * (qij.storage[index] - term.storage[index]) }
            }
        }
        if let weightedCurvature {
            for index in 0..<(p * p) { u.storage[index] -= 0.25 * weightedCurvature.storage[index] }
        }
        var adjusted = product(product(phi, u), phi)
        for index in 0..<(p * p) { adjusted.storage[index] = phi.storage[index] + 2 * adjusted.storage[index] }
        // Symmetric by construction; remove rounding asymmetry.
        for i in 0..<p { for j in 0..<i { let mean = (adjusted[i, j] + adjusted[j, i]) / 2; adjusted[i, j] = mean; adjusted[j, i] = mean } }
        unadjustedCovariance = phi
        adjustedCovariance = adjusted
        parameterCovariance = w
        derivatives = pMatrices
    }

    /// W = 2·(2·I_E)⁻¹, by the pseudo-inverse when the smallest |eigenvalue| is at most 1e-10
    /// (pbkrtest's rule, which uses MASS::ginv there).
    static func inverseOfInformation(_ information: Matrix) throws(LinearAlgebraError) -> Matrix {
        let eigen = try SymmetricEigendecomposition(information)
        let smallest = eigen.values.map(abs).min() ?? 0
        let largest = eigen.values.map(abs).max() ?? 0
        let cutoff = smallest > 1e-10 ? 0 : 1.4901161193847656e-08 * largest
        var inverse = Matrix(rows: information.rows, columns: information.columns)
        for (position, value) in eigen.values.enumerated() where abs(value) > cutoff {
            let vector = eigen.vectors.column(position)
            for i in 0..<inverse.rows { for j in 0..<inverse.columns { inverse[i, j] += 2 * vector[i] * vector[j] / value } }
        }
        return inverse
    }

    /// A (rows × inner, column-major) times B (inner × columns).
    static func product(_ a: [Double], _ rows: Int, _ inner: Int, _ b: [Double], _ columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: rows * columns)
        for column in 0..<columns {
            for k in 0..<inner {
                let value = b[column * inner + k]
                if value == 0 { continue }
                for row in 0..<rows { result[column * rows + row] += a[k * rows + row] * value }
            }
        }
        return result
    }

    /// sum += sign·AᵀB for A (inner × rows) and B (inner × columns).
    static func accumulateTransposedProduct(
        _ sum: inout [Double], _ a: [Double], _ b: [Double], _ inner: Int, _ rows: Int, _ columns: Int, sign: Double
    ) {
        for column in 0..<columns {
            for row in 0..<rows {
                var total = 0.0
                for k in 0..<inner { total += a[row * inner + k] * b[column * inner + k] }
                sum[column * rows + row] += sign * total
            }
        }
    }
}
