import LinearAlgebra

/// β, the conditional modes and what follows from them, read off L at the current θ by
/// triangular solves (lme4's `fixef`, `ranef`, `fitted`, `vcov`).
extension LinearMixedModel {
    /// β̂: the solution for the centred response, with the centre added back to the intercept.
    public var fixedEffects: [Double] {
        var beta = centredFixedEffects
        if let intercept = interceptColumn { beta[intercept] += responseCentre }
        return beta
    }

    /// β̂ for y − responseCentre: the solution of L_Xᵀβ = ℓ_yX, where ℓ_yX is the response's
    /// row of L under the X columns.
    var centredFixedEffects: [Double] {
        let m = layout.restSize, p = layout.fixedEffects, offset = layout.fixedOffset
        var beta = (0..<p).map { factor.rest[(offset + $0) * m + layout.responseOffset] }
        factor.rest.withUnsafeBufferPointer { rest in
            beta.withUnsafeMutableBufferPointer { b in
                BlockKernels.solveLowerTriangular(rest.baseAddress! + offset * m + offset, order: p, leadingDimension: m,
                                                  b.baseAddress!, transposed: true)
            }
        }
        return beta
    }

    /// Var(β̂) = σ²(L_X L_Xᵀ)⁻¹, p × p.
    public var fixedEffectsCovariance: Matrix {
        var covariance = relativeFixedEffectsCovariance
        let variance = sigma * sigma
        for index in covariance.storage.indices { covariance.storage[index] *= variance }
        return covariance
    }

    /// (L_X L_Xᵀ)⁻¹ = (X'V⁻¹X)⁻¹ in units of σ², from L_X⁻¹.
    var relativeFixedEffectsCovariance: Matrix {
        let inverse = fixedEffectsFactorInverse
        let p = layout.fixedEffects
        var covariance = Matrix(rows: p, columns: p)
        for i in 0..<p {
            for j in 0...i {
                var sum = 0.0
                for r in max(i, j)..<p { sum += inverse[r, i] * inverse[r, j] }
                covariance[i, j] = sum
                covariance[j, i] = sum
            }
        }
        return covariance
    }

    /// L_X⁻¹ (lower triangular), whose cross product is (L_X L_Xᵀ)⁻¹ = Var(β̂)/σ².
    var fixedEffectsFactorInverse: Matrix {
        let m = layout.restSize, p = layout.fixedEffects, offset = layout.fixedOffset
        var inverse = Matrix.identity(p)
        factor.rest.withUnsafeBufferPointer { rest in
            inverse.storage.withUnsafeMutableBufferPointer { columns in
                for column in 0..<p {
                    BlockKernels.solveLowerTriangular(rest.baseAddress! + offset * m + offset, order: p, leadingDimension: m,
                                                      columns.baseAddress! + column * p, transposed: false)
                }
            }
        }
        return inverse
    }

    /// The spherical random effects u at β̂ (b = Λu), first term's then the rest's.
    public var sphericalRandomEffects: [Double] {
        let m = layout.restSize, k = layout.firstEffects, restZ = layout.restRandomEffects
        // u is the same for y and for y − responseCentre (1 is a column of X).
        let beta = centredFixedEffects, p = beta.count
        // c = ℓ_yZ − L_XZᵀβ
        var first = [Double](repeating: 0, count: layout.firstColumns)
        for column in 0..<layout.firstColumns {
            var sum = factor.offDiagonal[column * m + layout.responseOffset]
            for c in 0..<p { sum -= factor.offDiagonal[column * m + layout.fixedOffset + c] * beta[c] }
            first[column] = sum
        }
        var rest = [Double](repeating: 0, count: restZ)
        for index in 0..<restZ {
            var sum = factor.rest[index * m + layout.responseOffset]
            for c in 0..<p { sum -= factor.rest[index * m + layout.fixedOffset + c] * beta[c] }
            rest[index] = sum
        }
        if restZ > 0 {
            factor.rest.withUnsafeBufferPointer { l in
                rest.withUnsafeMutableBufferPointer { u in
                    BlockKernels.solveLowerTriangular(l.baseAddress!, order: restZ, leadingDimension: m, u.baseAddress!, transposed: true)
                }
            }
            for column in 0..<layout.firstColumns {
                var sum = 0.0
                for index in 0..<restZ { sum += factor.offDiagonal[column * m + index] * rest[index] }
                first[column] -= sum
            }
        }
        // L_gᵀ u_g = c_g per level.
        for level in 0..<layout.firstLevels {
            let start = level * k * k, base = level * k
            var i = k - 1
            while i >= 0 {
                var sum = first[base + i]
                for c in (i + 1)..<max(i + 1, k) { sum -= factor.diagonal[start + i * k + c] * first[base + c] }
                first[base + i] = sum / factor.diagonal[start + i * k + i]
                i -= 1
            }
        }
        return first + rest
    }

    /// The conditional modes b̂ = Λû per term, level by level: term t's level g effects at
    /// g·effectCount ..< (g+1)·effectCount.
    public var conditionalModes: [[Double]] {
        let u = sphericalRandomEffects
        var offset = 0
        return terms.map { term in
            let k = term.effectCount, lambda = term.relativeCovarianceFactor
            var modes = [Double](repeating: 0, count: term.randomEffectCount)
            for level in 0..<term.levelCount {
                for i in 0..<k {
                    var sum = 0.0
                    for c in 0...i { sum += lambda[c * k + i] * u[offset + level * k + c] }
                    modes[level * k + i] = sum
                }
            }
            offset += term.randomEffectCount
            return modes
        }
    }

    /// Solves L_ZZ,rest·x = b in place for `columns` right-hand sides of length restRandomEffects,
    /// L_ZZ,rest being the rest block's random-effects corner of L.
    func solveWithRestRandomEffectsFactor(_ rightHandSides: inout [Double], columns: Int) {
        let m = layout.restSize, restZ = layout.restRandomEffects
        factor.rest.withUnsafeBufferPointer { l in
            rightHandSides.withUnsafeMutableBufferPointer { x in
                for column in 0..<columns {
                    BlockKernels.solveLowerTriangular(l.baseAddress!, order: restZ, leadingDimension: m,
                                                      x.baseAddress! + column * restZ, transposed: false)
                }
            }
        }
    }

    /// Xβ̂ + Zb̂ per row.
    public var fittedValues: [Double] {
        let beta = fixedEffects, modes = conditionalModes, n = observationCount, p = beta.count
        var fitted = [Double](repeating: 0, count: n)
        for column in 0..<p {
            let value = beta[column]
            for row in 0..<n { fitted[row] += fixedEffectsMatrix.storage[column * n + row] * value }
        }
        for (term, termModes) in zip(terms, modes) {
            let k = term.effectCount
            for row in 0..<n {
                let base = Int(term.levelIndices[row]) * k
                var sum = 0.0
                for effect in 0..<k { sum += term.effectValues[row * k + effect] * termModes[base + effect] }
                fitted[row] += sum
            }
        }
        return fitted
    }

    public var residuals: [Double] { zip(response, fittedValues).map { $0 - $1 } }

    /// Var(b_g | y) at β̂ for each term and level: σ²·λ·[(ΛᵀZᵀZΛ + I)⁻¹]_g·λᵀ, from the
    /// diagonal blocks of the inverse (lme4's `ranef(condVar = TRUE)`). Term t's level g block
    /// is k×k column-major at g·k² in entry t.
    public var conditionalVariances: [[Double]] {
        let m = layout.restSize, k1 = layout.firstEffects, restZ = layout.restRandomEffects
        let variance = sigma * sigma
        var inverseBlocks: [[Double]] = terms.map { [Double](repeating: 0, count: $0.levelCount * $0.effectCount * $0.effectCount) }
        // First term: columns of L⁻¹ are [L_g⁻¹e; −L_rest⁻¹ L_off,g L_g⁻¹e].
        var x1 = [Double](repeating: 0, count: k1 * k1)
        var x2 = [Double](repeating: 0, count: restZ * k1)
        for level in 0..<layout.firstLevels {
            let start = level * k1 * k1
            for column in 0..<k1 {
                for i in 0..<k1 {
                    var sum = i == column ? 1.0 : 0.0
                    for c in 0..<i { sum -= factor.diagonal[start + c * k1 + i] * x1[column * k1 + c] }
                    x1[column * k1 + i] = sum / factor.diagonal[start + i * k1 + i]
                }
            }
            if restZ > 0 {
                for column in 0..<k1 {
                    for index in 0..<restZ {
                        var sum = 0.0
                        for c in 0..<k1 { sum += factor.offDiagonal[(level * k1 + c) * m + index] * x1[column * k1 + c] }
                        x2[column * restZ + index] = -sum
                    }
                }
                solveWithRestRandomEffectsFactor(&x2, columns: k1)
            }
            for i in 0..<k1 {
                for j in 0..<k1 {
                    var sum = 0.0
                    for r in 0..<k1 { sum += x1[i * k1 + r] * x1[j * k1 + r] }
                    for r in 0..<restZ { sum += x2[i * restZ + r] * x2[j * restZ + r] }
                    inverseBlocks[0][start + j * k1 + i] = sum
                }
            }
        }
        // Further terms: columns [0; L_rest⁻¹e], nonzero from the column's own row down.
        for (termIndex, term) in terms.enumerated().dropFirst() {
            let k = term.effectCount, offset = layout.restTermOffsets[termIndex - 1]
            var columns = [Double](repeating: 0, count: restZ * k)
            for level in 0..<term.levelCount {
                let base = offset + level * k
                for c in 0..<columns.count { columns[c] = 0 }
                for effect in 0..<k { columns[effect * restZ + base + effect] = 1 }
                solveWithRestRandomEffectsFactor(&columns, columns: k)
                for i in 0..<k {
                    for j in 0..<k {
                        var sum = 0.0
                        for r in base..<restZ { sum += columns[i * restZ + r] * columns[j * restZ + r] }
                        inverseBlocks[termIndex][level * k * k + j * k + i] = sum
                    }
                }
            }
        }
        // σ² λ B λᵀ per block.
        return zip(terms, inverseBlocks).map { term, blocks in
            let k = term.effectCount, lambda = term.relativeCovarianceFactor
            var result = [Double](repeating: 0, count: blocks.count)
            for level in 0..<term.levelCount {
                let start = level * k * k
                for i in 0..<k {
                    for j in 0..<k {
                        var sum = 0.0
                        for a in 0...i {
                            for b in 0...j { sum += lambda[a * k + i] * blocks[start + b * k + a] * lambda[b * k + j] }
                        }
                        result[start + j * k + i] = sum * variance
                    }
                }
            }
            return result
        }
    }
}
