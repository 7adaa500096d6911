import Descriptives
import Foundation
import MixedModels
import StatsCore
import TrialData

/// A fitted mixed model turned into result tables in lme4's `summary()` order, and into the
/// JSON document of `trialstats fit --format json`.
struct MixedModelReport {
    let fit: LinearMixedModelFit
    let inference: FixedEffectsInference
    let table: Table
    let level: Double
    let includeConditionalModes: Bool
    let likelihoodRatio: LikelihoodRatioTest?
    let bootstrap: ParametricBootstrap?
    let marginal: MarginalMeans?
    var priorExclusions: [RowLedger.Exclusion] = []

    var shared: FixedEffectsReport {
        FixedEffectsReport(names: fit.fixedEffectNames, dropped: fit.model.droppedFixedEffects, inference: inference, marginal: marginal,
                           frame: fit.model.frame, table: table, level: level, priorExclusions: priorExclusions)
    }

    var methodTitle: String { fit.method == .reml ? "REML" : "maximum likelihood" }


    func tables() -> [ResultTable] {
        var heading = ResultTable(title: "Linear mixed model fit by \(methodTitle): \(fit.model.frame.formula.text)", columns: [
            .init("data", style: .text), .init(fit.method == .reml ? "REML criterion" : "deviance"), .init("log-likelihood"),
            .init("AIC"), .init("BIC"), .init("observations", style: .count), .init("residual df", style: .count),
        ])
        heading.rows = [[
            .text(table.source), .number(fit.objective), .number(fit.logLikelihood), .number(fit.aic), .number(fit.bic),
            .number(Double(fit.observationCount)), .number(Double(fit.observationCount - fit.fixedEffects.count)),
        ]]
        heading.notes.append("groups: " + fit.groupCounts.map { "\($0.group), \($0.levels)" }.joined(separator: "; "))
        heading.notes.append(contentsOf: shared.ledgerNotes())

        let scaled = fit.model.residuals.map { $0 / fit.sigma }.sorted()
        var residuals = ResultTable(title: "Scaled residuals", columns: [
            .init("Min", style: .statistic), .init("1Q", style: .statistic), .init("Median", style: .statistic),
            .init("3Q", style: .statistic), .init("Max", style: .statistic),
        ])
        residuals.rows = [[0, 0.25, 0.5, 0.75, 1].map { .number(Description.quantile(scaled, $0)) }]

        let hasCorrelations = fit.varianceComponents.contains { $0.effectNames.count > 1 }
        var random = ResultTable(title: "Random effects", columns: [
            .init("Groups", style: .text), .init("Name", style: .text), .init("Variance"), .init("Std.Dev."),
        ] + (hasCorrelations ? [.init("Corr", style: .text)] : []))
        for component in fit.varianceComponents {
            for (index, name) in component.effectNames.enumerated() {
                var row: [ResultTable.Cell] = [
                    .text(index == 0 ? component.group : ""), .text(name), .number(component.variances[index]),
                    .number(component.standardDeviations[index]),
                ]
                if hasCorrelations {
                    let correlations = (0..<index).map { Self.correlationText(component.correlation(index, $0)) }
                    row.append(.text(correlations.joined(separator: " ")))
                }
                random.rows.append(row)
            }
        }
        random.rows.append([.text("Residual"), .text(""), .number(fit.sigma * fit.sigma), .number(fit.sigma)]
                           + (hasCorrelations ? [.text("")] : []))
        if fit.singular { random.notes.append(contentsOf: fit.optimization.messages.filter { $0.hasPrefix("boundary") }) }
        if fit.varianceComponents.contains(where: { component in
            component.effectNames.indices.contains { i in (0..<i).contains { !component.correlation(i, $0).isFinite } }
        }) {
            random.notes.append("A correlation with an effect whose variance is estimated as 0 is undefined and left blank.")
        }

        let fixed = shared.fixedTable(methodNote: Self.methodNote(inference.method))
        let anova = shared.typeIIITable()

        var optimizer = ResultTable(title: "Optimizer", columns: [
            .init("algorithm", style: .text), .init("evaluations", style: .count), .init("status", style: .text),
            .init("Newton steps", style: .count), .init("converged", style: .text), .init("singular", style: .text),
        ])
        optimizer.rows = [[
            .text("BOBYQA (NLopt)"), .number(Double(fit.optimization.evaluations)), .text(fit.optimization.bobyqa.nloptStatus),
            .number(Double(fit.optimization.newtonSteps)), .text(fit.converged ? "yes" : "NO"), .text(fit.singular ? "yes" : "no"),
        ]]
        optimizer.notes.append(contentsOf: fit.optimization.messages)
        if let checked = fit.optimization.gradientCheckValue {
            optimizer.notes.append("gradient check at the optimum: largest min(|scaled gradient|, |gradient|) = "
                                   + "\(String(format: "%.2g", checked)) (lme4's tolerance 0.002)")
        }

        var tables = [heading, residuals, random, fixed]
        if inference.typeIII.isEmpty == false { tables.append(anova) }
        tables.append(contentsOf: shared.marginalTables())
        if let likelihoodRatio { tables.append(Self.likelihoodRatioTable(likelihoodRatio)) }
        if let bootstrap { tables.append(bootstrapTable(bootstrap)) }
        if includeConditionalModes { tables.append(conditionalModesTable()) }
        tables.append(optimizer)
        return tables
    }

    static func likelihoodRatioTable(_ test: LikelihoodRatioTest) -> ResultTable {
        var table = ResultTable(title: "Likelihood-ratio test", columns: [
            .init("model", style: .text), .init("npar", style: .count), .init("AIC"), .init("BIC"), .init("logLik"),
            .init("deviance"), .init("Chisq", style: .statistic), .init("Df", style: .count), .init("Pr(>Chisq)", style: .pValue),
        ])
        for (fit, isFull) in [(test.reduced, false), (test.full, true)] {
            table.rows.append([
                .text(fit.model.frame.formula.text), .number(Double(fit.parameterCount)), .number(fit.aic), .number(fit.bic),
                .number(fit.logLikelihood), .number(fit.deviance),
                isFull ? .number(test.statistic) : .missing, isFull ? .number(Double(test.degreesOfFreedom)) : .missing,
                isFull ? .number(test.pValue) : .missing,
            ])
        }
        if test.refitted { table.notes.append("Both models were fitted by ML for the test (REML likelihoods are not comparable), as lme4's anova() refits them.") }
        if test.testsVarianceOnBoundary {
            table.notes.append("The test includes variance parameters whose null value, 0, is on the boundary: the χ² p-value is conservative "
                               + "(for a single variance the correct p-value is half of it; Self & Liang 1987).")
        }
        return table
    }

    func bootstrapTable(_ bootstrap: ParametricBootstrap) -> ResultTable {
        let percent = "\(Int((level * 100).rounded()))% percentile interval"
        var table = ResultTable(title: "Parametric bootstrap", columns: [
            .init("parameter", style: .text), .init("estimate"), .init(percent),
        ])
        for (index, interval) in bootstrap.percentileIntervals(level: level).enumerated() {
            table.rows.append([.text(bootstrap.parameterNames[index]), .number(bootstrap.estimates[index]),
                               .interval(interval.lower, interval.upper)])
        }
        if bootstrap.estimates.contains(where: { $0.isNaN }) {
            table.notes.append("NA: a correlation with an effect whose variance is estimated as 0 is undefined.")
        }
        table.notes.append("\(bootstrap.values.count) of \(bootstrap.requested) simulated refits used (seed \(bootstrap.seed)); "
                           + "\(bootstrap.notConverged) did not converge and \(bootstrap.failed) failed, and are left out.")
        return table
    }

    func conditionalModesTable() -> ResultTable {
        var modes = ResultTable(title: "Conditional modes of the random effects", columns: [
            .init("group", style: .text), .init("level", style: .text), .init("effect", style: .text), .init("mode"),
            .init("conditional SD"),
        ])
        let values = fit.model.conditionalModes, variances = fit.model.conditionalVariances
        for (termIndex, term) in fit.model.terms.enumerated() {
            let k = term.effectCount
            for (level, name) in term.levels.enumerated() {
                for effect in 0..<k {
                    modes.rows.append([.text(term.groupingLabel), .text(name), .text(term.effectNames[effect]),
                                       .number(values[termIndex][level * k + effect]),
                                       .number(variances[termIndex][level * k * k + effect * k + effect].squareRoot())])
                }
            }
        }
        modes.notes.append("Conditional SDs given the estimated variance parameters and β̂, as lme4's ranef(condVar = TRUE).")
        return modes
    }

    static func methodNote(_ method: DegreesOfFreedomMethod) -> String {
        switch method {
        case .satterthwaite: return "df: Satterthwaite's approximation, as lmerTest's summary()."
        case .kenwardRoger: return "df and SEs: Kenward-Roger (adjusted covariance of the fixed effects), as pbkrtest through lmerTest."
        case .residual: return "df: residual (n − p) for every test; anticonservative for effects that vary between subjects."
        case .betweenWithin: return "df: between-within."
        }
    }

    /// Blank when undefined (an effect whose variance is 0): the note under the table says so.
    static func correlationText(_ value: Double) -> String {
        value.isFinite ? String(format: "%.2f", value) : ""
    }

    func fittedValuesCSV() -> String {
        let frame = fit.model.frame, fitted = fit.model.fittedValues
        var text = "line,observed,fitted,residual\n"
        for (index, line) in frame.lineNumbers.enumerated() {
            let observed = frame.response[index]
            text += "\(line),\(observed),\(fitted[index]),\(observed - fitted[index])\n"
        }
        return text
    }
}
