#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// Σ in the R package mmrm's unconstrained parameters of each structure (its covariance vignette):
/// standard deviations on the log scale, and correlations through ρ = θ/√(1 + θ²). For `us`,
/// Σ = LLᵀ with Lᵢᵢ = e^{θᵢ} and Lᵢⱼ = Lᵢᵢ·θ, a scaled Cholesky factor (not ours, whose lower
/// entries are free); for toep(h) the lag correlations themselves (not partial ones, as ours);
/// for sp_exp (log σ², logit ρ) with Σᵢⱼ = σ²ρ^{dᵢⱼ}. mmrm's "Kenward-Roger" takes its
/// second-order term in these, so `--df kenward-roger-mmrm` does too. mmrm has no sp_gau.
extension CovarianceParametrization {
    /// Whether mmrm has this structure.
    var isInMMRM: Bool { structure != .spatialGaussian }

    /// mmrm's θ at our θ, read from Σ(θ) (the spatial one from θ directly).
    func mmrmParameters(at theta: ArraySlice<Double>) -> [Double] {
        let t = dimension
        if structure == .spatialExponential {
            // Our Σᵢⱼ = e^{2θ₀} exp(−d/e^{θ₁}), so ρ = exp(−e^{−θ₁}) and logit ρ = −log(e^{e^{−θ₁}} − 1).
            let decay = exp(-theta[theta.startIndex + 1])
            return [2 * theta[theta.startIndex], -log(expm1(decay))]
        }
        let sigma = matrix(theta)
        func entry(_ i: Int, _ j: Int) -> Double { sigma[j * t + i] }
        let deviations = (0..<t).map { entry($0, $0).squareRoot() }
        func transformed(_ i: Int, _ j: Int) -> Double {
            let rho = entry(i, j) / (deviations[i] * deviations[j])
            return rho / (1 - rho * rho).squareRoot()
        }
        let logDeviations = [.cs, .ar1, .toep, .ad].contains(structure) ? [log(deviations[0])] : deviations.map { log($0) }
        switch structure {
        case .us:
            guard let factor = try? CholeskyFactorization(Matrix(rows: t, columns: t, columnMajor: sigma)).lower else {
                return [Double](repeating: .nan, count: parameterCount)
            }
            var result = (0..<t).map { log(factor[$0, $0]) }
            for i in 0..<t { for j in 0..<i { result.append(factor[i, j] / factor[i, i]) } }
            return result
        case .cs, .csh, .ar1, .ar1h: return logDeviations + (t > 1 ? [transformed(1, 0)] : [0])
        case .toep, .toeph: return logDeviations + (1..<max(t, 1)).map { transformed($0, 0) }
        case .ad, .adh: return logDeviations + (1..<max(t, 1)).map { transformed($0, $0 - 1) }
        case .spatialExponential, .spatialGaussian: return []  // sp_exp returned above; mmrm has no sp_gau
        }
    }

    /// Σ (column-major T×T) at mmrm's θ; for sp_exp with `pairs`, only those entries.
    func mmrmMatrix(_ parameters: [Double], pairs: [Bool]? = nil) -> [Double] {
        let t = dimension
        var sigma = [Double](repeating: 0, count: t * t)
        func correlation(_ value: Double) -> Double { value / (1 + value * value).squareRoot() }
        if structure == .us {
            var factor = [Double](repeating: 0, count: t * t)
            var next = t
            for i in 0..<t {
                factor[i * t + i] = exp(parameters[i])
                for j in 0..<i {
                    factor[j * t + i] = exp(parameters[i]) * parameters[next]
                    next += 1
                }
            }
            for i in 0..<t {
                for j in 0..<t {
                    var sum = 0.0
                    for k in 0...min(i, j) { sum += factor[k * t + i] * factor[k * t + j] }
                    sigma[j * t + i] = sum
                }
            }
            return sigma
        }
        if structure == .spatialExponential {
            let variance = exp(parameters[0]), rho = 1 / (1 + exp(-parameters[1]))
            for i in 0..<t { for j in 0..<t where pairs?[j * t + i] ?? true { sigma[j * t + i] = variance * pow(rho, distance(i, j)) } }
            return sigma
        }
        let homogeneous = [.cs, .ar1, .toep, .ad].contains(structure)
        let deviations = (0..<t).map { exp(parameters[homogeneous ? 0 : $0]) }
        let correlations = parameters[(homogeneous ? 1 : t)...].map(correlation)
        for i in 0..<t {
            for j in 0..<t {
                let rho: Double
                if i == j {
                    rho = 1
                } else {
                    switch structure {
                    case .cs, .csh: rho = correlations[0]
                    case .ar1, .ar1h: rho = Self.power(correlations[0], abs(i - j))
                    case .toep, .toeph: rho = correlations[abs(i - j) - 1]
                    default: rho = (min(i, j)..<max(i, j)).reduce(1.0) { $0 * correlations[$1] }  // ad, adh
                    }
                }
                sigma[j * t + i] = deviations[i] * deviations[j] * rho
            }
        }
        return sigma
    }
}
