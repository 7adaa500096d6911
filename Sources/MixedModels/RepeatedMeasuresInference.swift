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
            let derivatives = model.parametrization.derivatives(theta[(group * count)..<((group + 1) * count)], pairs: model.visitPairsInUse)
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
        let hessian = try hessianAtEstimate()
        let variance = try VarianceParameterCovariance(
            parameters: theta, names: model.parametrization.parameterNames(visits: model.visits), hessian: hessian,
            fixedEffectsCovariance: fixedEffectsCovariance, jacobian: try fixedEffectsCovarianceDerivatives(), parameterLabel: "θ")
        return Satterthwaite(variance: variance, fixedEffects: fixedEffects)
    }
}

extension RepeatedMeasuresFit {
    /// Kenward-Roger for the MMRM as SAS PROC MIXED's DDFM=KR and mmrm compute it, summed over
    /// missingness patterns (nothing n×n):
    ///
    ///     P_i = −Σ_P Σ_ab (Σ_P⁻¹ ∂ᵢΣ_P Σ_P⁻¹)_ab C_P^{ab},   Q_ij the same with Σ⁻¹∂ᵢΣΣ⁻¹∂ⱼΣΣ⁻¹,
    ///
    /// over the X block of the cross products, and W the covariance of θ̂ from the observed
    /// information, 2H⁻¹ from the Hessian of the criterion (as for Satterthwaite's df). The
    /// second-order term −¼Σ W_ij R_ij of the adjusted covariance is taken in `secondOrderIn`:
    /// SAS's own parameters of the structure (variances, covariances and correlations;
    /// `NaturalCovarianceParameters`), which makes it SAS's DDFM=KR and zero for UN, CS and TOEP;
    /// or mmrm's θ, which makes it mmrm's "Kenward-Roger". With nil (SAS's KR(LINEAR), mmrm's
    /// "Kenward-Roger-Linear") there is no such term, and the result does not depend on how Σ is
    /// parametrized. The df are the same every way (they use Φ, not Φ_A).
    public func kenwardRoger(secondOrderIn parameters: CurvatureParameters? = .sas) throws(MixedModelError) -> KenwardRoger {
        guard method == .reml else { throw .kenwardRogerNeedsREML }
        if parameters == .mmrm, !model.parametrization.isInMMRM {
            throw .invalidOption("mmrm has no \(model.parametrization.structure.rawValue) structure, so there is no mmrm Kenward-Roger "
                                 + "to follow; use kenward-roger (SAS's DDFM=KR) or kenward-roger-linear")
        }
        let t = model.visits.count, count = model.parametrization.parameterCount
        let inverses = try patternInverses()
        let patterns = model.patterns
        let hessian = try hessianAtEstimate()
        let variance = try VarianceParameterCovariance(
            parameters: theta, names: model.parametrization.parameterNames(visits: model.visits), hessian: hessian,
            fixedEffectsCovariance: fixedEffectsCovariance, jacobian: try fixedEffectsCovarianceDerivatives(), parameterLabel: "θ")
        let w = variance.covariance
        var first: [[Double]] = []
        var groupOf: [Int] = []
        let m = count * model.groups.count
        for group in model.groups.indices {
            first += model.parametrization.derivatives(theta[(group * count)..<((group + 1) * count)], pairs: model.visitPairsInUse)
            groupOf += [Int](repeating: group, count: count)
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
        // P_i and Q_ij contract each pattern's cross products with a k × k matrix. All of them at
        // once: per pattern one product of its (p+1)² × k² cross products with the k² × (m + pairs)
        // matrices side by side, rather than a matrix-vector product per parameter and pair.
        let pairs: [(Int, Int)] = (0..<m).flatMap { i in (i..<m).filter { groupOf[i] == groupOf[$0] }.map { (i, $0) } }
        let columnCount = m + pairs.count, p = model.fixedEffectCount, q = p + 1
        var contracted = [Double](repeating: 0, count: q * q * columnCount)
        /// Column-major k × k product, in plain loops: k is a handful of visits.
        func multiply(_ a: [Double], _ b: [Double], _ k: Int) -> [Double] {
            var c = [Double](repeating: 0, count: k * k)
            for j in 0..<k { for l in 0..<k { let factor = b[l + j * k]; if factor != 0 { for i in 0..<k { c[i + j * k] += a[i + l * k] * factor } } } }
            return c
        }
        for (index, pattern) in patterns.enumerated() {
            let k = pattern.visits.count, size = k * k, inverse = inverses[index].storage
            var columns = [Double](repeating: 0, count: size * columnCount)
            let scaledHere = (0..<m).map { scaled[$0][index]?.storage }
            for i in 0..<m {
                guard let a = scaledHere[i] else { continue }
                let sandwich = multiply(a, inverse, k)
                for entry in 0..<size { columns[i * size + entry] = -sandwich[entry] }
            }
            for (offset, (i, j)) in pairs.enumerated() {
                guard let a = scaledHere[i], let b = scaledHere[j] else { continue }
                let product = multiply(multiply(a, b, k), inverse, k)
                let column = m + offset
                for entry in 0..<size { columns[column * size + entry] = product[entry] }
            }
            let stacked: Matrix
            do {
                stacked = try pattern.crossProducts.multiplied(by: try Matrix(rows: size, columns: columnCount, columnMajor: columns))
            } catch {
                throw .numerical("\(error)")
            }
            for entry in contracted.indices { contracted[entry] += stacked.storage[entry] }
        }
        func block(_ column: Int) -> Matrix {
            var result = Matrix(rows: p, columns: p)
            for j in 0..<p { for i in 0..<p { result[i, j] = contracted[column * q * q + j * q + i] } }
            return result
        }
        let pMatrices = (0..<m).map(block)
        var qMatrices: [Int: Matrix] = [:]
        for (offset, (i, j)) in pairs.enumerated() { qMatrices[i * m + j] = block(m + offset) }
        // The second-order term, Σ_ij W_ij R_ij, each group's Σ W^ψ ∂²Σ/∂ψ² taken into X'Σ⁻¹…Σ⁻¹X.
        var curvature: Matrix? = nil
        if let parameters, !model.parametrization.isLinear(in: parameters) {
            let weighted = model.groups.indices.map { group -> [Double] in
                var block = Matrix(rows: count, columns: count)
                for a in 0..<count { for b in 0..<count { block[a, b] = w[group * count + a, group * count + b] } }
                return model.parametrization.weightedCurvature(in: parameters, theta: theta[(group * count)..<((group + 1) * count)], covariance: block,
                                                                 pairs: model.visitPairsInUse)
            }
            let sandwiches = zip(patterns, inverses).map { pattern, inverse in
                product(product(inverse, restricted(weighted[pattern.group], pattern)), inverse)
            }
            curvature = try contractedCrossProducts(sandwiches)
        }
        let empty = Matrix(rows: model.fixedEffectCount, columns: model.fixedEffectCount)
        return try KenwardRoger(
            fixedEffects: fixedEffects, phi: fixedEffectsCovariance, derivatives: pMatrices,
            secondOrder: { i, j in i <= j ? (qMatrices[i * m + j] ?? empty) : (qMatrices[j * m + i]?.transposed() ?? empty) },
            traces: { _, _ in 0 }, parameterCovariance: w, weightedCurvature: curvature)
    }
}

extension RepeatedMeasuresFit {
    /// The fit's Hessian, or one taken now (a fit that stopped before its convergence check).
    func hessianAtEstimate() throws(MixedModelError) -> Matrix {
        if let hessian { return hessian }
        return try model.gradientJacobian(at: theta)
    }
}
