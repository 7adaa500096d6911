#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// Σ in SAS PROC MIXED's own parameters ψ of each structure (its "Covariance Parameter
/// Estimates"): the entries of Σ for UN, the common covariance and residual for CS, the lag
/// covariances for TOEP; variances and correlations for the others (σ² and ρ for AR(1); σᵢ² and ρ
/// for CSH and ARH(1); σᵢ² and the lag correlations for TOEPH; σᵢ² and the correlations of
/// consecutive visits for ANTE(1); σ² and the range θ for SP(EXP) and SP(GAU)). Kenward-Roger's second-order term depends on the parameters
/// Σ is written in; SAS's DDFM=KR writes it in these, so ours does too.
extension CovarianceParametrization {
    /// Whether Σ is linear in ψ (UN, CS, TOEP): the second-order term is then zero.
    var isLinearInNaturalParameters: Bool { [.us, .cs, .toep].contains(structure) }

    /// ψ at θ: read from Σ(θ), except for the spatial structures, whose (σ², range) are
    /// (e^{2θ₀}, e^{θ₁}) exactly (read back from a correlation they could underflow).
    func naturalParameters(at theta: ArraySlice<Double>) -> [Double] {
        if structure.isSpatial { return [exp(2 * theta[theta.startIndex]), exp(theta[theta.startIndex + 1])] }
        let t = dimension, sigma = matrix(theta)
        func entry(_ i: Int, _ j: Int) -> Double { sigma[j * t + i] }
        func correlation(_ i: Int, _ j: Int) -> Double { t > max(i, j) ? entry(i, j) / (entry(i, i) * entry(j, j)).squareRoot() : 0 }
        let variances = (0..<t).map { entry($0, $0) }
        switch structure {
        case .us: return CovarianceParametrization.lowerPositions(t).map { entry($0.row, $0.column) }
        case .cs: return [t > 1 ? entry(1, 0) : 0, entry(0, 0) - (t > 1 ? entry(1, 0) : 0)]
        case .csh, .ar1h: return variances + [correlation(1, 0)]
        case .ar1: return [entry(0, 0), correlation(1, 0)]
        case .toep: return (0..<t).map { entry($0, 0) }
        case .toeph: return variances + (1..<max(t, 1)).map { correlation($0, 0) }
        case .ad: return [entry(0, 0)] + (1..<max(t, 1)).map { correlation($0, $0 - 1) }
        case .adh: return variances + (1..<max(t, 1)).map { correlation($0, $0 - 1) }
        case .spatialExponential, .spatialGaussian: return []  // returned above
        }
    }

    /// Σ (column-major T×T) at ψ.
    func naturalMatrix(_ psi: [Double]) -> [Double] {
        let t = dimension
        var sigma = [Double](repeating: 0, count: t * t)
        func set(_ value: (Int, Int) -> Double) { for j in 0..<t { for i in 0..<t { sigma[j * t + i] = value(i, j) } } }
        func scale(_ v: [Double], _ i: Int, _ j: Int) -> Double { (v[i] * v[j]).squareRoot() }
        switch structure {
        case .us:
            for (index, position) in CovarianceParametrization.lowerPositions(t).enumerated() {
                sigma[position.column * t + position.row] = psi[index]
                sigma[position.row * t + position.column] = psi[index]
            }
        case .cs: set { i, j in psi[0] + (i == j ? psi[1] : 0) }
        case .csh: set { i, j in scale(psi, i, j) * (i == j ? 1 : psi[t]) }
        case .ar1: set { i, j in psi[0] * Self.power(psi[1], abs(i - j)) }
        case .ar1h: set { i, j in scale(psi, i, j) * Self.power(psi[t], abs(i - j)) }
        case .toep: set { i, j in psi[abs(i - j)] }
        case .toeph: set { i, j in scale(psi, i, j) * (i == j ? 1 : psi[t + abs(i - j) - 1]) }
        case .ad: set { i, j in psi[0] * (min(i, j)..<max(i, j)).reduce(1.0) { $0 * psi[1 + $1] } }
        case .adh: set { i, j in scale(psi, i, j) * (min(i, j)..<max(i, j)).reduce(1.0) { $0 * psi[t + $1] } }
        case .spatialExponential, .spatialGaussian: set { i, j in psi[0] * spatialCorrelation(distance(i, j), range: psi[1]) }
        }
        return sigma
    }

    static func power(_ base: Double, _ exponent: Int) -> Double { (0..<exponent).reduce(1.0) { product, _ in product * base } }

    /// Σ_ab W^ψ_ab ∂²Σ/∂ψ_a∂ψ_b at θ, with W^ψ = J·W·Jᵀ the covariance of ψ̂ from that of θ̂ (J =
    /// ∂ψ/∂θ): Kenward-Roger's second-order term before it is taken into X'Σ⁻¹…Σ⁻¹X. Zero for a
    /// structure linear in ψ. Derivatives are central differences (ψ is smooth in θ, and Σ a
    /// low-degree function of ψ), with steps that keep their error near 1e-8 of the result.
    func weightedNaturalCurvature(theta: ArraySlice<Double>, covariance w: Matrix) -> [Double] {
        let t = dimension, count = parameterCount
        guard !isLinearInNaturalParameters, t > 1 else { return [Double](repeating: 0, count: t * t) }
        let base = Array(theta)
        let psi = naturalParameters(at: theta)
        var jacobian = Matrix(rows: count, columns: count)  // ∂ψ_a/∂θ_i
        for i in 0..<count {
            let h = 1e-6 * max(1, abs(base[i]))
            var up = base, down = base
            up[i] += h
            down[i] -= h
            let plus = naturalParameters(at: up[...]), minus = naturalParameters(at: down[...])
            for a in 0..<count { jacobian[a, i] = (plus[a] - minus[a]) / (2 * h) }
        }
        var wPsi = Matrix(rows: count, columns: count)
        for a in 0..<count {
            for b in 0..<count {
                var sum = 0.0
                for i in 0..<count { for j in 0..<count { sum += jacobian[a, i] * w[i, j] * jacobian[b, j] } }
                wPsi[a, b] = sum
            }
        }
        let steps = psi.map { 1e-4 * max(abs($0), 1e-2) }
        func at(_ shifts: [(Int, Double)]) -> [Double] {
            var point = psi
            for (index, shift) in shifts { point[index] += shift }
            return naturalMatrix(point)
        }
        var result = [Double](repeating: 0, count: t * t)
        for a in 0..<count {
            for b in a..<count where wPsi[a, b] != 0 {
                let ha = steps[a], hb = steps[b]
                let second: [Double]
                if a == b {
                    let plus = at([(a, ha)]), minus = at([(a, -ha)]), center = naturalMatrix(psi)
                    second = (0..<(t * t)).map { (plus[$0] - 2 * center[$0] + minus[$0]) / (ha * ha) }
                } else {
                    let pp = at([(a, ha), (b, hb)]), pm = at([(a, ha), (b, -hb)]), mp = at([(a, -ha), (b, hb)]), mm = at([(a, -ha), (b, -hb)])
                    second = (0..<(t * t)).map { (pp[$0] - pm[$0] - mp[$0] + mm[$0]) / (4 * ha * hb) }
                }
                let weight = a == b ? wPsi[a, b] : 2 * wPsi[a, b]
                for index in result.indices { result[index] += weight * second[index] }
            }
        }
        return result
    }
}
