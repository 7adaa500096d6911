import Foundation

/// How the between-study variance τ² is estimated; `fixed` sets it to 0 (the common-effect model).
public enum HeterogeneityEstimator: String, Codable, Sendable, CaseIterable {
    /// Inverse-variance fixed (common) effect: τ² = 0.
    case fixed = "FE"
    /// DerSimonian-Laird (1986) method of moments.
    case dersimonianLaird = "DL"
    /// Restricted maximum likelihood, by Fisher scoring.
    case restrictedMaximumLikelihood = "REML"
    /// Paule-Mandel (1982): the τ² at which the generalized Q equals its expectation, k − 1.
    case pauleMandel = "PM"

    public var name: String {
        switch self {
        case .fixed: return "fixed effect (inverse variance)"
        case .dersimonianLaird: return "random effects, DerSimonian-Laird τ²"
        case .restrictedMaximumLikelihood: return "random effects, REML τ²"
        case .pauleMandel: return "random effects, Paule-Mandel τ²"
        }
    }

    /// τ² for these effects, and its standard error (DL: from the variance of Q; REML: from the
    /// Fisher information; PM: the large-sample √(2k²/(k − 1)) / Σwᵢ with wᵢ = 1/(vᵢ + τ²), the
    /// approximation metafor reports).
    func estimate(_ effects: [StudyEffect]) throws(MetaAnalysisError) -> (tau2: Double, standardError: Double?) {
        let y = effects.map(\.estimate), v = effects.map(\.variance)
        switch self {
        case .fixed:
            return (0, nil)
        case .dersimonianLaird:
            let w = v.map { 1 / $0 }
            let q = WeightedMean(y, weights: w).q
            let sw = w.reduce(0, +), sw2 = w.reduce(0) { $0 + $1 * $1 }
            let c = sw - sw2 / sw
            let tau2 = max(0, (q - Double(y.count - 1)) / c)
            return (tau2, Self.dersimonianLairdStandardError(v: v, weights: w, tau2: tau2, c: c))
        case .restrictedMaximumLikelihood:
            let tau2 = try Self.reml(y: y, v: v, start: try HeterogeneityEstimator.dersimonianLaird.estimate(effects).tau2)
            return (tau2, Self.remlStandardError(v: v, tau2: tau2))
        case .pauleMandel:
            let df = Double(y.count - 1), k = Double(y.count)
            let q0 = GeneralizedQ(y: y, v: v)
            let tau2 = q0(0) > df ? try MonotoneRoot.decreasing(q0.callAsFunction, target: df, lower: 0) : 0
            let sumOfWeights = v.reduce(0) { $0 + 1 / ($1 + tau2) }
            return (tau2, (2 * k * k / df).squareRoot() / sumOfWeights)
        }
    }

    /// Var(Q) under the random-effects model with the fixed-effect weights, 2 tr(AΣAΣ) with
    /// A = W − wwᵀ/Σw and Σ = diag(vᵢ + τ²), carried to τ² through the divisor c.
    static func dersimonianLairdStandardError(v: [Double], weights w: [Double], tau2: Double, c: Double) -> Double {
        let sw = w.reduce(0, +), k = v.count
        var trace = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let aij = (i == j ? w[i] : 0) - w[i] * w[j] / sw
                trace += aij * (v[j] + tau2) * aij * (v[i] + tau2)
            }
        }
        return (2 * trace).squareRoot() / c
    }

    /// The projection P = W − wwᵀ/Σw with wᵢ = 1/(vᵢ + τ²), which REML's score and information use.
    static func projection(v: [Double], tau2: Double) -> [[Double]] {
        let w = v.map { 1 / ($0 + tau2) }, sw = w.reduce(0, +)
        return w.indices.map { i in w.indices.map { j in (i == j ? w[i] : 0) - w[i] * w[j] / sw } }
    }

    static func remlStandardError(v: [Double], tau2: Double) -> Double {
        let p = projection(v: v, tau2: tau2)
        let tracePP = p.indices.reduce(0.0) { sum, i in sum + p[i].indices.reduce(0) { $0 + p[i][$1] * p[$1][i] } }
        return (2 / tracePP).squareRoot()
    }

    /// Fisher scoring on the restricted likelihood: τ² ← τ² + (yᵀPPy − tr P) / tr(PP), kept ≥ 0,
    /// until the step is below 1e-14 (relative), much tighter than metafor's default 1e-5.
    static func reml(y: [Double], v: [Double], start: Double) throws(MetaAnalysisError) -> Double {
        var tau2 = start
        for _ in 0..<10_000 {
            let p = projection(v: v, tau2: tau2)
            let py = p.map { row in zip(row, y).reduce(0) { $0 + $1.0 * $1.1 } }
            let yPPy = py.reduce(0) { $0 + $1 * $1 }
            let traceP = p.indices.reduce(0) { $0 + p[$1][$1] }
            let tracePP = p.indices.reduce(0.0) { sum, i in sum + p[i].indices.reduce(0) { $0 + p[i][$1] * p[$1][i] } }
            let next = max(0, tau2 + (yPPy - traceP) / tracePP)
            if abs(next - tau2) <= 1e-14 * max(1, abs(tau2)) { return next }
            tau2 = next
        }
        throw .notComputable("REML iterations for τ² did not converge in 10000 steps")
    }
}

/// The inverse-variance weighted mean of y and Cochran's Q = Σ wᵢ (yᵢ − ȳ_w)².
struct WeightedMean {
    let mean: Double
    let sumOfWeights: Double
    let q: Double

    init(_ y: [Double], weights w: [Double]) {
        sumOfWeights = w.reduce(0, +)
        let m = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / sumOfWeights
        mean = m
        q = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - m) * ($1.1 - m) }
    }
}

/// The generalized Q, Σ (yᵢ − μ̂)²/(vᵢ + τ²) with μ̂ weighted by 1/(vᵢ + τ²): decreasing in τ²;
/// Paule-Mandel and the Q-profile interval solve it for τ².
struct GeneralizedQ {
    let y: [Double]
    let v: [Double]

    func callAsFunction(_ tau2: Double) -> Double {
        WeightedMean(y, weights: v.map { 1 / ($0 + tau2) }).q
    }
}
