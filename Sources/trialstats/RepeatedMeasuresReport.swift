import Foundation
import MixedModels
import StatsCore

/// A fitted MMRM turned into result tables and into `trialstats fit --format json`'s document
/// (`model: "mmrm"`).
struct RepeatedMeasuresReport {
    let fit: RepeatedMeasuresFit
    let shared: FixedEffectsReport
    var sandwich: SandwichEstimator? = nil
    var passedOver: [CovarianceFallback.Attempt] = []
    /// The weights column, for a weighted fit.
    var weightColumn: String? = nil

    var structure: String { fit.model.term.structure.rawValue }

    func tables() -> [ResultTable] {
        let model = fit.model
        var heading = ResultTable(title: "MMRM fit by \(fit.method == .reml ? "REML" : "maximum likelihood"): "
                                      + model.frame.formula.text, columns: [
            .init("data", style: .text), .init(fit.method == .reml ? "REML criterion" : "deviance"), .init("log-likelihood"),
            .init("AIC"), .init("BIC"), .init("observations", style: .count), .init("subjects", style: .count),
        ])
        heading.rows = [[
            .text(shared.table.source), .number(fit.objective), .number(fit.logLikelihood), .number(fit.aic), .number(fit.bic),
            .number(Double(model.observationCount)), .number(Double(model.subjectCount)),
        ]]
        heading.notes.append("missingness patterns: \(model.patterns.count) (subjects seen at the same visits share one)")
        if let weightColumn { heading.notes.append("weighted by \(weightColumn): a row's variance is Σ's divided by its weight") }
        heading.notes.append(contentsOf: passedOver.map(\.description))
        if !passedOver.isEmpty { heading.notes.append("the results use the \(structure) covariance, the first in the chain that converged") }
        heading.notes.append(contentsOf: shared.ledgerNotes())

        var tables = [heading]
        for (index, covariance) in fit.covariances.enumerated() {
            let group = model.groups[index]
            var matrix = ResultTable(title: "Covariance between visits, \(model.term.structure.description) (\(structure))"
                                         + (group.isEmpty ? "" : ", \(group)"),
                                     columns: [.init("visit", style: .text)] + model.visits.map { .init($0) } + [.init("SD")])
            for (row, visit) in model.visits.enumerated() {
                matrix.rows.append([.text(visit)] + model.visits.indices.map { .number(covariance[row, $0]) }
                                   + [.number(covariance[row, row].squareRoot())])
            }
            tables.append(matrix)
        }
        var fixed = shared.fixedTable(methodNote: Self.methodNote(shared.inference.method))
        if let sandwich { fixed.notes.append("SEs: empirical (\(sandwich.rawValue)) covariance, clustered by subject, as clubSandwich's vcovCR.") }
        tables.append(fixed)
        if !shared.inference.typeIII.isEmpty { tables.append(shared.typeIIITable()) }
        tables.append(contentsOf: shared.marginalTables())

        var optimizer = ResultTable(title: "Optimizer", columns: [
            .init("algorithm", style: .text), .init("evaluations", style: .count), .init("status", style: .text),
            .init("Newton steps", style: .count), .init("converged", style: .text),
        ])
        let kept = fit.attempts.last
        optimizer.rows = [[
            .text(fit.optimizer), .number(Double(fit.attempts.reduce(0) { $0 + $1.evaluations })), .text(kept?.nloptStatus ?? ""),
            .number(Double(fit.newtonSteps)), .text(fit.converged ? "yes" : "NO"),
        ]]
        optimizer.notes.append(contentsOf: fit.messages)
        if let largest = fit.newtonDecrement.map(abs).max() {
            optimizer.notes.append("largest Newton step at the estimate: \(String(format: "%.2g", largest)) in θ")
        }
        tables.append(optimizer)
        return tables
    }

    static func methodNote(_ method: DegreesOfFreedomMethod) -> String {
        switch method {
        case .satterthwaite: return "df: Satterthwaite's approximation (as mmrm and emmeans), from the analytic derivatives of Var(β̂)."
        case .kenwardRoger:
            return "df and SEs: Kenward-Roger (adjusted covariance of the fixed effects), without the second-derivative term, "
                + "as SAS's DDFM=KR for UN and mmrm's Kenward-Roger-Linear."
        case .residual: return "df: residual (n − p) for every test."
        case .betweenWithin:
            return "df: between-within (Schluchter & Elashoff 1990, as mmrm): subjects − 1 − p(between) for effects constant "
                + "within subjects, observations − subjects − p(within) for the others; SAS assigns the between df to every "
                + "effect when the covariance is unstructured."
        }
    }

    func document() -> RepeatedMeasuresDocument {
        let model = fit.model
        let covariances = fit.covariances.enumerated().map { index, matrix in
            RepeatedMeasuresDocument.GroupCovariance(group: model.groups[index].isEmpty ? nil : model.groups[index],
                                                     matrix: model.visits.indices.map { row in model.visits.indices.map { finite(matrix[row, $0]) } })
        }
        return RepeatedMeasuresDocument(
            method: fit.method.rawValue, formula: model.frame.formula.text, data: shared.table.source, nobs: model.observationCount,
            groups: [model.term.subject: model.subjectCount], fixed: shared.fixedDocument, df: shared.inference.method.rawValue,
            confidenceLevel: shared.level,
            covariance: .init(structure: structure, visits: model.visits, matrix: covariances.count == 1 ? covariances[0].matrix : nil,
                              groups: covariances.count == 1 ? nil : covariances),
            logLik: finite(fit.logLikelihood), deviance: fit.method == .ml ? finite(fit.objective) : nil,
            REMLcriterion: fit.method == .reml ? finite(fit.objective) : nil, aic: finite(fit.aic), bic: finite(fit.bic),
            theta: fit.theta.map(finite), converged: fit.converged, messages: fit.messages + shared.inference.warnings,
            droppedFixedEffects: model.droppedFixedEffects, vcov: sandwich?.rawValue ?? "model",
            weights: weightColumn, covarianceFallback: passedOver.map { .init(structure: $0.structure.rawValue, reason: $0.reason) },
            typeIII: shared.typeIIIDocument, fixedEffectsCovariance: shared.covarianceDocument(fit.fixedEffectsCovariance),
            emmeans: shared.marginalMeansDocument, contrasts: shared.contrastsDocument,
            optimizer: .init(name: fit.optimizer, evaluations: fit.attempts.reduce(0) { $0 + $1.evaluations },
                             status: fit.attempts.last?.nloptStatus ?? "", newtonSteps: fit.newtonSteps,
                             scaledGradient: fit.newtonDecrement.map(finite)),
            ledger: shared.ledgerDocument)
    }
}

/// `trialstats fit --format json` for an MMRM: the linear mixed model's keys (random effects
/// empty, no residual), and `covariance`.
struct RepeatedMeasuresDocument: Encodable {
    struct GroupCovariance: Encodable { let group: String?; let matrix: [[Double?]] }
    struct Covariance: Encodable {
        let structure: String
        let visits: [String]
        /// The visit-by-visit covariance, or nil when it is per group (`groups`).
        let matrix: [[Double?]]?
        let groups: [GroupCovariance]?
    }

    let model = "mmrm"
    let method: String
    let formula: String
    let data: String
    let nobs: Int
    let groups: [String: Int]
    let fixed: [MixedModelDocument.Fixed]
    let df: String
    let confidenceLevel: Double
    let random: [MixedModelDocument.Random] = []
    let correlations: [MixedModelDocument.Correlation] = []
    let residual: MixedModelDocument.Residual? = nil
    let covariance: Covariance
    let logLik, deviance, REMLcriterion, aic, bic: Double?
    let theta: [Double?]
    let converged: Bool
    let singular = false
    let messages: [String]
    let droppedFixedEffects: [String]
    /// "model", or the empirical estimator ("CR0", "CR2") the fixed-effect tests use.
    let vcov: String
    /// The weights column; null for an unweighted fit.
    let weights: String?
    struct PassedOver: Encodable { let structure, reason: String }
    /// Structures of the --fallback chain passed over before the one used, with the reason.
    let covarianceFallback: [PassedOver]
    let typeIII: [MixedModelDocument.Test]
    let fixedEffectsCovariance: MixedModelDocument.Covariance
    let emmeans: [[String: JSONValue]]?
    let contrasts: [[String: JSONValue]]?
    let optimizer: MixedModelDocument.Optimizer
    let ledger: MixedModelDocument.Ledger

    private enum CodingKeys: String, CodingKey {
        case model, method, formula, data, nobs, groups, fixed, df, confidenceLevel, random, correlations, residual, covariance
        case logLik, deviance, REMLcriterion, aic, bic, theta, converged, singular, messages, droppedFixedEffects, vcov, typeIII
        case weights, covarianceFallback, fixedEffectsCovariance
        case emmeans, contrasts, optimizer, ledger
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(method, forKey: .method)
        try container.encode(formula, forKey: .formula)
        try container.encode(data, forKey: .data)
        try container.encode(nobs, forKey: .nobs)
        try container.encode(groups, forKey: .groups)
        try container.encode(fixed, forKey: .fixed)
        try container.encode(df, forKey: .df)
        try container.encode(confidenceLevel, forKey: .confidenceLevel)
        try container.encode(random, forKey: .random)
        try container.encode(correlations, forKey: .correlations)
        try container.encodeNil(forKey: .residual)
        try container.encode(covariance, forKey: .covariance)
        try container.encode(logLik, forKey: .logLik)
        try container.encode(deviance, forKey: .deviance)
        try container.encode(REMLcriterion, forKey: .REMLcriterion)
        try container.encode(aic, forKey: .aic)
        try container.encode(bic, forKey: .bic)
        try container.encode(theta, forKey: .theta)
        try container.encode(converged, forKey: .converged)
        try container.encode(singular, forKey: .singular)
        try container.encode(messages, forKey: .messages)
        try container.encode(droppedFixedEffects, forKey: .droppedFixedEffects)
        try container.encode(vcov, forKey: .vcov)
        try container.encode(weights, forKey: .weights)
        try container.encode(covarianceFallback, forKey: .covarianceFallback)
        try container.encode(typeIII, forKey: .typeIII)
        try container.encode(fixedEffectsCovariance, forKey: .fixedEffectsCovariance)
        try container.encodeIfPresent(emmeans, forKey: .emmeans)
        try container.encodeIfPresent(contrasts, forKey: .contrasts)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(ledger, forKey: .ledger)
    }

    func encoded() throws -> String { try JSONText.encode(self) }
}
