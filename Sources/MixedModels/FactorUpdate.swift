import LinearAlgebra

extension LinearMixedModel {
    /// L from A at the current θ, block by block:
    ///
    /// 1. each level g of the first term: L_g = chol(λᵀA_gλ + I), and its column block of the
    ///    off-diagonal part, (A_rest,g λ) L_g⁻ᵀ, then Λ_restᵀ on the left;
    /// 2. the rest: chol(Λ_restᵀ A_rest Λ_rest + I_Z − L_off L_offᵀ), one dsyrk and one dpotrf.
    ///
    /// Nothing of order n or of order (first term's random effects)² is formed.
    public mutating func updateFactor() throws(MixedModelError) {
        let layout = layout, k = layout.firstEffects, m = layout.restSize, levels = layout.firstLevels
        let lambda = terms[0].relativeCovarianceFactor
        var failedLevel: Int? = nil
        var block = [Double](repeating: 0, count: k * k)
        var product = [Double](repeating: 0, count: k * k)
        var row = [Double](repeating: 0, count: k)
        crossProducts.diagonal.withUnsafeBufferPointer { aDiagonal in
            crossProducts.offDiagonal.withUnsafeBufferPointer { aOff in
                factor.diagonal.withUnsafeMutableBufferPointer { lDiagonal in
                    factor.offDiagonal.withUnsafeMutableBufferPointer { lOff in
                        if k == 1 {
                            let l = lambda[0]
                            for level in 0..<levels {
                                let pivot = (l * l * aDiagonal[level] + 1).squareRoot()
                                lDiagonal[level] = pivot
                                let scale = l / pivot
                                let start = level * m
                                for index in 0..<m { lOff[start + index] = aOff[start + index] * scale }
                            }
                            return
                        }
                        if k == 2 {
                            // Vector terms of two effects (intercept and slope) are the common case
                            // of longitudinal trials: the 2×2 algebra written out.
                            let l00 = lambda[0], l10 = lambda[1], l11 = lambda[3]
                            for level in 0..<levels {
                                let start = level * 4
                                let a00 = aDiagonal[start], a10 = aDiagonal[start + 1], a11 = aDiagonal[start + 3]
                                let p00 = a00 * l00 + a10 * l10, p10 = a10 * l00 + a11 * l10
                                let b00 = l00 * p00 + l10 * p10 + 1, b10 = l11 * p10, b11 = l11 * a11 * l11 + 1
                                let c00 = b00.squareRoot(), c10 = b10 / c00
                                let remainder = b11 - c10 * c10
                                guard remainder > 0 else { failedLevel = level; return }
                                let c11 = remainder.squareRoot()
                                lDiagonal[start] = c00
                                lDiagonal[start + 1] = c10
                                lDiagonal[start + 3] = c11
                                let inverse00 = 1 / c00, inverse11 = 1 / c11
                                let first = level * 2 * m, second = first + m
                                for index in 0..<m {
                                    let r0 = aOff[first + index] * l00 + aOff[second + index] * l10
                                    let r1 = aOff[second + index] * l11
                                    let x0 = r0 * inverse00
                                    lOff[first + index] = x0
                                    lOff[second + index] = (r1 - c10 * x0) * inverse11
                                }
                            }
                            return
                        }
                        for level in 0..<levels {
                            let start = level * k * k
                            // product = A_g λ (A_g symmetric, lower triangle stored)
                            for column in 0..<k {
                                for i in 0..<k {
                                    var sum = 0.0
                                    for c in column..<k {
                                        let a = i >= c ? aDiagonal[start + c * k + i] : aDiagonal[start + i * k + c]
                                        sum += a * lambda[column * k + c]
                                    }
                                    product[column * k + i] = sum
                                }
                            }
                            // block = λᵀ product + I, lower triangle
                            for column in 0..<k {
                                for i in column..<k {
                                    var sum = i == column ? 1.0 : 0.0
                                    for c in i..<k { sum += lambda[i * k + c] * product[column * k + c] }
                                    block[column * k + i] = sum
                                }
                            }
                            let factored: Bool = block.withUnsafeMutableBufferPointer { pointer in
                                do {
                                    try CholeskyKernels.factor(pointer.baseAddress!, order: k, method: .smallKernel)
                                    return true
                                } catch {
                                    return false
                                }
                            }
                            guard factored else { failedLevel = level; return }
                            for column in 0..<k {
                                for i in column..<k { lDiagonal[start + column * k + i] = block[column * k + i] }
                            }
                            // Off-diagonal block: each row r of (A_rest,g λ), solved L_g x = rᵀ.
                            let offStart = level * k * m
                            for index in 0..<m {
                                for column in 0..<k {
                                    var sum = 0.0
                                    for c in column..<k { sum += aOff[offStart + c * m + index] * lambda[column * k + c] }
                                    row[column] = sum
                                }
                                for i in 0..<k {
                                    var sum = row[i]
                                    for c in 0..<i { sum -= block[c * k + i] * row[c] }
                                    row[i] = sum / block[i * k + i]
                                }
                                for column in 0..<k { lOff[offStart + column * m + index] = row[column] }
                            }
                        }
                    }
                }
            }
        }
        if let failedLevel {
            throw .numerical("the block of level \(terms[0].levels[failedLevel]) of \(terms[0].groupingLabel) is not positive definite at θ = \(theta)")
        }

        // Λ_restᵀ on the left of the off-diagonal part, and the rest's own scaling.
        var rest = crossProducts.rest
        for column in 0..<m { for i in 0..<column { rest[column * m + i] = rest[i * m + column] } }
        if layout.restRandomEffects > 0 {
            // Scalar terms scale their rows by one λ: done for all of them in one pass per column.
            var rowScale = [Double](repeating: 1, count: layout.restRandomEffects)
            for (termIndex, term) in terms.enumerated().dropFirst() where term.effectCount == 1 {
                let offset = layout.restTermOffsets[termIndex - 1]
                for level in 0..<term.levelCount { rowScale[offset + level] = term.relativeCovarianceFactor[0] }
            }
            let restRandomEffects = layout.restRandomEffects
            factor.offDiagonal.withUnsafeMutableBufferPointer { off in
                for column in 0..<layout.firstColumns {
                    let start = column * m
                    for index in 0..<restRandomEffects { off[start + index] *= rowScale[index] }
                }
            }
            for j in 0..<m {
                for i in 0..<m {
                    let a = i < restRandomEffects ? rowScale[i] : 1, b = j < restRandomEffects ? rowScale[j] : 1
                    rest[j * m + i] *= a * b
                }
            }
            for (termIndex, term) in terms.enumerated().dropFirst() where term.effectCount > 1 {
                let offset = layout.restTermOffsets[termIndex - 1], termK = term.effectCount
                let termLambda = term.relativeCovarianceFactor
                for level in 0..<term.levelCount {
                    let base = offset + level * termK
                    Self.multiplyRowsByFactorTransposed(&factor.offDiagonal, leadingDimension: m, columns: layout.firstColumns,
                                                        firstRow: base, lambda: termLambda, order: termK)
                    Self.multiplyRowsByFactorTransposed(&rest, leadingDimension: m, columns: m, firstRow: base,
                                                        lambda: termLambda, order: termK)
                    Self.multiplyColumnsByFactor(&rest, leadingDimension: m, rows: m, firstColumn: base,
                                                 lambda: termLambda, order: termK)
                }
            }
            for index in 0..<layout.restRandomEffects { rest[index * m + index] += 1 }
        }
        let firstColumns = layout.firstColumns
        var failure: LinearAlgebraError? = nil
        rest.withUnsafeMutableBufferPointer { restPointer in
            factor.offDiagonal.withUnsafeBufferPointer { off in
                BlockKernels.subtractGram(restPointer.baseAddress!, order: m, off.baseAddress!, count: firstColumns)
            }
            do throws(LinearAlgebraError) {
                try CholeskyKernels.factor(restPointer.baseAddress!, order: m)
            } catch {
                failure = error
            }
        }
        if let failure {
            throw .numerical("the fixed-effects and response block is not positive definite at θ = \(theta) (\(failure))")
        }
        factor.rest = rest
    }

    /// Rows firstRow ..< firstRow + order of a column-major matrix ← λᵀ × those rows.
    static func multiplyRowsByFactorTransposed(
        _ matrix: inout [Double], leadingDimension: Int, columns: Int, firstRow: Int, lambda: [Double], order: Int
    ) {
        var values = [Double](repeating: 0, count: order)
        for column in 0..<columns {
            let start = column * leadingDimension + firstRow
            for i in 0..<order {
                var sum = 0.0
                for c in i..<order { sum += lambda[i * order + c] * matrix[start + c] }
                values[i] = sum
            }
            for i in 0..<order { matrix[start + i] = values[i] }
        }
    }

    /// Columns firstColumn ..< firstColumn + order ← those columns × λ.
    static func multiplyColumnsByFactor(
        _ matrix: inout [Double], leadingDimension: Int, rows: Int, firstColumn: Int, lambda: [Double], order: Int
    ) {
        var values = [Double](repeating: 0, count: order)
        for row in 0..<rows {
            for j in 0..<order {
                var sum = 0.0
                for c in j..<order { sum += matrix[(firstColumn + c) * leadingDimension + row] * lambda[j * order + c] }
                values[j] = sum
            }
            for j in 0..<order { matrix[(firstColumn + j) * leadingDimension + row] = values[j] }
        }
    }
}
