import LinearAlgebra

extension KenwardRoger {
    /// l'β̂ with the adjusted SE √(l'Φ_A l) and KR's df (lmerTest's summary with
    /// `ddf = "Kenward-Roger"`).
    public func contrast(_ l: [Double]) throws(MixedModelError) -> ContrastTest {
        let estimate = zip(l, fixedEffects).reduce(0) { $0 + $1.0 * $1.1 }
        let standardError = Satterthwaite.quadratic(l, adjustedCovariance).squareRoot()
        let df = try adjustment([l]).degreesOfFreedom
        return ContrastTest(estimate: estimate, standardError: standardError, degreesOfFreedom: df)
    }

    /// The scaled F test of L·β = 0 (pbkrtest's KRmodcomp): F = λ·(Lβ̂)'(LΦ_A L')⁻¹(Lβ̂)/q
    /// on (q, m) df, q the rank of L.
    public func test(_ contrasts: [[Double]], term: String) throws(MixedModelError) -> FTest {
        guard !contrasts.isEmpty else { return .untestable(term: term) }
        let rows = try Self.fullRankRows(contrasts)
        guard !rows.isEmpty else { return .untestable(term: term) }
        let q = rows.count
        let (df, scaling) = try adjustment(rows)
        var lpl = Matrix(rows: q, columns: q)
        for i in 0..<q { for j in 0..<q { lpl[i, j] = Satterthwaite.bilinear(rows[i], adjustedCovariance, rows[j]) } }
        let estimates = rows.map { row in zip(row, fixedEffects).reduce(0) { $0 + $1.0 * $1.1 } }
        let wald: Double
        do {
            let solved = try CholeskyFactorization(lpl).solve(estimates)
            wald = zip(estimates, solved).reduce(0) { $0 + $1.0 * $1.1 } / Double(q)
        } catch {
            throw .numerical("L·Φ_A·L' for \(term): \(error)")
        }
        return FTest(term: term, fStatistic: scaling * wald, numeratorDegreesOfFreedom: Double(q),
                     denominatorDegreesOfFreedom: df)
    }

    /// Type III F tests of every term, in model order; untestable terms last.
    public func anova(_ hypotheses: TypeIIIContrasts) throws(MixedModelError) -> [FTest] {
        var tested: [FTest] = [], untestable: [FTest] = []
        for (term, rows) in zip(hypotheses.terms, hypotheses.contrasts) {
            if rows.isEmpty { untestable.append(.untestable(term: term)) } else { tested.append(try test(rows, term: term)) }
        }
        return tested + untestable
    }

    /// KR's denominator df m and F scaling λ for the hypothesis rows (Kenward & Roger 1997, §4;
    /// with pbkrtest's guards for the degenerate cases).
    func adjustment(_ rows: [[Double]]) throws(MixedModelError) -> (degreesOfFreedom: Double, scaling: Double) {
        let p = fixedEffects.count, q = Double(rows.count)
        let phi = unadjustedCovariance
        var l = Matrix(rows: rows.count, columns: p)
        for (i, row) in rows.enumerated() { for j in 0..<p { l[i, j] = row[j] } }
        let theta: Matrix
        do {
            let lphil = try l.multiplied(by: try phi.multiplied(by: l, transposingOther: true))
            let middle = try CholeskyFactorization(lphil).inverse()
            theta = try l.multiplied(by: try middle.multiplied(by: l), transposingSelf: true)
        } catch {
            throw .numerical("L·Φ·L' is singular: \(error)")
        }
        let u: [Matrix] = derivatives.map { derivative in
            try! theta.multiplied(by: try! phi.multiplied(by: try! derivative.multiplied(by: phi)))
        }
        func trace(_ a: Matrix) -> Double { (0..<a.rows).reduce(0) { $0 + a[$1, $1] } }
        let traces = u.map(trace)
        var a1 = 0.0, a2 = 0.0
        for i in u.indices {
            for j in u.indices where parameterCovariance[i, j] != 0 {
                let w = parameterCovariance[i, j]
                a1 += w * traces[i] * traces[j]
                a2 += w * trace(try! u[i].multiplied(by: u[j]))
            }
        }
        let b = (a1 + 6 * a2) / (2 * q)
        let g = ((q + 1) * a1 - (q + 4) * a2) / ((q + 2) * a2)
        let d = 3 * q + 2 * (1 - g)
        let c1 = g / d, c2 = (q - g) / d, c3 = (q + 2 - g) / d
        var v0 = 1 + c1 * b
        if abs(v0) < 1e-10 { v0 = 0 }
        let numerator = 1 - a2 / q, denominator = 1 - c2 * b
        let ratio = abs(numerator) < 1e-14 && abs(denominator) < 1e-14 ? 1 : numerator / denominator
        let rho = ratio * ratio * v0 / (1 - c3 * b) / q
        let m = 4 + (q + 2) / (q * rho - 1)
        let scaling = abs(m - 2) < 0.01 ? 1 : m * (1 - a2 / q) / (m - 2)
        return (m, scaling)
    }

    /// Rows spanning the same space as `contrasts` with full row rank (pbkrtest reduces a
    /// rank-deficient L the same way; m and λ do not depend on the basis).
    static func fullRankRows(_ contrasts: [[Double]]) throws(MixedModelError) -> [[Double]] {
        let q = contrasts.count, p = contrasts[0].count
        var gram = Matrix(rows: q, columns: q)
        for i in 0..<q { for j in 0..<q { gram[i, j] = zip(contrasts[i], contrasts[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        let eigen: SymmetricEigendecomposition
        do {
            eigen = try SymmetricEigendecomposition(gram)
        } catch {
            throw .numerical("the rank of L: \(error)")
        }
        let largest = eigen.values.max() ?? 0
        let kept = eigen.values.indices.filter { eigen.values[$0] > 1e-10 * largest }
        if kept.count == q { return contrasts }
        return kept.map { index in
            let vector = eigen.vectors.column(index)
            return (0..<p).map { column in (0..<q).reduce(0) { $0 + vector[$1] * contrasts[$1][column] } }
        }
    }
}
