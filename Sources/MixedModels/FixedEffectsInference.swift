import Distributions
import LinearAlgebra

/// How the denominator degrees of freedom of fixed-effect tests are found.
public enum DegreesOfFreedomMethod: String, Codable, Sendable, CaseIterable {
    /// lmerTest's default: Satterthwaite's approximation from the variance parameters'
    /// covariance.
    case satterthwaite
    /// Kenward-Roger: an adjusted covariance of β̂ and scaled F; REML fits only. A linear mixed
    /// model's is pbkrtest's; an MMRM's is SAS's DDFM=KR (observed information, the second-order
    /// term in SAS's parameters of the structure).
    case kenwardRoger = "kenward-roger"
    /// Kenward-Roger without the second-order term of the adjusted covariance: SAS's
    /// DDFM=KR(LINEAR), mmrm's "Kenward-Roger-Linear". For a linear mixed model (linear in its
    /// variance parameters) it is the same as kenward-roger.
    case kenwardRogerLinear = "kenward-roger-linear"
    /// MMRMs only: mmrm's "Kenward-Roger", whose second-order term is taken in mmrm's parameters
    /// of the structure (log SDs, ρ = θ/√(1 + θ²), a scaled Cholesky factor for us), so its SEs
    /// differ from SAS's DDFM=KR for every structure; the df are the same.
    case kenwardRogerMMRM = "kenward-roger-mmrm"
    /// n − p for every test (SAS's DDFM=RESIDUAL): simple, and anticonservative for
    /// between-subject effects.
    case residual
    /// MMRMs only: subjects − 1 − (between-subject coefficients) for effects constant within every
    /// subject, observations − subjects − (within-subject coefficients) for the others and the
    /// intercept (Schluchter & Elashoff 1990, as mmrm defines it; a contrast takes the smallest df
    /// of the coefficients it involves).
    case betweenWithin = "between-within"
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

    /// What tests one linear combination: kept so that marginal means and contrasts use the same
    /// df method as the coefficients.
    enum Engine: Sendable {
        case satterthwaite(Satterthwaite)
        case kenwardRoger(KenwardRoger)
        case residual(degreesOfFreedom: Double, fixedEffects: [Double], covariance: Matrix)
        /// A df per coefficient; a combination takes the smallest among those it involves.
        case perCoefficient(degreesOfFreedom: [Double], fixedEffects: [Double], covariance: Matrix)
    }
    let engine: Engine

    public init(fit: LinearMixedModelFit, method: DegreesOfFreedomMethod) throws(MixedModelError) {
        let engine: Engine
        switch method {
        case .satterthwaite: engine = .satterthwaite(try Satterthwaite(fit: fit))
        case .kenwardRoger, .kenwardRogerLinear: engine = .kenwardRoger(try KenwardRoger(fit: fit))
        case .residual:
            engine = .residual(degreesOfFreedom: Double(fit.observationCount - fit.fixedEffects.count),
                               fixedEffects: fit.fixedEffects, covariance: fit.fixedEffectsCovariance)
        case .betweenWithin:
            throw .invalidOption("between-within df are defined here for MMRMs; use satterthwaite or kenward-roger for this model")
        case .kenwardRogerMMRM:
            throw .invalidOption("kenward-roger-mmrm follows mmrm's parameters of an MMRM covariance structure; for this model use "
                                 + "kenward-roger (pbkrtest's)")
        }
        try self.init(engine: engine, method: method, hypotheses: try TypeIIIContrasts(model: fit.model),
                      fixedEffectCount: fit.fixedEffects.count)
    }

    /// `sandwich` replaces Var(β̂) by the empirical covariance (CR0 or CR2) for every test; the
    /// df must then be residual or between-within, which do not come from the model covariance.
    public init(fit: RepeatedMeasuresFit, method: DegreesOfFreedomMethod, sandwich: SandwichEstimator? = nil) throws(MixedModelError) {
        if let sandwich {
            let covariance = try fit.sandwichCovariance(sandwich)
            let engine: Engine
            switch method {
            case .residual:
                engine = .residual(degreesOfFreedom: Double(fit.model.observationCount - fit.fixedEffects.count),
                                   fixedEffects: fit.fixedEffects, covariance: covariance)
            case .betweenWithin:
                engine = .perCoefficient(degreesOfFreedom: fit.model.betweenWithinDegreesOfFreedom, fixedEffects: fit.fixedEffects,
                                         covariance: covariance)
            default:
                throw .invalidOption("an empirical (\(sandwich.rawValue)) covariance goes with residual or between-within df; "
                                     + "Satterthwaite and Kenward-Roger derive theirs from the model's covariance")
            }
            try self.init(engine: engine, method: method, hypotheses: try TypeIIIContrasts(model: fit.model),
                          fixedEffectCount: fit.fixedEffects.count)
            return
        }
        let engine: Engine
        switch method {
        case .satterthwaite: engine = .satterthwaite(try fit.satterthwaite())
        case .kenwardRoger: engine = .kenwardRoger(try fit.kenwardRoger(secondOrderIn: .sas))
        case .kenwardRogerLinear: engine = .kenwardRoger(try fit.kenwardRoger(secondOrderIn: nil))
        case .kenwardRogerMMRM: engine = .kenwardRoger(try fit.kenwardRoger(secondOrderIn: .mmrm))
        case .residual:
            engine = .residual(degreesOfFreedom: Double(fit.model.observationCount - fit.fixedEffects.count),
                               fixedEffects: fit.fixedEffects, covariance: fit.fixedEffectsCovariance)
        case .betweenWithin:
            engine = .perCoefficient(degreesOfFreedom: fit.model.betweenWithinDegreesOfFreedom, fixedEffects: fit.fixedEffects,
                                     covariance: fit.fixedEffectsCovariance)
        }
        try self.init(engine: engine, method: method, hypotheses: try TypeIIIContrasts(model: fit.model),
                      fixedEffectCount: fit.fixedEffects.count)
    }

    init(engine: Engine, method: DegreesOfFreedomMethod, hypotheses: TypeIIIContrasts, fixedEffectCount p: Int) throws(MixedModelError) {
        self.engine = engine
        self.method = method
        let units: [[Double]] = (0..<p).map { index in (0..<p).map { $0 == index ? 1.0 : 0.0 } }
        var coefficients: [ContrastTest] = []
        for unit in units { coefficients.append(try Self.test(unit, engine: engine)) }
        self.coefficients = coefficients
        switch engine {
        case let .satterthwaite(satterthwaite):
            typeIII = try satterthwaite.anova(hypotheses)
            warnings = satterthwaite.variance.warnings
        case let .kenwardRoger(kr):
            typeIII = try kr.anova(hypotheses)
            warnings = []
        case .residual, .perCoefficient:
            let (beta, covariance): ([Double], Matrix)
            switch engine {
            case let .residual(_, b, c), let .perCoefficient(_, b, c): (beta, covariance) = (b, c)
            default: fatalError("unreachable")
            }
            var tests: [FTest] = [], untestable: [FTest] = []
            for (term, rows) in zip(hypotheses.terms, hypotheses.contrasts) {
                guard !rows.isEmpty, let wald = Self.wald(rows, beta: beta, covariance: covariance) else {
                    untestable.append(.untestable(term: term))
                    continue
                }
                tests.append(FTest(term: term, fStatistic: wald.statistic / Double(wald.rank),
                                   numeratorDegreesOfFreedom: Double(wald.rank),
                                   denominatorDegreesOfFreedom: Self.denominator(rows, engine: engine)))
            }
            typeIII = tests + untestable
            warnings = []
        }
    }

    /// l'β̂ tested by this inference's df method.
    public func test(_ l: [Double]) throws(MixedModelError) -> ContrastTest { try Self.test(l, engine: engine) }

    static func test(_ l: [Double], engine: Engine) throws(MixedModelError) -> ContrastTest {
        switch engine {
        case let .satterthwaite(satterthwaite): return satterthwaite.contrast(l)
        case let .kenwardRoger(kr): return try kr.contrast(l)
        case let .residual(_, beta, covariance), let .perCoefficient(_, beta, covariance):
            return ContrastTest(estimate: zip(l, beta).reduce(0) { $0 + $1.0 * $1.1 },
                                standardError: Satterthwaite.quadratic(l, covariance).squareRoot(),
                                degreesOfFreedom: denominator([l], engine: engine))
        }
    }

    /// The residual df, or the smallest per-coefficient df among the coefficients `rows` involve.
    static func denominator(_ rows: [[Double]], engine: Engine) -> Double {
        switch engine {
        case let .residual(df, _, _): return df
        case let .perCoefficient(dfs, _, covariance):
            // Entries meant to be 0 come out of the type III projections as rounding, about 1e-13
            // of the row's size on any BLAS; real ones are far above 1e-8 of it. Each entry is
            // weighed by its coefficient's SE, so that the comparison does not depend on the
            // columns' units (a covariate mean of 1e9 in a marginal mean's row, say): |l_j|·SE_j
            // is what the entry contributes to the estimate's scale. An absolute cut at 1e-12 let a
            // kernel's rounding decide the df.
            let scales = dfs.indices.map { covariance[$0, $0].squareRoot() }
            let weighted = rows.map { row in zip(row, scales).map { abs($0) * ($1.isFinite ? $1 : 1) } }
            let cutoffs = weighted.map { 1e-8 * ($0.max() ?? 0) }
            let involved = dfs.indices.filter { index in weighted.indices.contains { weighted[$0][index] > cutoffs[$0] } }
            return involved.map { dfs[$0] }.min() ?? .nan
        default: return .nan
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
