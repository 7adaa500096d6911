import LinearAlgebra

extension RepeatedMeasuresFit {
    /// Per pattern, Σ_P⁻¹ at θ̂.
    func patternInverses() throws(MixedModelError) -> [Matrix] {
        let t = model.visits.count
        var inverses: [Matrix] = []
        for pattern in model.patterns {
            let k = pattern.visits.count, sigma = evaluation.covariances[pattern.group]
            var sub = Matrix(rows: k, columns: k)
            for (a, va) in pattern.visits.enumerated() { for (b, vb) in pattern.visits.enumerated() { sub[a, b] = sigma[vb * t + va] } }
            do {
                inverses.append(try CholeskyFactorization(sub).inverse())
            } catch {
                throw .numerical("Σ̂ is not positive definite at the visits " + pattern.visits.map { model.visits[$0] }.joined(separator: ", "))
            }
        }
        return inverses
    }

    /// Σ_P Σ_ab A_P[a, b] · X'-block of C_P^{ab}, for one k×k matrix A_P per pattern: the
    /// contraction every derivative of X'Σ⁻¹X needs.
    func contractedCrossProducts(_ matrices: [Matrix]) throws(MixedModelError) -> Matrix {
        let p = model.fixedEffectCount, q = p + 1
        var sum = Matrix(rows: p, columns: p)
        for (pattern, matrix) in zip(model.patterns, matrices) {
            let vector: [Double]
            do {
                vector = try pattern.crossProducts.multiplied(by: matrix.storage)
            } catch {
                throw .numerical("\(error)")
            }
            for j in 0..<p { for i in 0..<p { sum[i, j] += vector[j * q + i] } }
        }
        return sum
    }

    /// ∂Var(β̂)/∂θⱼ = Φ P_j Φ, P_j = Σ_P Σ_ab (Σ_P⁻¹ ∂Σ_P Σ_P⁻¹)_ab C_P^{ab} over X.
    func fixedEffectsCovarianceDerivatives() throws(MixedModelError) -> [Matrix] {
        let t = model.visits.count, count = model.parametrization.parameterCount
        let inverses = try patternInverses()
        let phi = fixedEffectsCovariance
        var result: [Matrix] = []
        for group in model.groups.indices {
            let derivatives = model.parametrization.derivatives(theta[(group * count)..<((group + 1) * count)])
            for derivative in derivatives {
                let sandwiches: [Matrix] = zip(model.patterns, inverses).map { pattern, inverse in
                    let k = pattern.visits.count
                    guard pattern.group == group else { return Matrix(rows: k, columns: k) }
                    var d = Matrix(rows: k, columns: k)
                    for (a, va) in pattern.visits.enumerated() { for (b, vb) in pattern.visits.enumerated() { d[a, b] = derivative[vb * t + va] } }
                    return try! inverse.multiplied(by: try! d.multiplied(by: inverse))
                }
                let p = try contractedCrossProducts(sandwiches)
                result.append(try! phi.multiplied(by: try! p.multiplied(by: phi)))
            }
        }
        return result
    }

    /// Satterthwaite's df for this fit: the variance parameters are θ (Σ carries the scale),
    /// their covariance 2H⁻¹ from the Hessian of the criterion (differences of the analytic
    /// gradient), and Var(β̂)'s derivatives analytic. The df do not depend on how Σ is
    /// parametrized, so they agree with emmeans' and mmrm's for gls and mmrm fits.
    public func satterthwaite() throws(MixedModelError) -> Satterthwaite {
        let hessian = try model.gradientJacobian(at: theta)
        let variance = try VarianceParameterCovariance(
            parameters: theta, names: model.parametrization.parameterNames(visits: model.visits), hessian: hessian,
            fixedEffectsCovariance: fixedEffectsCovariance, jacobian: try fixedEffectsCovarianceDerivatives(), parameterLabel: "θ")
        return Satterthwaite(variance: variance, fixedEffects: fixedEffects)
    }
}

extension RepeatedMeasuresFit {
    /// Kenward-Roger for the MMRM, summed over missingness patterns (nothing n×n):
    ///
    ///     P_i = −Σ_P Σ_ab (Σ_P⁻¹ ∂ᵢΣ_P Σ_P⁻¹)_ab C_P^{ab},   Q_ij the same with Σ⁻¹∂ᵢΣΣ⁻¹∂ⱼΣΣ⁻¹,
    ///     K_ij = Σ_P n_P tr(Σ_P⁻¹∂ᵢΣ_P Σ_P⁻¹∂ⱼΣ_P),    R_ij with Σ⁻¹∂ᵢ∂ⱼΣΣ⁻¹,
    ///
    /// over the X block of the cross products. By default R_ij is left out: the adjustment is
    /// then the same whatever parameters describe Σ (P and Q change with the parameters exactly
    /// as W does), so it equals SAS's DDFM=KR for covariances linear in their parameters (UN, CS)
    /// and pbkrtest's, and mmrm's "Kenward-Roger-Linear". `secondOrder` adds −¼R_ij, as mmrm's
    /// "Kenward-Roger" does; the result then depends on the parametrization (here log SDs,
    /// log-Cholesky and transformed correlations), as mmrm's vignette warns.
    public func kenwardRoger(secondOrder: Bool = false) throws(MixedModelError) -> KenwardRoger {
        let linear = !secondOrder
        guard method == .reml else { throw .kenwardRogerNeedsREML }
        let t = model.visits.count, count = model.parametrization.parameterCount, p = model.fixedEffectCount
        let inverses = try patternInverses()
        let patterns = model.patterns
        // Per group: first derivatives and (by central differences of them) second derivatives.
        var first: [[Double]] = []
        var groupOf: [Int] = []
        var second: [Int: [Double]] = [:]  // key i·m + j, same group only
        let m = count * model.groups.count
        for group in model.groups.indices {
            let slice = Array(theta[(group * count)..<((group + 1) * count)])
            let derivatives = model.parametrization.derivatives(slice[...])
            first += derivatives
            groupOf += [Int](repeating: group, count: count)
            if !linear {
                for j in 0..<count {
                    let h = 1e-5 * max(1, abs(slice[j]))
                    var up = slice, down = slice
                    up[j] += h
                    down[j] -= h
                    let dUp = model.parametrization.derivatives(up[...]), dDown = model.parametrization.derivatives(down[...])
                    for i in 0..<count {
                        second[(group * count + i) * m + group * count + j] = zip(dUp[i], dDown[i]).map { ($0 - $1) / (2 * h) }
                    }
                }
            }
        }
        func restricted(_ full: [Double], _ pattern: MissingnessPattern) -> Matrix {
            let k = pattern.visits.count
            var sub = Matrix(rows: k, columns: k)
            for (a, va) in pattern.visits.enumerated() { for (b, vb) in pattern.visits.enumerated() { sub[a, b] = full[vb * t + va] } }
            return sub
        }
        func product(_ a: Matrix, _ b: Matrix) -> Matrix { try! a.multiplied(by: b) }
        // Per parameter and pattern: Σ⁻¹∂ᵢΣ (zero outside the parameter's group).
        let scaled: [[Matrix?]] = (0..<m).map { i in
            zip(patterns, inverses).map { pattern, inverse in
                pattern.group == groupOf[i] ? product(inverse, restricted(first[i], pattern)) : nil
            }
        }
        let zero: [Matrix] = patterns.map { Matrix(rows: $0.visits.count, columns: $0.visits.count) }
        var pMatrices: [Matrix] = []
        for i in 0..<m {
            let sandwiches = patterns.indices.map { index in scaled[i][index].map { product($0, inverses[index]) } ?? zero[index] }
            var contracted = try contractedCrossProducts(sandwiches)
            for index in contracted.storage.indices { contracted.storage[index] = -contracted.storage[index] }
            pMatrices.append(contracted)
        }
        var qMatrices: [Int: Matrix] = [:], rMatrices: [Int: Matrix] = [:], traces: [Int: Double] = [:]
        for i in 0..<m {
            for j in i..<m where groupOf[i] == groupOf[j] {
                var trace = 0.0
                var products: [Matrix] = []
                for (index, pattern) in patterns.enumerated() {
                    guard let a = scaled[i][index], let b = scaled[j][index] else {
                        products.append(zero[index])
                        continue
                    }
                    let k = pattern.visits.count
                    var sum = 0.0
                    for x in 0..<k { for y in 0..<k { sum += a[x, y] * b[y, x] } }
                    trace += Double(pattern.subjectCount) * sum
                    products.append(product(product(a, b), inverses[index]))
                }
                traces[i * m + j] = trace
                qMatrices[i * m + j] = try contractedCrossProducts(products)
                if let curvature = second[i * m + j] {
                    let sandwiches = patterns.indices.map { index in
                        patterns[index].group == groupOf[i]
                            ? product(product(inverses[index], restricted(curvature, patterns[index])), inverses[index]) : zero[index]
                    }
                    rMatrices[i * m + j] = try contractedCrossProducts(sandwiches)
                }
            }
        }
        let empty = Matrix(rows: p, columns: p)
        return try KenwardRoger(
            fixedEffects: fixedEffects, phi: fixedEffectsCovariance, derivatives: pMatrices,
            secondOrder: { i, j in i <= j ? (qMatrices[i * m + j] ?? empty) : (qMatrices[j * m + i]?.transposed() ?? empty) },
            traces: { i, j in traces[min(i, j) * m + max(i, j)] ?? 0 },
            curvature: linear ? nil : { i, j in rMatrices[min(i, j) * m + max(i, j)] ?? empty })
    }
}
