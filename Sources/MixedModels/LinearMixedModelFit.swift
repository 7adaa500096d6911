#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra
import ModelFrames
import TrialData

/// A fitted linear mixed model: the model at θ̂ and what lme4's `summary` reports.
///
/// The fit is the last stage of the pipeline formula → `ModelFrame` → `LinearMixedModel` →
/// `optimize` → `LinearMixedModelFit`; `fit(_:table:method:options:)` runs all of them.
public struct LinearMixedModelFit: Sendable {
    /// The model, left at θ̂.
    public let model: LinearMixedModel
    public let optimization: MixedModelOptimization
    public let fixedEffects: [Double]
    /// Var(β̂), p × p.
    public let fixedEffectsCovariance: Matrix
    public let sigma: Double
    public let varianceComponents: [VarianceComponent]
    /// The criterion minimized: the REML criterion or the ML deviance.
    public let objective: Double
    /// −2 log-likelihood at θ̂ (lme4's `deviance(fit, REML = FALSE)`, also for REML fits).
    public let deviance: Double
    /// The REML criterion at θ̂ (also for ML fits, as lme4's `REMLcrit`).
    public let remlCriterion: Double
    /// −objective/2: the restricted log-likelihood for REML fits, as lme4's `logLik`.
    public let logLikelihood: Double
    /// θ, β and σ: lme4's df of `logLik`.
    public let parameterCount: Int
    public let aic: Double
    public let bic: Double

    public var method: EstimationMethod { model.method }
    public var observationCount: Int { model.observationCount }
    public var fixedEffectNames: [String] { model.fixedEffectNames }
    public var standardErrors: [Double] { (0..<fixedEffects.count).map { fixedEffectsCovariance[$0, $0].squareRoot() } }
    public var converged: Bool { optimization.converged }
    public var singular: Bool { optimization.singular }
    public var theta: [Double] { optimization.theta }

    /// Levels per grouping factor, once per factor, in term order.
    public var groupCounts: [(group: String, levels: Int)] {
        var seen: Set<String> = []
        return model.terms.flatMap { term in
            term.blocks.compactMap { block in
                seen.insert(block.term.groupingLabel).inserted ? (block.term.groupingLabel, block.levels.count) : nil
            }
        }
    }

    public init(model: LinearMixedModel, optimization: MixedModelOptimization) {
        var model = model
        _ = model.objective(at: optimization.theta)
        self.model = model
        self.optimization = optimization
        fixedEffects = model.fixedEffects
        fixedEffectsCovariance = model.fixedEffectsCovariance
        sigma = model.sigma
        let variance = sigma * sigma
        // One component per formula term, as lme4's VarCorr: an amalgamated term's blocks apart.
        varianceComponents = model.terms.flatMap { term in
            let full = term.relativeCovariance
            return term.blocks.map { block in
                let k = block.effects.count
                var covariance = Matrix(rows: k, columns: k)
                for (i, a) in block.effects.enumerated() { for (j, b) in block.effects.enumerated() { covariance[i, j] = variance * full[a, b] } }
                return VarianceComponent(group: block.groupingLabel, effectNames: Array(term.effectNames[block.effects]), covariance: covariance)
            }
        }
        objective = model.objective
        deviance = model.objective(for: .ml)
        remlCriterion = model.objective(for: .reml)
        logLikelihood = -objective / 2
        parameterCount = model.theta.count + model.fixedEffectCount + 1
        aic = objective + 2 * Double(parameterCount)
        bic = objective + log(Double(model.observationCount)) * Double(parameterCount)
    }

    /// Parses, builds, optimizes and summarizes in one call.
    public static func fit(
        _ formula: Formula, table: Table, method: EstimationMethod = .reml, options: MixedModelOptions = MixedModelOptions(),
        references: [String: String] = [:]
    ) throws(MixedModelError) -> LinearMixedModelFit {
        let frame: ModelFrame
        do {
            frame = try ModelFrame(formula, table: table, references: references)
        } catch {
            throw .modelFrame(error)
        }
        var model = try LinearMixedModel(frame: frame, method: method)
        let optimization = try model.optimize(options: options)
        return LinearMixedModelFit(model: model, optimization: optimization)
    }
}
