extension LinearMixedModel {
    /// Whether `objectiveGradient()` applies: one random-effects term, so that V = I + ZΛΛᵀZᵀ is
    /// block diagonal by its levels and every piece of the gradient is a sum over them.
    public var hasAnalyticGradient: Bool { terms.count == 1 && layout.restRandomEffects == 0 }

    /// The gradient of the profiled objective in θ at the current θ (after `updateFactor()`),
    /// from the factor already formed: about twice the cost of an update of L, where central
    /// differences cost four updates per parameter.
    ///
    /// With V = I + ZΛΛᵀZᵀ, C = XᵀV⁻¹X, ê the GLS residual and r² = êᵀV⁻¹ê (pwrss), the REML
    /// criterion is log|V| + log|C| + (n − p) log r² + const, and for a θ that sets the entries E
    /// of λ (Λ = I ⊗ λ), with D = Eλᵀ + λEᵀ,
    ///
    ///     ∂/∂θ = tr(D G) − tr(D H) − (n − p)/r² · tr(D U),
    ///     G = Σ_g Z_gᵀV_g⁻¹Z_g,  H = Σ_g W_g C⁻¹ W_gᵀ (W_g = Z_gᵀV_g⁻¹X_g),  U = Σ_g u_g u_gᵀ (u_g = Z_gᵀV_g⁻¹ê_g),
    ///
    /// the derivatives of log|V|, of log|C| and of r² (β̂ held, as its own derivative does not
    /// move r²). ML drops the H term and has n for n − p. tr(D M) = 2 (Mλ) at E, for symmetric M.
    /// Per level, Z_gᵀV_g⁻¹[Z_g X_g ỹ_g] = A_g[Z X ỹ] − M_gᵀ[M_g N_g] with M_g = L_g⁻¹λᵀA_g and
    /// N_g = L_g⁻¹λᵀZ_gᵀ[X ỹ] (the factor's off-diagonal block), so nothing of order n is formed.
    /// Returns nil when the model has more than one term.
    public func objectiveGradient() -> [Double]? {
        guard let parts = criterionGradientParts() else { return nil }
        let degrees = Double(observationCount - (method == .reml ? fixedEffectCount : 0))
        return zip(parts.logDeterminant, parts.pwrss).map { $0 + degrees / penalizedResidualSumOfSquares * $1 }
    }

    /// The gradients in θ of the criterion's two parts at the current θ: the log-determinants
    /// (log|V|, and log|C| for REML) and pwrss. Satterthwaite's df need them apart, because
    /// there σ is a parameter of its own rather than profiled out.
    public func criterionGradientParts() -> (logDeterminant: [Double], pwrss: [Double])? {
        guard hasAnalyticGradient else { return nil }
        let layout = layout, k = layout.firstEffects, m = layout.restSize, p = layout.fixedEffects, levels = layout.firstLevels
        let lambda = terms[0].relativeCovarianceFactor
        let reml = method == .reml
        // ê is the residual of the centred response, whose β̂ the factor gives; L_X⁻¹ is formed
        // once, so that each level's L_X⁻¹W_gᵀ is a product, not a chain of divisions.
        let beta = centredFixedEffects
        let inverse = reml ? fixedEffectsFactorInverse.storage : []

        var g = [Double](repeating: 0, count: k * k), h = g, u = g
        var product = [Double](repeating: 0, count: k * k)   // λᵀA_g, then M_g
        var reduced = [Double](repeating: 0, count: k * m)    // R_g = Z_gᵀV_g⁻¹[X ỹ], k × m row-major by effect
        var residual = [Double](repeating: 0, count: k)
        var solved = [Double](repeating: 0, count: p * k)     // L_X⁻¹ W_gᵀ, a column per effect
        crossProducts.diagonal.withUnsafeBufferPointer { aDiagonal in
            crossProducts.offDiagonal.withUnsafeBufferPointer { aOff in
                factor.diagonal.withUnsafeBufferPointer { lDiagonal in
                    factor.offDiagonal.withUnsafeBufferPointer { lOff in
                        if k == 2 {
                            Self.accumulateTwoEffectPieces(
                                levels: levels, m: m, p: p, reml: reml, lambda: lambda, beta: beta, inverse: inverse,
                                aDiagonal: aDiagonal, aOff: aOff, lDiagonal: lDiagonal, lOff: lOff, g: &g, h: &h, u: &u)
                            return
                        }
                        for level in 0..<levels {
                            let start = level * k * k, offStart = level * k * m
                            @inline(__always) func a(_ i: Int, _ j: Int) -> Double {
                                i >= j ? aDiagonal[start + j * k + i] : aDiagonal[start + i * k + j]
                            }
                            // product = λᵀA_g (λ lower: λ[c, i] ≠ 0 for c ≥ i).
                            for j in 0..<k {
                                for i in 0..<k {
                                    var sum = 0.0
                                    for c in i..<k { sum += lambda[i * k + c] * a(c, j) }
                                    product[j * k + i] = sum
                                }
                            }
                            // M_g = L_g⁻¹ product, column by column.
                            for j in 0..<k {
                                for i in 0..<k {
                                    var sum = product[j * k + i]
                                    for c in 0..<i { sum -= lDiagonal[start + c * k + i] * product[j * k + c] }
                                    product[j * k + i] = sum / lDiagonal[start + i * k + i]
                                }
                            }
                            // G += A_g − M_gᵀM_g.
                            for j in 0..<k {
                                for i in 0..<k {
                                    var sum = a(i, j)
                                    for c in 0..<k { sum -= product[i * k + c] * product[j * k + c] }
                                    g[j * k + i] += sum
                                }
                            }
                            // R_g = B_g − M_gᵀN_g, with B_g and N_gᵀ stored m per effect.
                            for i in 0..<k {
                                for index in 0..<m {
                                    var sum = aOff[offStart + i * m + index]
                                    for c in 0..<k { sum -= product[i * k + c] * lOff[offStart + c * m + index] }
                                    reduced[i * m + index] = sum
                                }
                            }
                            // u_g = R_g (−β̂, 1); U += u_g u_gᵀ.
                            for i in 0..<k {
                                var sum = reduced[i * m + (m - 1)]
                                for column in 0..<p { sum -= reduced[i * m + column] * beta[column] }
                                residual[i] = sum
                            }
                            for j in 0..<k { for i in 0..<k { u[j * k + i] += residual[i] * residual[j] } }
                            guard reml else { continue }
                            // H += (L_X⁻¹W_gᵀ)ᵀ(L_X⁻¹W_gᵀ), a column of L_X⁻¹W_gᵀ per effect.
                            for effect in 0..<k {
                                for i in 0..<p {
                                    var sum = 0.0
                                    for c in 0...i { sum += inverse[c * p + i] * reduced[effect * m + c] }
                                    solved[effect * p + i] = sum
                                }
                            }
                            for j in 0..<k {
                                for i in 0..<k {
                                    var sum = 0.0
                                    for c in 0..<p { sum += solved[i * p + c] * solved[j * p + c] }
                                    h[j * k + i] += sum
                                }
                            }
                        }
                    }
                }
            }
        }
        var determinantPart = [Double](repeating: 0, count: k * k), pwrssPart = determinantPart
        for index in 0..<(k * k) {
            determinantPart[index] = g[index] - h[index]
            pwrssPart[index] = -u[index]
        }
        // tr(D M) = 2 (M · λ)[i, j], read at each θ's entries of λ and their copies.
        let term = terms[0]
        func gradient(_ symmetric: [Double]) -> [Double] {
            func entry(_ i: Int, _ j: Int) -> Double {
                var sum = 0.0
                for c in j..<k { sum += symmetric[c * k + i] * lambda[j * k + c] }
                return sum
            }
            return term.thetaPositions.map { position in
                2 * term.copyShifts(ofEffect: position.row).reduce(0.0) { $0 + entry(position.row + $1, position.column + $1) }
            }
        }
        return (gradient(determinantPart), gradient(pwrssPart))
    }

    /// G, H and U for terms of two effects (intercept and slope, the common case), the 2×2
    /// algebra written out over raw pointers. `inverse` is L_X⁻¹, column-major (empty for ML).
    private static func accumulateTwoEffectPieces(
        levels: Int, m: Int, p: Int, reml: Bool, lambda: [Double], beta: [Double], inverse: [Double],
        aDiagonal: UnsafeBufferPointer<Double>, aOff: UnsafeBufferPointer<Double>,
        lDiagonal: UnsafeBufferPointer<Double>, lOff: UnsafeBufferPointer<Double>,
        g: inout [Double], h: inout [Double], u: inout [Double]
    ) {
        let l00 = lambda[0], l10 = lambda[1], l11 = lambda[3]
        var g00 = 0.0, g10 = 0.0, g11 = 0.0, h00 = 0.0, h10 = 0.0, h11 = 0.0, u00 = 0.0, u10 = 0.0, u11 = 0.0
        var first = [Double](repeating: 0, count: m), second = first     // the two rows of R_g
        let a = aDiagonal.baseAddress!, l = lDiagonal.baseAddress!, b = aOff.baseAddress!, n = lOff.baseAddress!
        inverse.withUnsafeBufferPointer { inverseBuffer in
            let factorInverse = inverseBuffer.baseAddress   // nil for ML, or without fixed effects
            first.withUnsafeMutableBufferPointer { firstBuffer in
                second.withUnsafeMutableBufferPointer { secondBuffer in
                    let r0 = firstBuffer.baseAddress!, r1 = secondBuffer.baseAddress!
                    for level in 0..<levels {
                        let start = level * 4
                        let a00 = a[start], a10 = a[start + 1], a11 = a[start + 3]
                        let c00 = l[start], c10 = l[start + 1], c11 = l[start + 3]
                        // M = L_g⁻¹ λᵀA_g.
                        let m00 = (l00 * a00 + l10 * a10) / c00, m01 = (l00 * a10 + l10 * a11) / c00
                        let m10 = (l11 * a10 - c10 * m00) / c11, m11 = (l11 * a11 - c10 * m01) / c11
                        g00 += a00 - (m00 * m00 + m10 * m10)
                        g10 += a10 - (m01 * m00 + m11 * m10)
                        g11 += a11 - (m01 * m01 + m11 * m11)
                        // R_g = B_g − MᵀN_g and u_g = R_g (−β̂, 1).
                        let offFirst = level * 2 * m, offSecond = offFirst + m
                        var e0 = 0.0, e1 = 0.0
                        for index in 0..<m {
                            let n0 = n[offFirst + index], n1 = n[offSecond + index]
                            let x0 = b[offFirst + index] - (m00 * n0 + m10 * n1)
                            let x1 = b[offSecond + index] - (m01 * n0 + m11 * n1)
                            r0[index] = x0
                            r1[index] = x1
                            if index < p {
                                e0 -= x0 * beta[index]
                                e1 -= x1 * beta[index]
                            } else {
                                e0 += x0
                                e1 += x1
                            }
                        }
                        u00 += e0 * e0
                        u10 += e0 * e1
                        u11 += e1 * e1
                        guard reml, let factorInverse else { continue }
                        // L_X⁻¹ W_gᵀ, both columns in one sweep.
                        var d00 = 0.0, d10 = 0.0, d11 = 0.0
                        for i in 0..<p {
                            var x0 = 0.0, x1 = 0.0
                            for c in 0...i {
                                let entry = factorInverse[c * p + i]
                                x0 += entry * r0[c]
                                x1 += entry * r1[c]
                            }
                            d00 += x0 * x0
                            d10 += x0 * x1
                            d11 += x1 * x1
                        }
                        h00 += d00
                        h10 += d10
                        h11 += d11
                    }
                }
            }
        }
        g[0] += g00; g[1] += g10; g[2] += g10; g[3] += g11
        h[0] += h00; h[1] += h10; h[2] += h10; h[3] += h11
        u[0] += u00; u[1] += u10; u[2] += u10; u[3] += u11
    }
}
