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
    /// A = W − wwᵀ/Σw and Σ = diag(vᵢ + τ²), carried to τ² through the divisor c. The trace in
    /// O(k): Σᵢ (wᵢ − wᵢ²/Σw)² sᵢ² + ((Σ aᵢ)² − Σ aᵢ²)/(Σw)², aᵢ = wᵢ² sᵢ, sᵢ = vᵢ + τ².
    static func dersimonianLairdStandardError(v: [Double], weights w: [Double], tau2: Double, c: Double) -> Double {
        let sw = w.reduce(0, +)
        var diagonal = 0.0, sumA = 0.0, sumA2 = 0.0
        for (wi, vi) in zip(w, v) {
            let s = vi + tau2, d = (wi - wi * wi / sw) * s, a = wi * wi * s
            diagonal += d * d
            sumA += a
            sumA2 += a * a
        }
        return (2 * (diagonal + (sumA * sumA - sumA2) / (sw * sw))).squareRoot() / c
    }

    /// What REML's score and information need of the projection P = W − wwᵀ/Σw, wᵢ = 1/(vᵢ + τ²),
    /// in O(k) rather than from P itself: Py = w∘(y − μ̂), so yᵀPPy = Σ wᵢ²(yᵢ − μ̂)²;
    /// tr P = S₁ − S₂/S₁; tr PP = S₂ − 2S₃/S₁ + S₂²/S₁², with S_m = Σ wᵢ^m.
    struct RestrictedLikelihoodTerms {
        let yPPy: Double
        let traceP: Double
        let tracePP: Double

        init(y: [Double], v: [Double], tau2: Double) {
            let w = v.map { 1 / ($0 + tau2) }
            var s1 = 0.0, s2 = 0.0, s3 = 0.0, weighted = 0.0
            for (wi, yi) in zip(w, y) {
                s1 += wi
                s2 += wi * wi
                s3 += wi * wi * wi
                weighted += wi * yi
            }
            let mean = weighted / s1
            yPPy = zip(w, y).reduce(0) { $0 + $1.0 * $1.0 * ($1.1 - mean) * ($1.1 - mean) }
            traceP = s1 - s2 / s1
            tracePP = s2 - 2 * s3 / s1 + s2 * s2 / (s1 * s1)
        }
    }

    static func remlStandardError(v: [Double], tau2: Double) -> Double {
        (2 / RestrictedLikelihoodTerms(y: v.map { _ in 0 }, v: v, tau2: tau2).tracePP).squareRoot()
    }

    /// Fisher scoring on the restricted likelihood: τ² ← τ² + (yᵀPPy − tr P) / tr(PP), kept ≥ 0,
    /// until the step is below 1e-14 (relative), much tighter than metafor's default 1e-5.
    static func reml(y: [Double], v: [Double], start: Double) throws(MetaAnalysisError) -> Double {
        var tau2 = start
        for _ in 0..<10_000 {
            let terms = RestrictedLikelihoodTerms(y: y, v: v, tau2: tau2)
            let next = max(0, tau2 + (terms.yPPy - terms.traceP) / terms.tracePP)
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
