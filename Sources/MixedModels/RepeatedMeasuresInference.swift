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
