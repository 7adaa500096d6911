import Foundation
import StatsCore
import MixedModels

/// The JSON written by `trialstats fit --format json`: a stable contract, documented in the
/// README. Keys never change meaning; new keys may be added. Non-finite numbers are null.
struct MixedModelDocument: Encodable {
    struct Fixed: Encodable { let term: String; let estimate, se, df, t, p, lower, upper: Double? }
    struct Random: Encodable { let group, term: String; let variance, sd: Double? }
    struct Correlation: Encodable { let group, term1, term2: String; let correlation: Double? }
    struct Residual: Encodable { let variance, sd: Double? }
    struct Optimizer: Encodable {
        let name: String
        let evaluations: Int
        let status: String
        let newtonSteps: Int
        let scaledGradient: [Double?]
    }
    struct Exclusion: Encodable { let reason: String; let rows: Int; let lines: [Int] }
    /// Var(β̂), model-based (lme4's and mmrm's vcov), over the estimated fixed effects.
    struct Covariance: Encodable { let terms: [String]; let matrix: [[Double?]] }
    struct Ledger: Encodable { let rowsRead, rowsUsed: Int; let excluded: [Exclusion] }
    struct Test: Encodable { let term: String; let numeratorDF, denominatorDF, F, p: Double? }
    struct Mode: Encodable { let group, level, term: String; let mode, conditionalSD: Double? }
    struct BootstrapInterval: Encodable { let parameter: String; let estimate, lower, upper: Double? }
    struct Bootstrap: Encodable {
        let replicates, used, notConverged, failed: Int
        let seed: UInt64
        let level: Double
        let intervals: [BootstrapInterval]
    }
    struct ComparedModel: Encodable { let formula: String; let npar: Int; let aic, bic, logLik, deviance: Double? }
    struct LikelihoodRatio: Encodable {
        let reduced, full: ComparedModel
        let chisq: Double?
        let df: Int
        let p: Double?
        let refittedByML, varianceOnBoundary: Bool
    }

    let model = "lmm"
    let method: String
    let formula: String
    let data: String
    let nobs: Int
    let groups: [String: Int]
    let fixed: [Fixed]
    let df: String
    let confidenceLevel: Double
    let random: [Random]
    let correlations: [Correlation]
    let residual: Residual
    let logLik, deviance, REMLcriterion, aic, bic: Double?
    let theta: [Double?]
    let converged, singular: Bool
    let messages: [String]
    let droppedFixedEffects: [String]
    let typeIII: [Test]
    let fixedEffectsCovariance: Covariance
    let conditionalModes: [Mode]?
    let bootstrap: Bootstrap?
    let likelihoodRatio: LikelihoodRatio?
    let optimizer: Optimizer
    let emmeans: [[String: JSONValue]]?
    let contrasts: [[String: JSONValue]]?
    let ledger: Ledger

    func encoded() throws -> String { try JSONText.encode(self) }
}

func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

extension MixedModelReport {
    func document() -> MixedModelDocument {
        let shared = shared
        let fixed = shared.fixedDocument
        var random: [MixedModelDocument.Random] = []
        var correlations: [MixedModelDocument.Correlation] = []
        for component in fit.varianceComponents {
            for (index, name) in component.effectNames.enumerated() {
                random.append(.init(group: component.group, term: name, variance: finite(component.variances[index]),
                                    sd: finite(component.standardDeviations[index])))
            }
            for j in component.effectNames.indices {
                for i in (j + 1)..<max(j + 1, component.effectNames.count) {
                    correlations.append(.init(group: component.group, term1: component.effectNames[j], term2: component.effectNames[i],
                                              correlation: finite(component.correlation(i, j))))
                }
            }
        }
        var modes: [MixedModelDocument.Mode]? = nil
        if includeConditionalModes {
            let values = fit.model.conditionalModes, variances = fit.model.conditionalVariances
            modes = []
            for (termIndex, term) in fit.model.terms.enumerated() {
                let k = term.effectCount
                for (level, name) in term.levels.enumerated() {
                    for effect in 0..<k {
                        modes?.append(.init(group: term.groupingLabel, level: name, term: term.effectNames[effect],
                                            mode: finite(values[termIndex][level * k + effect]),
                                            conditionalSD: finite(variances[termIndex][level * k * k + effect * k + effect].squareRoot())))
                    }
                }
            }
        }
        let frame = fit.model.frame
        return MixedModelDocument(
            method: fit.method.rawValue, formula: frame.formula.text, data: table.source, nobs: fit.observationCount,
            groups: Dictionary(uniqueKeysWithValues: fit.groupCounts.map { ($0.group, $0.levels) }),
            fixed: fixed, df: inference.method.rawValue, confidenceLevel: level, random: random, correlations: correlations,
            residual: .init(variance: finite(fit.sigma * fit.sigma), sd: finite(fit.sigma)),
            logLik: finite(fit.logLikelihood), deviance: finite(fit.deviance), REMLcriterion: finite(fit.remlCriterion),
            aic: finite(fit.aic), bic: finite(fit.bic), theta: fit.theta.map(finite),
            converged: fit.converged, singular: fit.singular, messages: fit.optimization.messages + inference.warnings,
            droppedFixedEffects: fit.model.droppedFixedEffects,
            typeIII: shared.typeIIIDocument,
            fixedEffectsCovariance: shared.covarianceDocument(fit.fixedEffectsCovariance),
            conditionalModes: modes,
            bootstrap: bootstrap.map { resampled in
                let intervals = resampled.percentileIntervals(level: level)
                return .init(replicates: resampled.requested, used: resampled.values.count, notConverged: resampled.notConverged,
                             failed: resampled.failed, seed: resampled.seed, level: level,
                             intervals: resampled.parameterNames.indices.map { index in
                                 .init(parameter: resampled.parameterNames[index], estimate: finite(resampled.estimates[index]),
                                       lower: finite(intervals[index].lower), upper: finite(intervals[index].upper))
                             })
            },
            likelihoodRatio: likelihoodRatio.map { test in
                func compared(_ fit: LinearMixedModelFit) -> MixedModelDocument.ComparedModel {
                    .init(formula: fit.model.frame.formula.text, npar: fit.parameterCount, aic: finite(fit.aic), bic: finite(fit.bic),
                          logLik: finite(fit.logLikelihood), deviance: finite(fit.deviance))
                }
                return .init(reduced: compared(test.reduced), full: compared(test.full), chisq: finite(test.statistic),
                             df: test.degreesOfFreedom, p: finite(test.pValue), refittedByML: test.refitted,
                             varianceOnBoundary: test.testsVarianceOnBoundary)
            },
            optimizer: .init(name: "BOBYQA (NLopt)", evaluations: fit.optimization.evaluations,
                             status: fit.optimization.bobyqa.nloptStatus, newtonSteps: fit.optimization.newtonSteps,
                             scaledGradient: fit.optimization.scaledGradient.map(finite)),
            emmeans: shared.marginalMeansDocument, contrasts: shared.contrastsDocument,
            ledger: shared.ledgerDocument)
    }
}
