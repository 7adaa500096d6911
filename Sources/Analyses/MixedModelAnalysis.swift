import Descriptives
import LinearAlgebra
import MixedModels
import ModelFrames
import StatsCore
import TrialData

/// A mixed model in lme4's formula language (`trialstats fit`): a linear mixed model with random
/// effects, or an MMRM with a covariance term such as `us(visit | subject)`; tests of the fixed
/// effects by the df method asked for, and marginal means and contrasts as emmeans.
public struct MixedModelAnalysis: Codable, Sendable, Equatable {
    public var formula: String
    public var method: EstimationMethod
    public var degreesOfFreedom: DegreesOfFreedomMethod
    public var confidenceLevel: Double
    /// Factor → reference level (R's relevel).
    public var references: [String: String]
    public var maximumEvaluations: Int
    public var marginalMeans: MarginalMeansRequest?
    /// Linear mixed models: a reduced model tested by likelihood ratio, a parametric bootstrap,
    /// the conditional modes.
    public var reduced: String?
    public var bootstrap: Int?
    public var seed: UInt64
    public var conditionalModes: Bool
    /// Each used row's fitted value and residual in the result.
    public var fittedValues: Bool
    /// MMRMs: the empirical covariance of β̂ for the tests, a weights column, structures to fall back to.
    public var sandwich: SandwichEstimator?
    public var weights: String?
    public var fallback: [CovarianceTerm.Structure]

    public init(formula: String, method: EstimationMethod = .reml, degreesOfFreedom: DegreesOfFreedomMethod = .satterthwaite,
                confidenceLevel: Double = 0.95, references: [String: String] = [:], maximumEvaluations: Int = 10_000,
                marginalMeans: MarginalMeansRequest? = nil, reduced: String? = nil, bootstrap: Int? = nil, seed: UInt64 = 20_261_121,
                conditionalModes: Bool = false, fittedValues: Bool = false, sandwich: SandwichEstimator? = nil, weights: String? = nil,
                fallback: [CovarianceTerm.Structure] = []) {
        self.formula = formula
        self.method = method
        self.degreesOfFreedom = degreesOfFreedom
        self.confidenceLevel = confidenceLevel
        self.references = references
        self.maximumEvaluations = maximumEvaluations
        self.marginalMeans = marginalMeans
        self.reduced = reduced
        self.bootstrap = bootstrap
        self.seed = seed
        self.conditionalModes = conditionalModes
        self.fittedValues = fittedValues
        self.sandwich = sandwich
        self.weights = weights
        self.fallback = fallback
    }

    /// The options checked against each other and the formula, before any data are read.
    public func check() throws(AnalysisError) {
        try AnalysisError.requireConfidenceLevel(confidenceLevel)
        guard maximumEvaluations > 0 else {
            throw .invalidOption(name: "--max-evaluations", value: "\(maximumEvaluations)", expected: "a positive number")
        }
        if let bootstrap, !(1...100_000).contains(bootstrap) {
            throw .invalidOption(name: "--bootstrap", value: "\(bootstrap)", expected: "a number of replicates from 1 to 100000")
        }
        if [.kenwardRoger, .kenwardRogerLinear, .kenwardRogerMMRM].contains(degreesOfFreedom), method == .ml {
            throw .conflictingOptions("--df \(degreesOfFreedom.rawValue) needs a REML fit; drop --ml or use --df satterthwaite")
        }
        if let sandwich, degreesOfFreedom != .residual, degreesOfFreedom != .betweenWithin {
            throw .conflictingOptions("--vcov \(sandwich.rawValue.lowercased()) goes with --df residual or between-within: Satterthwaite and "
                                      + "Kenward-Roger derive their df from the model's covariance")
        }
        let parsed = try parsedFormula()
        if parsed.covarianceTerm != nil {
            if reduced != nil || bootstrap != nil || conditionalModes || fittedValues {
                throw .conflictingOptions("--reduced, --bootstrap, --conditional-modes and --fitted are for models with random effects; "
                                          + "an MMRM has a covariance term instead")
            }
        } else {
            if weights != nil {
                throw .conflictingOptions("--weights is for MMRMs (a covariance term such as us(visit | subject)); weighted linear mixed "
                                          + "models are not offered yet")
            }
            if !fallback.isEmpty { throw .conflictingOptions("--fallback is for MMRMs (a covariance term such as us(visit | subject))") }
            if let sandwich {
                throw .conflictingOptions("--vcov \(sandwich.rawValue.lowercased()) is for MMRMs (a covariance term such as us(visit | subject))")
            }
            _ = try reducedFormula()
        }
    }

    public func parsedFormula() throws(AnalysisError) -> Formula {
        do { return try Formula(formula) } catch { throw .invalidFormula(error.description) }
    }

    func reducedFormula() throws(AnalysisError) -> Formula? {
        guard let reduced else { return nil }
        do { return try Formula(reduced) } catch { throw .invalidFormula("--reduced: \(error)") }
    }

    /// Fits the model to `table`. `excluded`: rows the data checks took out before `table`; the
    /// ledger counts them as read. `normalized`: labels the checks read as another. `dataNote`:
    /// what the checks could not do. Both go into the ledger.
    /// Throws `AnalysisError` for options that do not fit together, and the model's own error
    /// (`MixedModelError`, …) when the fit cannot be computed.
    public func run(on table: Table, excluded: [RowLedger.Exclusion] = [], normalized: [LevelNormalization] = [],
                    dataNote: String? = nil) throws -> MixedModelResult {
        var result = try fit(table, excluded: excluded)
        result.ledger.note = dataNote
        result.ledger.normalized = normalized
        return result
    }

    func fit(_ table: Table, excluded: [RowLedger.Exclusion]) throws -> MixedModelResult {
        try check()
        let parsed = try parsedFormula()
        if parsed.covarianceTerm != nil { return try runRepeatedMeasures(parsed, table: table, excluded: excluded) }
        var options = MixedModelOptions()
        options.optimizer.maximumEvaluations = maximumEvaluations
        let fit = try LinearMixedModelFit.fit(parsed, table: table, method: method, options: options, references: references)
        let inference = try FixedEffectsInference(fit: fit, method: degreesOfFreedom)
        let likelihoodRatio = try reducedFormula().map { reduced throws in
            try LikelihoodRatioTest.fit(reduced: reduced, full: parsed, table: table, options: options, references: references)
        }
        let resampled = try bootstrap.map { replicates throws in
            try ParametricBootstrap(fit: fit, replicates: replicates, seed: seed, options: options)
        }
        let marginal = try marginalMeans(frame: fit.model.frame, names: fit.fixedEffectNames, inference: inference)
        let compared = likelihoodRatio.map { test in
            test.reduced.optimization.messages.map { FitWarning(.comparedModel, "reduced model (ML): \($0)") }
                + test.full.optimization.messages.map { FitWarning(.comparedModel, "full model (ML): \($0)") }
        } ?? []
        let fitWarnings = fit.optimization.warnings + inference.warnings.map { FitWarning(.inference, $0) }
        let parts = FixedEffectsParts(names: fit.fixedEffectNames, inference: inference, level: confidenceLevel,
                                      covariance: fit.fixedEffectsCovariance, marginal: marginal)
        let model = fit.model
        var random: [MixedModelResult.Random] = []
        var correlations: [MixedModelResult.Correlation] = []
        for component in fit.varianceComponents {
            for (index, name) in component.effectNames.enumerated() {
                random.append(.init(group: component.group, term: name, variance: finiteOrNil(component.variances[index]),
                                    sd: finiteOrNil(component.standardDeviations[index])))
            }
            for j in component.effectNames.indices {
                for i in (j + 1)..<max(j + 1, component.effectNames.count) {
                    correlations.append(.init(group: component.group, term1: component.effectNames[j], term2: component.effectNames[i],
                                              correlation: finiteOrNil(component.correlation(i, j))))
                }
            }
        }
        let scaled = model.residuals.map { $0 / fit.sigma }
        return MixedModelResult(
            model: "lmm", method: fit.method.rawValue, formula: model.frame.formula.text, data: table.source, nobs: fit.observationCount,
            groups: Dictionary(uniqueKeysWithValues: fit.groupCounts.map { ($0.group, $0.levels) }),
            groupSizes: fit.groupCounts.map { .init(group: $0.group, levels: $0.levels) },
            fixed: parts.fixed, df: degreesOfFreedom.rawValue, confidenceLevel: confidenceLevel,
            residualDF: fit.observationCount - fit.fixedEffects.count, random: random, correlations: correlations,
            residual: .init(variance: finiteOrNil(fit.sigma * fit.sigma), sd: finiteOrNil(fit.sigma)), covariance: nil,
            logLik: finiteOrNil(fit.logLikelihood), deviance: finiteOrNil(fit.deviance), REMLcriterion: finiteOrNil(fit.remlCriterion),
            aic: finiteOrNil(fit.aic), bic: finiteOrNil(fit.bic), aicc: nil, nullModelTest: nil, theta: fit.theta.map(finiteOrNil),
            converged: fit.converged, singular: fit.singular, messages: fitWarnings.map(\.message), warnings: fitWarnings + compared,
            droppedFixedEffects: model.droppedFixedEffects, vcov: "model", weights: nil, covarianceFallback: [],
            typeIII: parts.typeIII, fixedEffectsCovariance: parts.covariance,
            scaledResiduals: Description.quantiles(scaled, [0, 0.25, 0.5, 0.75, 1]).map(finiteOrNil),
            conditionalModes: conditionalModes ? Self.modes(model) : nil,
            bootstrap: resampled.map { bootstrapSummary($0) },
            likelihoodRatio: likelihoodRatio.map(Self.likelihoodRatioSummary),
            optimizer: .init(name: "\(fit.optimization.optimizer.options.algorithm.rawValue) (NLopt)", evaluations: fit.optimization.evaluations,
                             status: fit.optimization.optimizer.nloptStatus,
                             newtonSteps: fit.optimization.newtonSteps, scaledGradient: fit.optimization.scaledGradient.map(finiteOrNil),
                             gradientCheck: fit.optimization.gradientCheckValue.flatMap(finiteOrNil)),
            marginalMeans: parts.marginalSummary, emmeans: parts.means, contrasts: parts.contrasts,
            fittedValues: fittedValues ? Self.fittedRows(frame: model.frame, fitted: model.fittedValues) : nil,
            ledger: Self.ledger(table: table, excluded: excluded, frame: model.frame))
    }

    func runRepeatedMeasures(_ parsed: Formula, table: Table, excluded: [RowLedger.Exclusion]) throws -> MixedModelResult {
        let chained = try CovarianceFallback.fit(parsed, fallbacks: fallback, table: table, method: method, references: references,
                                                 weights: weights, maximumEvaluations: maximumEvaluations)
        let fit = chained.fit, passedOver = chained.passedOver, model = fit.model
        let inference = try FixedEffectsInference(fit: fit, method: degreesOfFreedom, sandwich: sandwich)
        let marginal = try marginalMeans(frame: model.frame, names: model.fixedEffectNames, inference: inference)
        let structure = model.term.structure
        let fallbackWarnings = passedOver.map { FitWarning(.covarianceFallback, $0.description) }
            + (passedOver.isEmpty ? [] : [FitWarning(.covarianceFallback, "the results use the \(structure.rawValue) covariance")])
        let fitWarnings = fit.warnings + inference.warnings.map { FitWarning(.inference, $0) }
        let parts = FixedEffectsParts(names: model.fixedEffectNames, inference: inference, level: confidenceLevel,
                                      covariance: fit.fixedEffectsCovariance, marginal: marginal)
        let matrices = fit.covariances.enumerated().map { index, matrix in
            MixedModelResult.GroupCovariance(group: model.groups[index].isEmpty ? nil : model.groups[index],
                                             matrix: model.visits.indices.map { row in model.visits.indices.map { finiteOrNil(matrix[row, $0]) } })
        }
        let covarianceParameters = (try? CovarianceParameterEstimates(fit: fit, confidenceLevel: confidenceLevel))?.parameters.map {
            MixedModelResult.CovarianceParameter(name: $0.name, group: $0.group, estimate: finiteOrNil($0.estimate), se: finiteOrNil($0.standardError),
                                                 z: finiteOrNil($0.z), p: finiteOrNil($0.p), lower: finiteOrNil($0.lower), upper: finiteOrNil($0.upper),
                                                 interval: $0.isVariance ? "Satterthwaite" : "Wald")
        }
        // A spatial Σ over several coordinates has a visit per combination seen (hundreds): its
        // matrix is left out, the parameters and distances giving it.
        let planar = !model.term.additionalCoordinates.isEmpty
        let nullTest = (try? fit.nullModelTest()).map {
            MixedModelResult.NullModelTest(nullCriterion: finiteOrNil($0.nullCriterion), chisq: finiteOrNil($0.chiSquare), df: $0.degreesOfFreedom,
                                           p: finiteOrNil($0.pValue))
        }
        return MixedModelResult(
            model: "mmrm", method: fit.method.rawValue, formula: model.frame.formula.text, data: table.source, nobs: model.observationCount,
            groups: [model.term.subject: model.subjectCount], groupSizes: [.init(group: model.term.subject, levels: model.subjectCount)],
            fixed: parts.fixed, df: degreesOfFreedom.rawValue, confidenceLevel: confidenceLevel,
            residualDF: model.observationCount - fit.fixedEffects.count, random: [], correlations: [], residual: nil,
            covariance: .init(structure: structure.rawValue, structureName: structure.description, visits: model.visits,
                              matrix: matrices.count == 1 && !planar ? matrices[0].matrix : nil,
                              groups: matrices.count == 1 || planar ? nil : matrices,
                              patterns: model.patterns.count, parameters: covarianceParameters),
            logLik: finiteOrNil(fit.logLikelihood), deviance: fit.method == .ml ? finiteOrNil(fit.objective) : nil,
            REMLcriterion: fit.method == .reml ? finiteOrNil(fit.objective) : nil, aic: finiteOrNil(fit.aic), bic: finiteOrNil(fit.bic),
            aicc: finiteOrNil(fit.informationCriteria.aicc), nullModelTest: nullTest,
            theta: fit.theta.map(finiteOrNil), converged: fit.converged, singular: false, messages: fitWarnings.map(\.message),
            warnings: fallbackWarnings + fitWarnings, droppedFixedEffects: model.droppedFixedEffects, vcov: sandwich?.rawValue ?? "model",
            weights: weights, covarianceFallback: passedOver.map { .init(structure: $0.structure.rawValue, reason: $0.reason) },
            typeIII: parts.typeIII, fixedEffectsCovariance: parts.covariance, scaledResiduals: nil, conditionalModes: nil,
            bootstrap: nil, likelihoodRatio: nil,
            optimizer: .init(name: fit.optimizer, evaluations: fit.attempts.reduce(0) { $0 + $1.evaluations },
                             status: fit.attempts.last?.nloptStatus ?? "", newtonSteps: fit.newtonSteps,
                             scaledGradient: fit.newtonDecrement.map(finiteOrNil), gradientCheck: nil),
            marginalMeans: parts.marginalSummary, emmeans: parts.means, contrasts: parts.contrasts, fittedValues: nil,
            ledger: Self.ledger(table: table, excluded: excluded, frame: model.frame))
    }

    /// The marginal means asked for, tested by the fit's df method.
    func marginalMeans(frame: ModelFrame, names: [String], inference: FixedEffectsInference) throws -> MarginalMeans? {
        guard let request = marginalMeans else { return nil }
        return try MarginalMeans(frame: frame, estimableNames: names, specification: request.factors, by: request.by,
                                 comparison: request.comparison?.model, adjustment: request.adjustment, level: confidenceLevel,
                                 test: inference.test)
    }

    static func modes(_ model: LinearMixedModel) -> [MixedModelResult.Mode] {
        let values = model.conditionalModes, variances = model.conditionalVariances
        var modes: [MixedModelResult.Mode] = []
        for (termIndex, term) in model.terms.enumerated() {
            let k = term.effectCount
            if term.hasCopies {
                // A nested term held in copies: each block's own levels, where they sit.
                for block in term.blocks {
                    for index in block.levels.indices {
                        let (level, shift) = block.placement(ofLevel: index)
                        for effect in block.effects.map({ $0 + shift }) {
                            modes.append(.init(group: block.groupingLabel, level: block.levels[index], term: term.effectNames[effect],
                                               mode: finiteOrNil(values[termIndex][level * k + effect]),
                                               conditionalSD: finiteOrNil(variances[termIndex][level * k * k + effect * k + effect].squareRoot())))
                        }
                    }
                }
                continue
            }
            for level in term.levels.indices {
                for effect in 0..<k {
                    let block = term.blocks.first { $0.effects.contains(effect) }
                    modes.append(.init(group: term.groupingLabel(ofEffect: effect), level: block?.levels[level] ?? term.levels[level],
                                       term: term.effectNames[effect],
                                       mode: finiteOrNil(values[termIndex][level * k + effect]),
                                       conditionalSD: finiteOrNil(variances[termIndex][level * k * k + effect * k + effect].squareRoot())))
                }
            }
        }
        return modes
    }

    func bootstrapSummary(_ resampled: ParametricBootstrap) -> MixedModelResult.Bootstrap {
        let intervals = resampled.percentileIntervals(level: confidenceLevel)
        return .init(replicates: resampled.requested, used: resampled.values.count, notConverged: resampled.notConverged,
                     failed: resampled.failed, seed: resampled.seed, level: confidenceLevel,
                     intervals: resampled.parameterNames.indices.map { index in
                         .init(parameter: resampled.parameterNames[index], estimate: finiteOrNil(resampled.estimates[index]),
                               lower: finiteOrNil(intervals[index].lower), upper: finiteOrNil(intervals[index].upper))
                     })
    }

    static func likelihoodRatioSummary(_ test: LikelihoodRatioTest) -> MixedModelResult.LikelihoodRatio {
        func compared(_ fit: LinearMixedModelFit) -> MixedModelResult.ComparedModel {
            .init(formula: fit.model.frame.formula.text, npar: fit.parameterCount, aic: finiteOrNil(fit.aic), bic: finiteOrNil(fit.bic),
                  logLik: finiteOrNil(fit.logLikelihood), deviance: finiteOrNil(fit.deviance))
        }
        return .init(reduced: compared(test.reduced), full: compared(test.full), chisq: finiteOrNil(test.statistic),
                     df: test.degreesOfFreedom, p: finiteOrNil(test.pValue), refittedByML: test.refitted,
                     varianceOnBoundary: test.testsVarianceOnBoundary)
    }

    static func fittedRows(frame: ModelFrame, fitted: [Double]) -> [MixedModelResult.FittedValue] {
        frame.lineNumbers.enumerated().map { index, line in
            let observed = frame.response[index]
            return .init(line: Int(line), observed: observed, fitted: finiteOrNil(fitted[index]), residual: finiteOrNil(observed - fitted[index]))
        }
    }

    /// Rows read, used, and left out grouped by reason (the data checks' first, in order of first appearance).
    static func ledger(table: Table, excluded: [RowLedger.Exclusion], frame: ModelFrame) -> MixedModelResult.Ledger {
        var groups: [(reason: String, lines: [Int])] = []
        let checked = excluded.map { (reason: "\($0.column) \($0.reason) [\($0.rule.rawValue)]", line: $0.line) }
        for row in checked + frame.incompleteRows.map({ (reason: "\($0.column) is missing", line: $0.line) }) {
            if let index = groups.firstIndex(where: { $0.reason == row.reason }) {
                groups[index].lines.append(row.line)
            } else {
                groups.append((row.reason, [row.line]))
            }
        }
        return .init(rowsRead: table.rowCount + excluded.count, rowsUsed: frame.rows.count, excludedByChecks: excluded.count,
                     leftOutMissing: frame.incompleteRows.count,
                     excluded: groups.map { .init(reason: $0.reason, rows: $0.lines.count, lines: $0.lines) }, normalized: [], note: nil)
    }
}

/// The parts of a mixed model's result that do not depend on the kind of model.
struct FixedEffectsParts {
    let fixed: [MixedModelResult.Fixed]
    let typeIII: [MixedModelResult.Test]
    let covariance: CovarianceMatrix
    let marginalSummary: MixedModelResult.MarginalMeansSummary?
    let means: [[String: JSONValue]]?
    let contrasts: [[String: JSONValue]]?

    init(names: [String], inference: FixedEffectsInference, level: Double, covariance matrix: Matrix, marginal: MarginalMeans?) {
        fixed = names.enumerated().map { index, name in
            let test = inference.coefficients[index], interval = test.confidenceInterval(level: level)
            return .init(term: name, estimate: finiteOrNil(test.estimate), se: finiteOrNil(test.standardError),
                         df: finiteOrNil(test.degreesOfFreedom), t: finiteOrNil(test.tStatistic), p: finiteOrNil(test.pValue),
                         lower: finiteOrNil(interval.lower), upper: finiteOrNil(interval.upper))
        }
        typeIII = inference.typeIII.map {
            .init(term: $0.term, numeratorDF: finiteOrNil($0.numeratorDegreesOfFreedom), denominatorDF: finiteOrNil($0.denominatorDegreesOfFreedom),
                  F: finiteOrNil($0.fStatistic), p: finiteOrNil($0.pValue))
        }
        covariance = CovarianceMatrix(terms: names, matrix: names.indices.map { i in names.indices.map { finiteOrNil(matrix[i, $0]) } })
        guard let marginal else {
            marginalSummary = nil
            means = nil
            contrasts = nil
            return
        }
        marginalSummary = .init(factors: marginal.specification, by: marginal.by, notes: marginal.notes, adjustment: marginal.adjustmentNote)
        let factors = marginal.specification + marginal.by
        means = marginal.means.map { mean in
            var row: [String: JSONValue] = [:]
            for (factor, level) in zip(factors, mean.levels) { row[factor] = .text(level) }
            row["estimate"] = .number(finiteOrNil(mean.test.estimate))
            row["se"] = .number(finiteOrNil(mean.test.standardError))
            row["df"] = .number(finiteOrNil(mean.test.degreesOfFreedom))
            row["lower"] = .number(finiteOrNil(mean.lower))
            row["upper"] = .number(finiteOrNil(mean.upper))
            return row
        }
        contrasts = marginal.contrasts.isEmpty ? nil : marginal.contrasts.map { contrast in
            var row: [String: JSONValue] = ["contrast": .text(contrast.label)]
            for (factor, level) in zip(marginal.by, contrast.by) { row[factor] = .text(level) }
            row["estimate"] = .number(finiteOrNil(contrast.test.estimate))
            row["se"] = .number(finiteOrNil(contrast.test.standardError))
            row["df"] = .number(finiteOrNil(contrast.test.degreesOfFreedom))
            row["t"] = .number(finiteOrNil(contrast.test.tStatistic))
            row["p"] = .number(finiteOrNil(contrast.pValue))
            row["lower"] = .number(finiteOrNil(contrast.lower))
            row["upper"] = .number(finiteOrNil(contrast.upper))
            return row
        }
    }
}
