#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// The MMRM criterion at one θ, with what the fit reads off it.
public struct RepeatedMeasuresEvaluation: Sendable {
    /// −2 log-likelihood (REML or ML, as the model's method).
    public let objective: Double
    /// ∂objective/∂θ, when asked for.
    public let gradient: [Double]
    public let fixedEffects: [Double]
    /// (X'Σ⁻¹X)⁻¹ = Var(β̂).
    public let fixedEffectsCovariance: Matrix
    /// Σ per group, column-major T×T: for a spatial Σ, only the pairs of visits in use
    /// (`visitPairsInUse`; the others 0).
    public let covariances: [[Double]]
}

extension RepeatedMeasuresModel {
    /// The criterion and, when `gradient` is set, its analytic gradient:
    ///
    ///     ∂/∂θⱼ = Σ_P tr(∂Σ_P/∂θⱼ · B_P),   B_P = n_P Σ_P⁻¹ − Σ_P⁻¹ S_P Σ_P⁻¹,
    ///     S_P[a, b] = Σᵢ rᵢₐ rᵢ_b [+ tr((X'Σ⁻¹X)⁻¹ Σᵢ xᵢₐ xᵢ_bᵀ) for REML],
    ///
    /// both read off the patterns' cross products (two matrix-vector products per pattern).
    public func evaluate(_ theta: [Double], gradient wantsGradient: Bool = false) throws(MixedModelError) -> RepeatedMeasuresEvaluation {
        let p = fixedEffectCount, q = p + 1, t = visits.count, count = parametrization.parameterCount
        let covariances = groups.indices.map { g in parametrization.matrix(theta[(g * count)..<((g + 1) * count)], pairs: visitPairsInUse) }
        var gram = [Double](repeating: 0, count: q * q)
        var logDeterminant = 0.0
        var inverses: [Matrix] = []
        for pattern in patterns {
            let k = pattern.visits.count, sigma = covariances[pattern.group]
            var sub = Matrix(rows: k, columns: k)
            for (a, va) in pattern.visits.enumerated() { for (b, vb) in pattern.visits.enumerated() { sub[a, b] = sigma[vb * t + va] } }
            let inverse: Matrix
            do {
                let cholesky = try CholeskyFactorization(sub)
                logDeterminant += Double(pattern.subjectCount) * cholesky.logDeterminant
                inverse = try cholesky.inverse()
            } catch {
                throw .numerical("the covariance at θ = \(theta) is not positive definite at the visits "
                                 + pattern.visits.map { visits[$0] }.joined(separator: ", "))
            }
            inverses.append(inverse)
            let added: [Double]
            do {
                added = try pattern.crossProducts.multiplied(by: inverse.storage)
            } catch {
                throw .numerical("\(error)")
            }
            for index in 0..<(q * q) { gram[index] += added[index] }
        }
        // G = [X y]'Σ⁻¹[X y]: β̂, r'Σ⁻¹r and log|X'Σ⁻¹X| from its blocks.
        var gxx = Matrix(rows: p, columns: p)
        var gxy = [Double](repeating: 0, count: p)
        for j in 0..<p {
            for i in 0..<p { gxx[i, j] = gram[j * q + i] }
            gxy[j] = gram[p * q + j]
        }
        let gyy = gram[p * q + p]
        let beta: [Double], covariance: Matrix, logDeterminantX: Double
        do {
            let cholesky = try CholeskyFactorization(gxx)
            beta = try cholesky.solve(gxy)
            covariance = try cholesky.inverse()
            logDeterminantX = cholesky.logDeterminant
        } catch {
            throw .numerical("X'Σ⁻¹X is not positive definite: \(error)")
        }
        let quadratic = gyy - zip(gxy, beta).reduce(0) { $0 + $1.0 * $1.1 }
        let n = Double(observationCount), twoPi = 2 * Double.pi
        logDeterminant += weightLogDeterminant
        let objective = method == .reml
            ? logDeterminant + quadratic + logDeterminantX + (n - Double(p)) * log(twoPi)
            : logDeterminant + quadratic + n * log(twoPi)

        var gradient: [Double] = []
        if wantsGradient {
            // Ω = ηηᵀ (+ (X'Σ⁻¹X)⁻¹ in the X block for REML), η = (−β̂, 1).
            var omega = [Double](repeating: 0, count: q * q)
            let eta = beta.map { -$0 } + [1]
            for j in 0..<q { for i in 0..<q { omega[j * q + i] = eta[i] * eta[j] } }
            if method == .reml { for j in 0..<p { for i in 0..<p { omega[j * q + i] += covariance[i, j] } } }
            // B_P per pattern, over its own visits: tr(∂Σ_P/∂θⱼ · B_P) reads only the entries of
            // visits seen together, so nothing of size T² is summed (a spatial Σ may have hundreds).
            var blocks: [[Double]] = []
            for (pattern, inverse) in zip(patterns, inverses) {
                let k = pattern.visits.count
                let s: [Double]
                do {
                    s = try pattern.crossProducts.multiplied(by: omega, transposingSelf: true)
                } catch {
                    throw .numerical("\(error)")
                }
                let sMatrix = try! Matrix(rows: k, columns: k, columnMajor: s)
                let msm = try! inverse.multiplied(by: try! sMatrix.multiplied(by: inverse))
                let m = Double(pattern.subjectCount)
                var block = [Double](repeating: 0, count: k * k)
                for b in 0..<k { for a in 0..<k { block[b * k + a] = m * inverse[a, b] - msm[a, b] } }
                blocks.append(block)
            }
            for g in groups.indices {
                let derivatives = parametrization.derivatives(theta[(g * count)..<((g + 1) * count)], pairs: visitPairsInUse)
                for derivative in derivatives {
                    var sum = 0.0
                    for (pattern, block) in zip(patterns, blocks) where pattern.group == g {
                        let k = pattern.visits.count
                        for (b, vb) in pattern.visits.enumerated() {
                            for (a, va) in pattern.visits.enumerated() { sum += derivative[vb * t + va] * block[b * k + a] }
                        }
                    }
                    gradient.append(sum)
                }
            }
        }
        return RepeatedMeasuresEvaluation(objective: objective, gradient: gradient, fixedEffects: beta,
                                          fixedEffectsCovariance: covariance, covariances: covariances)
    }
}
