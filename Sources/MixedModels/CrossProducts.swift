import LinearAlgebra

extension LinearMixedModel {
    /// A = [Z X y]ᵀ[Z X y] in the blocks of `layout`, in one pass over the rows. Only lower
    /// triangles are filled. Each row touches one diagonal block (its level of the first
    /// term), one column block of the off-diagonal part, and the rest's entries of its levels
    /// of the other terms, its X row and its y.
    static func crossProducts(terms: [RandomEffectsTerm], x: Matrix, y: [Double], layout: BlockLayout) -> BlockedMatrix {
        var a = BlockedMatrix(layout: layout)
        let n = y.count, k = layout.firstEffects, m = layout.restSize, p = layout.fixedEffects
        let first = terms[0]
        var indices = [Int](repeating: 0, count: m)
        var values = [Double](repeating: 0, count: m)
        a.diagonal.withUnsafeMutableBufferPointer { diagonal in
            a.offDiagonal.withUnsafeMutableBufferPointer { offDiagonal in
                a.rest.withUnsafeMutableBufferPointer { rest in
                    for row in 0..<n {
                        let level = Int(first.levelIndices[row])
                        let z = row * k
                        let block = level * k * k
                        for column in 0..<k {
                            for inner in column..<k {
                                diagonal[block + column * k + inner] += first.effectValues[z + inner] * first.effectValues[z + column]
                            }
                        }
                        // The row's entries of the rest: other terms' effects at their levels, X, y.
                        var count = 0
                        for (termIndex, term) in terms.enumerated().dropFirst() {
                            let termK = term.effectCount
                            let base = layout.restTermOffsets[termIndex - 1] + Int(term.levelIndices[row]) * termK
                            for effect in 0..<termK {
                                indices[count] = base + effect
                                values[count] = term.effectValues[row * termK + effect]
                                count += 1
                            }
                        }
                        for column in 0..<p {
                            indices[count] = layout.fixedOffset + column
                            values[count] = x.storage[column * n + row]
                            count += 1
                        }
                        indices[count] = layout.responseOffset
                        values[count] = y[row]
                        count += 1
                        for effect in 0..<k {
                            let zValue = first.effectValues[z + effect]
                            if zValue == 0 { continue }
                            let columnStart = (level * k + effect) * m
                            for entry in 0..<count { offDiagonal[columnStart + indices[entry]] += values[entry] * zValue }
                        }
                        for j in 0..<count {
                            let value = values[j]
                            if value == 0 { continue }
                            let column = indices[j]
                            for i in 0..<count where indices[i] >= column {
                                rest[column * m + indices[i]] += values[i] * value
                            }
                        }
                    }
                }
            }
        }
        return a
    }
}
