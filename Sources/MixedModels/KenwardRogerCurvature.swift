#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// The parameters ψ in which Kenward-Roger's second-order term Σᵢⱼ Wᵢⱼ ∂²Σ/∂ψᵢ∂ψⱼ is taken. The
/// term is invariant to affine changes of ψ but not to others, so SAS's DDFM=KR (ψ its covariance
/// parameter estimates) and mmrm's "Kenward-Roger" (ψ its unconstrained θ) give different
/// adjusted covariances for the same fit.
public enum CurvatureParameters: Sendable, Equatable {
    /// SAS PROC MIXED's covariance parameters (`NaturalCovarianceParameters`).
    case sas
    /// mmrm's θ (`MMRMCovarianceParameters`).
    case mmrm
}

extension CovarianceParametrization {
    /// Whether Σ is linear in ψ (SAS's UN, CS, TOEP; none of mmrm's, whose SDs are on the log
    /// scale): the second-order term is then zero.
    func isLinear(in system: CurvatureParameters) -> Bool { system == .sas && [.us, .cs, .toep].contains(structure) }

    /// ψ at θ in `system`.
    func parameters(in system: CurvatureParameters, at theta: ArraySlice<Double>) -> [Double] {
        system == .sas ? naturalParameters(at: theta) : mmrmParameters(at: theta)
    }

    /// J = ∂ψ/∂θ by central differences (ψ is smooth in θ; h = 1e-6 leaves errors near 1e-10).
    func parameterJacobian(in system: CurvatureParameters, theta: ArraySlice<Double>) -> Matrix {
        let count = parameterCount, base = Array(theta)
        var jacobian = Matrix(rows: count, columns: count)  // ∂ψ_a/∂θ_i
        for i in 0..<count {
            let h = 1e-6 * max(1, abs(base[i]))
            var up = base, down = base
            up[i] += h
            down[i] -= h
            let plus = parameters(in: system, at: up[...]), minus = parameters(in: system, at: down[...])
            for a in 0..<count { jacobian[a, i] = (plus[a] - minus[a]) / (2 * h) }
        }
        return jacobian
    }

    /// Σ_ab W^ψ_ab ∂²Σ/∂ψ_a∂ψ_b at θ, with W^ψ = J·W·Jᵀ the covariance of ψ̂ from that of θ̂ (J =
    /// ∂ψ/∂θ): Kenward-Roger's second-order term before it is taken into X'Σ⁻¹…Σ⁻¹X, with ψ the
    /// parameters of `system`. Zero for a structure linear in ψ. Derivatives are central
    /// differences (ψ is smooth in θ, and Σ a low-degree function of ψ), with steps that keep their
    /// error near 1e-8 of the result.
    /// With `pairs` (a spatial Σ's visits seen together), only those entries are formed.
    func weightedCurvature(in system: CurvatureParameters, theta: ArraySlice<Double>, covariance w: Matrix, pairs: [Bool]? = nil) -> [Double] {
        let t = dimension, count = parameterCount
        guard !isLinear(in: system), t > 1 else { return [Double](repeating: 0, count: t * t) }
        func sigma(_ psi: [Double]) -> [Double] { system == .sas ? naturalMatrix(psi, pairs: pairs) : mmrmMatrix(psi, pairs: pairs) }
        let psi = parameters(in: system, at: theta)
        let jacobian = parameterJacobian(in: system, theta: theta)
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
            return sigma(point)
        }
        var result = [Double](repeating: 0, count: t * t)
        for a in 0..<count {
            for b in a..<count where wPsi[a, b] != 0 {
                let ha = steps[a], hb = steps[b]
                let second: [Double]
                if a == b {
                    let plus = at([(a, ha)]), minus = at([(a, -ha)]), center = sigma(psi)
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
