import Distributions
import LinearAlgebra

/// How the denominator degrees of freedom of fixed-effect tests are found.
public enum DegreesOfFreedomMethod: String, Codable, Sendable, CaseIterable {
    /// lmerTest's default: Satterthwaite's approximation from the variance parameters'
    /// covariance.
    case satterthwaite
    /// pbkrtest's Kenward-Roger: an adjusted covariance of β̂ and scaled F; REML fits only.
    case kenwardRoger = "kenward-roger"
    /// n − p for every test (SAS's DDFM=RESIDUAL): simple, and anticonservative for
    /// between-subject effects.
    case residual
}

/// Tests of each coefficient and type III F tests of each term, by one df method.
public struct FixedEffectsInference: Sendable {
    public let method: DegreesOfFreedomMethod
    /// One per fixed effect, in `fit.fixedEffectNames` order.
    public let coefficients: [ContrastTest]
    /// Type III tests of the terms, in model order (untestable terms last).
    public let typeIII: [FTest]
    /// Warnings from the df computation (e.g. a Hessian with eigenvalues near zero).
    public let warnings: [String]

    public init(fit: LinearMixedModelFit, method: DegreesOfFreedomMethod) throws(MixedModelError) {
        self.method = method
        let p = fit.fixedEffects.count
        let units: [[Double]] = (0..<p).map { index in (0..<p).map { $0 == index ? 1.0 : 0.0 } }
        let hypotheses = try TypeIIIContrasts(model: fit.model)
        switch method {
        case .satterthwaite:
            let satterthwaite = try Satterthwaite(fit: fit)
            coefficients = units.map(satterthwaite.contrast)
            typeIII = try satterthwaite.anova(hypotheses)
            warnings = satterthwaite.variance.warnings
        case .kenwardRoger:
            let kr = try KenwardRoger(fit: fit)
            var tests: [ContrastTest] = []
            for unit in units { tests.append(try kr.contrast(unit)) }
            coefficients = tests
            typeIII = try kr.anova(hypotheses)
            warnings = []
        case .residual:
            let df = Double(fit.observationCount - p)
            let covariance = fit.fixedEffectsCovariance
            coefficients = units.enumerated().map { index, _ in
                ContrastTest(estimate: fit.fixedEffects[index], standardError: covariance[index, index].squareRoot(),
                             degreesOfFreedom: df)
            }
            var tests: [FTest] = [], untestable: [FTest] = []
            for (term, rows) in zip(hypotheses.terms, hypotheses.contrasts) {
                guard !rows.isEmpty, let wald = Self.wald(rows, beta: fit.fixedEffects, covariance: covariance) else {
                    untestable.append(.untestable(term: term))
                    continue
                }
                tests.append(FTest(term: term, fStatistic: wald.statistic / Double(wald.rank),
                                   numeratorDegreesOfFreedom: Double(wald.rank), denominatorDegreesOfFreedom: df))
            }
            typeIII = tests + untestable
            warnings = []
        }
    }

    /// (Lβ)'(LCL')⁻¹(Lβ) over the rows of L with full rank.
    static func wald(_ rows: [[Double]], beta: [Double], covariance: Matrix) -> (statistic: Double, rank: Int)? {
        guard let basis = try? KenwardRoger.fullRankRows(rows), !basis.isEmpty else { return nil }
        let q = basis.count
        var lcl = Matrix(rows: q, columns: q)
        for i in 0..<q { for j in 0..<q { lcl[i, j] = Satterthwaite.bilinear(basis[i], covariance, basis[j]) } }
        let estimates = basis.map { row in zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 } }
        guard let solved = try? CholeskyFactorization(lcl).solve(estimates) else { return nil }
        return (zip(estimates, solved).reduce(0) { $0 + $1.0 * $1.1 }, q)
    }
}
