import LinearAlgebra

/// Satterthwaite's denominator df for tests of fixed effects, as lmerTest computes them
/// (Kuznetsova, Brockhoff & Christensen 2017, J Stat Softw 82(13)).
///
/// For one contrast l: df = 2(l'Cl)² / (g'Ag), where C = Var(β̂), A the covariance of the
/// variance parameters and gᵢ = l'(∂C/∂ᵢ)l. For several rows, L C L' is diagonalized and the
/// rows' df are pooled as in Fai & Cornelius (1996).
public struct Satterthwaite: Sendable {
    public let variance: VarianceParameterCovariance
    public let fixedEffects: [Double]

    public init(fit: LinearMixedModelFit) throws(MixedModelError) {
        variance = try VarianceParameterCovariance(fit: fit)
        fixedEffects = fit.fixedEffects
    }

    public init(variance: VarianceParameterCovariance, fixedEffects: [Double]) {
        self.variance = variance
        self.fixedEffects = fixedEffects
    }

    /// l'β̂ with its SE and Satterthwaite df.
    public func contrast(_ l: [Double]) -> ContrastTest {
        let c = variance.fixedEffectsCovariance
        let v = Self.quadratic(l, c)
        return ContrastTest(estimate: zip(l, fixedEffects).reduce(0) { $0 + $1.0 * $1.1 }, standardError: v.squareRoot(),
                            degreesOfFreedom: degreesOfFreedom(l, variance: v))
    }

    func degreesOfFreedom(_ l: [Double], variance v: Double) -> Double {
        let g = variance.jacobian.map { Self.quadratic(l, $0) }
        let a = variance.covariance
        var gAg = 0.0
        for i in g.indices { for j in g.indices { gAg += g[i] * a[i, j] * g[j] } }
        return 2 * v * v / gAg
    }

    /// The F test of L·β = 0 (rows of L are contrasts), lmerTest's `contestMD`.
    public func test(_ contrasts: [[Double]], term: String) throws(MixedModelError) -> FTest {
        guard !contrasts.isEmpty else { return .untestable(term: term) }
        if contrasts.count == 1 {
            let one = contrast(contrasts[0])
            return FTest(term: term, fStatistic: one.tStatistic * one.tStatistic, numeratorDegreesOfFreedom: 1,
                         denominatorDegreesOfFreedom: one.degreesOfFreedom)
        }
        let c = variance.fixedEffectsCovariance
        let q0 = contrasts.count
        var lcl = Matrix(rows: q0, columns: q0)
        for i in 0..<q0 { for j in 0..<q0 { lcl[i, j] = Self.bilinear(contrasts[i], c, contrasts[j]) } }
        let eigen: SymmetricEigendecomposition
        do {
            eigen = try SymmetricEigendecomposition(lcl)
        } catch {
            throw .numerical("eigendecomposition of L·Var(β̂)·L': \(error)")
        }
        // Descending eigenvalues; those below √ε of the largest are rank deficiency.
        let order = eigen.values.indices.sorted { eigen.values[$0] > eigen.values[$1] }
        let largest = eigen.values[order[0]]
        let kept = order.filter { eigen.values[$0] > max(1.4901161193847656e-08 * largest, 0) }
        guard !kept.isEmpty else { return .untestable(term: term) }
        let rotated: [[Double]] = kept.map { index in
            let vector = eigen.vectors.column(index)
            return (0..<contrasts[0].count).map { column in (0..<q0).reduce(0) { $0 + vector[$1] * contrasts[$1][column] } }
        }
        if rotated.count == 1 {
            let one = contrast(rotated[0])
            return FTest(term: term, fStatistic: one.tStatistic * one.tStatistic, numeratorDegreesOfFreedom: 1,
                         denominatorDegreesOfFreedom: one.degreesOfFreedom)
        }
        let q = Double(rotated.count)
        var f = 0.0
        var nus: [Double] = []
        for (position, row) in rotated.enumerated() {
            let d = eigen.values[kept[position]]
            let estimate = zip(row, fixedEffects).reduce(0) { $0 + $1.0 * $1.1 }
            f += estimate * estimate / d
            nus.append(degreesOfFreedom(row, variance: d))
        }
        f /= q
        return FTest(term: term, fStatistic: f, numeratorDegreesOfFreedom: q, denominatorDegreesOfFreedom: Self.pooled(nus, q: q))
    }

    /// Type III F tests of every term, in model order; terms with no testable contrast come
    /// last, untestable, as lmerTest lists them.
    public func anova(_ hypotheses: TypeIIIContrasts) throws(MixedModelError) -> [FTest] {
        var tested: [FTest] = [], untestable: [FTest] = []
        for (term, rows) in zip(hypotheses.terms, hypotheses.contrasts) {
            if rows.isEmpty { untestable.append(.untestable(term: term)) } else { tested.append(try test(rows, term: term)) }
        }
        return tested + untestable
    }

    /// Fai & Cornelius's pooling of per-row df into one denominator df (lmerTest's rule).
    static func pooled(_ nus: [Double], q: Double) -> Double {
        if zip(nus, nus.dropFirst()).allSatisfy({ abs($0 - $1) < 1e-8 }) { return nus.reduce(0, +) / Double(nus.count) }
        if nus.contains(where: { $0 <= 2 }) { return 2 }
        let e = nus.reduce(0) { $0 + $1 / ($1 - 2) }
        return 2 * e / (e - q)
    }

    static func quadratic(_ l: [Double], _ m: Matrix) -> Double { bilinear(l, m, l) }

    static func bilinear(_ a: [Double], _ m: Matrix, _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices where a[i] != 0 { for j in b.indices where b[j] != 0 { sum += a[i] * m[i, j] * b[j] } }
        return sum
    }
}
