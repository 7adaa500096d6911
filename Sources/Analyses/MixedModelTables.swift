import Foundation
import StatsCore

extension MixedModelResult {
    /// The display tables in lme4's `summary()` order (a linear mixed model) or mmrm's (an MMRM).
    public func tables() -> [ResultTable] {
        model == "mmrm" ? repeatedMeasuresTables() : linearMixedModelTables()
    }

    var methodTitle: String { method == "REML" ? "REML" : "maximum likelihood" }
    var objectiveName: String { method == "REML" ? "REML criterion" : "deviance" }
    var objective: Double { (method == "REML" ? REMLcriterion : deviance) ?? .nan }
    var percentLabel: String { "\(Int((confidenceLevel * 100).rounded()))% CI" }
    /// Warnings about the fit itself, shown under the optimizer.
    var fitMessages: [String] {
        warnings.filter { ![.inference, .comparedModel, .covarianceFallback].contains($0.kind) }.map(\.message)
    }

    func linearMixedModelTables() -> [ResultTable] {
        var heading = ResultTable(title: "Linear mixed model fit by \(methodTitle): \(formula)", columns: [
            .init("data", style: .text), .init(objectiveName), .init("log-likelihood"),
            .init("AIC"), .init("BIC"), .init("observations", style: .count), .init("residual df", style: .count),
        ])
        heading.rows = [[
            .text(data), .number(objective), number(logLik), number(aic), number(bic),
            .number(Double(nobs)), .number(Double(residualDF)),
        ]]
        heading.notes.append("groups: " + groupSizes.map { "\($0.group), \($0.levels)" }.joined(separator: "; "))
        heading.notes.append(contentsOf: ledgerNotes())

        var residuals = ResultTable(title: "Scaled residuals", columns: [
            .init("Min", style: .statistic), .init("1Q", style: .statistic), .init("Median", style: .statistic),
            .init("3Q", style: .statistic), .init("Max", style: .statistic),
        ])
        residuals.rows = [(scaledResiduals ?? []).map(number)]

        let hasCorrelations = !correlations.isEmpty
        var randomTable = ResultTable(title: "Random effects", columns: [
            .init("Groups", style: .text), .init("Name", style: .text), .init("Variance"), .init("Std.Dev."),
        ] + (hasCorrelations ? [.init("Corr", style: .text)] : []))
        // A term belongs to the component of the one before it when the two have a correlation.
        var component: [MixedModelResult.Random] = []
        for effect in random {
            if let previous = component.last, correlation(group: effect.group, previous.term, effect.term) == nil { component = [] }
            var row: [ResultTable.Cell] = [.text(component.isEmpty ? effect.group : ""), .text(effect.term), number(effect.variance), number(effect.sd)]
            if hasCorrelations {
                let texts = component.map { earlier in
                    (correlation(group: effect.group, earlier.term, effect.term)?.correlation).map { String(format: "%.2f", $0) } ?? ""
                }
                row.append(.text(texts.joined(separator: " ")))
            }
            randomTable.rows.append(row)
            component.append(effect)
        }
        randomTable.rows.append([.text("Residual"), .text(""), number(residual?.variance), number(residual?.sd)]
                                + (hasCorrelations ? [.text("")] : []))
        if singular { randomTable.notes.append(contentsOf: warnings.filter { $0.kind == .singular }.map(\.message)) }
        if correlations.contains(where: { $0.correlation == nil }) {
            randomTable.notes.append("A correlation with an effect whose variance is estimated as 0 is undefined and left blank.")
        }

        var optimizerTable = ResultTable(title: "Optimizer", columns: [
            .init("algorithm", style: .text), .init("evaluations", style: .count), .init("status", style: .text),
            .init("Newton steps", style: .count), .init("converged", style: .text), .init("singular", style: .text),
        ])
        optimizerTable.rows = [[
            .text(optimizer.name), .number(Double(optimizer.evaluations)), .text(optimizer.status),
            .number(Double(optimizer.newtonSteps)), .text(converged ? "yes" : "NO"), .text(singular ? "yes" : "no"),
        ]]
        optimizerTable.notes.append(contentsOf: fitMessages)
        if let checked = optimizer.gradientCheck {
            optimizerTable.notes.append("gradient check at the optimum: largest min(|scaled gradient|, |gradient|) = "
                                        + "\(String(format: "%.2g", checked)) (lme4's tolerance 0.002)")
        }

        var tables = [heading, residuals, randomTable, fixedTable()]
        if !typeIII.isEmpty { tables.append(typeIIITable()) }
        tables.append(contentsOf: marginalTables())
        if let likelihoodRatio { tables.append(likelihoodRatioTable(likelihoodRatio)) }
        if let bootstrap { tables.append(bootstrapTable(bootstrap)) }
        if let conditionalModes { tables.append(conditionalModesTable(conditionalModes)) }
        tables.append(optimizerTable)
        return tables
    }

    func repeatedMeasuresTables() -> [ResultTable] {
        var heading = ResultTable(title: "MMRM fit by \(methodTitle): \(formula)", columns: [
            .init("data", style: .text), .init(objectiveName), .init("log-likelihood"),
            .init("AIC"), .init("AICc"), .init("BIC"), .init("observations", style: .count), .init("subjects", style: .count),
        ])
        heading.rows = [[
            .text(data), .number(objective), number(logLik), number(aic), number(aicc), number(bic),
            .number(Double(nobs)), .number(Double(groupSizes.first?.levels ?? 0)),
        ]]
        heading.notes.append("AIC, AICc and BIC as SAS PROC MIXED counts them: "
                             + (method == "REML" ? "the covariance parameters (REML)" : "the covariance parameters and fixed effects (ML)")
                             + "; BIC's n is the number of subjects with an observation (as mmrm; SAS counts every subject read)")
        if let test = nullModelTest {
            heading.notes.append("null model likelihood-ratio test (against independent errors of one variance): χ² = "
                                 + (test.chisq.map { NumberFormatting.fixed($0, decimals: 2) } ?? "NA") + ", df = \(test.df), p "
                                 + (test.p.map { p in let text = NumberFormatting.pValue(p); return text.hasPrefix("<") ? text : "= " + text } ?? "= NA"))
        }
        guard let covariance else { return [heading] }
        heading.notes.append("missingness patterns: \(covariance.patterns) (subjects seen at the same visits share one)")
        if let weights { heading.notes.append("weighted by \(weights): a row's variance is Σ's divided by its weight") }
        heading.notes.append(contentsOf: covarianceFallback.map { "covariance \($0.structure) passed over: \($0.reason)" })
        if !covarianceFallback.isEmpty {
            heading.notes.append("the results use the \(covariance.structure) covariance, the first in the chain that converged")
        }
        heading.notes.append(contentsOf: ledgerNotes())

        if covariance.matrix == nil && covariance.groups == nil {
            heading.notes.append("covariance: \(covariance.structureName) over \(covariance.visits.count) points, one per combination of the "
                                 + "coordinates seen; not listed, it follows from the parameters below and the Euclidean distances")
        }
        var tables = [heading]
        let matrices = covariance.matrix.map { [MixedModelResult.GroupCovariance(group: nil, matrix: $0)] } ?? covariance.groups ?? []
        for group in matrices {
            var matrix = ResultTable(title: "Covariance between visits, \(covariance.structureName) (\(covariance.structure))"
                                         + (group.group.map { ", \($0)" } ?? ""),
                                     columns: [.init("visit", style: .text)] + covariance.visits.map { .init($0) } + [.init("SD")])
            for (row, visit) in covariance.visits.enumerated() {
                let variance = group.matrix[row][row] ?? .nan
                matrix.rows.append([.text(visit)] + covariance.visits.indices.map { number(group.matrix[row][$0]) }
                                   + [.number(variance.squareRoot())])
            }
            tables.append(matrix)
        }
        if let parameters = covariance.parameters, !parameters.isEmpty {
            let grouped = parameters.contains { $0.group != nil }
            var table = ResultTable(title: "Covariance parameter estimates (as SAS PROC MIXED's, with COVTEST and CL)",
                                    columns: [.init("parameter", style: .text)] + (grouped ? [.init("group", style: .text)] : [])
                                        + [.init("estimate"), .init("SE"), .init("Z", style: .statistic), .init("p", style: .pValue),
                                           .init("\(Int((confidenceLevel * 100).rounded()))% CI"), .init("interval", style: .text)])
            for parameter in parameters {
                let interval: ResultTable.Cell = parameter.lower.flatMap { lower in parameter.upper.map { .interval(lower, $0) } } ?? .missing
                table.rows.append([.text(parameter.name)] + (grouped ? [.text(parameter.group ?? "")] : [])
                                  + [number(parameter.estimate), number(parameter.se), number(parameter.z), number(parameter.p), interval,
                                     .text(parameter.interval)])
            }
            table.notes.append("SEs from the observed information; Satterthwaite limits (ν = 2Z²) and a one-sided p for variances, Wald "
                               + "limits and a two-sided p for covariances and correlations, as SAS's CL and COVTEST options give them.")
            tables.append(table)
        }
        var fixed = fixedTable()
        if vcov != "model" { fixed.notes.append("SEs: empirical (\(vcov)) covariance, clustered by subject, as clubSandwich's vcovCR.") }
        tables.append(fixed)
        if !typeIII.isEmpty { tables.append(typeIIITable()) }
        tables.append(contentsOf: marginalTables())

        var optimizerTable = ResultTable(title: "Optimizer", columns: [
            .init("algorithm", style: .text), .init("evaluations", style: .count), .init("status", style: .text),
            .init("Newton steps", style: .count), .init("converged", style: .text),
        ])
        optimizerTable.rows = [[
            .text(optimizer.name), .number(Double(optimizer.evaluations)), .text(optimizer.status),
            .number(Double(optimizer.newtonSteps)), .text(converged ? "yes" : "NO"),
        ]]
        optimizerTable.notes.append(contentsOf: fitMessages)
        if let largest = optimizer.scaledGradient.map({ abs($0 ?? .nan) }).max() {
            optimizerTable.notes.append("largest Newton step at the estimate: \(String(format: "%.2g", largest)) in θ")
        }
        tables.append(optimizerTable)
        return tables
    }

    func correlation(group: String, _ first: String, _ second: String) -> MixedModelResult.Correlation? {
        correlations.first { $0.group == group && $0.term1 == first && $0.term2 == second }
    }

    func number(_ value: Double?) -> ResultTable.Cell { .number(value ?? .nan) }

    func fixedTable() -> ResultTable {
        var table = ResultTable(title: "Fixed effects", columns: [
            .init("term", style: .text), .init("Estimate"), .init("Std. Error"), .init("df", style: .statistic),
            .init("t value", style: .statistic), .init("Pr(>|t|)", style: .pValue), .init(percentLabel),
        ])
        for effect in fixed {
            table.rows.append([.text(effect.term), number(effect.estimate), number(effect.se), number(effect.df), number(effect.t),
                               number(effect.p), .interval(effect.lower ?? .nan, effect.upper ?? .nan)])
        }
        table.notes.append(methodNote)
        if !droppedFixedEffects.isEmpty {
            table.notes.append("fixed-effect model matrix is rank deficient, so these columns were dropped (linear combinations of "
                               + "earlier ones): \(droppedFixedEffects.joined(separator: ", "))")
        }
        table.notes.append(contentsOf: warnings.filter { $0.kind == .inference }.map(\.message))
        return table
    }

    var methodNote: String {
        let mmrm = model == "mmrm"
        switch df {
        case "satterthwaite":
            return mmrm ? "df: Satterthwaite's approximation (as mmrm and emmeans), from the analytic derivatives of Var(β̂)."
                : "df: Satterthwaite's approximation, as lmerTest's summary()."
        case "kenward-roger":
            return mmrm ? "df and SEs: Kenward-Roger as SAS's DDFM=KR: the observed information of the covariance parameters, and the "
                + "adjusted covariance's second-order term in SAS's parameters of the structure (mmrm's Kenward-Roger takes it in "
                + "its own parameters, so its SEs differ slightly; --df kenward-roger-mmrm gives mmrm's)."
                : "df and SEs: Kenward-Roger (adjusted covariance of the fixed effects), as pbkrtest through lmerTest."
        case "kenward-roger-linear":
            return mmrm ? "df and SEs: Kenward-Roger without the second-order term of the adjusted covariance (SAS's DDFM=KR(LINEAR), "
                + "mmrm's Kenward-Roger-Linear), from the observed information of the covariance parameters."
                : "df and SEs: Kenward-Roger (adjusted covariance of the fixed effects), as pbkrtest through lmerTest; a linear mixed "
                + "model's covariance is linear in its parameters, so this is the same as kenward-roger."
        case "kenward-roger-mmrm":
            return "df and SEs: Kenward-Roger as mmrm's \"Kenward-Roger\": the observed information of the covariance parameters, "
                + "and the adjusted covariance's second-order term in mmrm's parameters of the structure (log SDs, ρ = θ/√(1 + θ²)); "
                + "SAS's DDFM=KR takes it in its own parameters (--df kenward-roger). The df are the same either way."
        case "residual":
            return mmrm ? "df: residual (n − p) for every test."
                : "df: residual (n − p) for every test; anticonservative for effects that vary between subjects."
        default:
            return mmrm ? "df: between-within (Schluchter & Elashoff 1990, as mmrm): subjects − 1 − p(between) for effects constant "
                + "within subjects, observations − subjects − p(within) for the others; SAS assigns the between df to every "
                + "effect when the covariance is unstructured."
                : "df: between-within."
        }
    }

    func typeIIITable() -> ResultTable {
        var table = ResultTable(title: "Type III tests of fixed effects", columns: [
            .init("term", style: .text), .init("NumDF", style: .count), .init("DenDF", style: .statistic),
            .init("F value", style: .statistic), .init("Pr(>F)", style: .pValue),
        ])
        for test in typeIII {
            table.rows.append([.text(test.term), number(test.numeratorDF), number(test.denominatorDF), number(test.F), number(test.p)])
        }
        table.notes.append("Type III hypotheses as lmerTest's anova(): a factor's main effect is averaged over the levels of the "
                           + "factors it interacts with; a factor crossed with a covariate is tested where the covariate is 0.")
        return table
    }

    /// The marginal means, then their contrasts when asked for.
    func marginalTables() -> [ResultTable] {
        guard let marginalMeans, let emmeans else { return [] }
        let factors = marginalMeans.factors + marginalMeans.by
        var means = ResultTable(title: "Estimated marginal means", columns: factors.map { .init($0, style: .text) } + [
            .init("estimate"), .init("SE"), .init("df", style: .statistic), .init(percentLabel),
        ])
        for row in emmeans {
            means.rows.append(factors.map { .text(row[$0]?.text ?? "") } + [
                number(row["estimate"]?.number), number(row["se"]?.number), number(row["df"]?.number),
                .interval(row["lower"]?.number ?? .nan, row["upper"]?.number ?? .nan),
            ])
        }
        means.notes.append(contentsOf: marginalMeans.notes)
        means.notes.append("Covariates at their means over the rows used; df by the method of the fixed effects, as emmeans.")
        guard let contrasts else { return [means] }
        var table = ResultTable(title: "Contrasts", columns: [.init("contrast", style: .text)]
            + marginalMeans.by.map { .init($0, style: .text) } + [
            .init("estimate"), .init("SE"), .init("df", style: .statistic), .init("t", style: .statistic),
            .init("p", style: .pValue), .init(percentLabel),
        ])
        for row in contrasts {
            table.rows.append([.text(row["contrast"]?.text ?? "")] + marginalMeans.by.map { .text(row[$0]?.text ?? "") } + [
                number(row["estimate"]?.number), number(row["se"]?.number), number(row["df"]?.number), number(row["t"]?.number),
                number(row["p"]?.number), .interval(row["lower"]?.number ?? .nan, row["upper"]?.number ?? .nan),
            ])
        }
        if let adjustment = marginalMeans.adjustment { table.notes.append(adjustment) }
        return [means, table]
    }

    func likelihoodRatioTable(_ test: MixedModelResult.LikelihoodRatio) -> ResultTable {
        var table = ResultTable(title: "Likelihood-ratio test", columns: [
            .init("model", style: .text), .init("npar", style: .count), .init("AIC"), .init("BIC"), .init("logLik"),
            .init("deviance"), .init("Chisq", style: .statistic), .init("Df", style: .count), .init("Pr(>Chisq)", style: .pValue),
        ])
        for (model, isFull) in [(test.reduced, false), (test.full, true)] {
            table.rows.append([
                .text(model.formula), .number(Double(model.npar)), number(model.aic), number(model.bic), number(model.logLik),
                number(model.deviance), isFull ? number(test.chisq) : .missing, isFull ? .number(Double(test.df)) : .missing,
                isFull ? number(test.p) : .missing,
            ])
        }
        if test.refittedByML {
            table.notes.append("Both models were fitted by ML for the test (REML likelihoods are not comparable), as lme4's anova() refits them.")
        }
        if test.varianceOnBoundary {
            table.notes.append("The test includes variance parameters whose null value, 0, is on the boundary: the χ² p-value is conservative "
                               + "(for a single variance the correct p-value is half of it; Self & Liang 1987).")
        }
        return table
    }

    func bootstrapTable(_ bootstrap: MixedModelResult.Bootstrap) -> ResultTable {
        var table = ResultTable(title: "Parametric bootstrap", columns: [
            .init("parameter", style: .text), .init("estimate"), .init("\(Int((bootstrap.level * 100).rounded()))% percentile interval"),
        ])
        for interval in bootstrap.intervals {
            table.rows.append([.text(interval.parameter), number(interval.estimate), .interval(interval.lower ?? .nan, interval.upper ?? .nan)])
        }
        if bootstrap.intervals.contains(where: { $0.estimate == nil }) {
            table.notes.append("NA: a correlation with an effect whose variance is estimated as 0 is undefined.")
        }
        table.notes.append("\(bootstrap.used) of \(bootstrap.replicates) simulated refits used (seed \(bootstrap.seed)); "
                           + "\(bootstrap.notConverged) did not converge and \(bootstrap.failed) failed, and are left out.")
        return table
    }

    func conditionalModesTable(_ modes: [MixedModelResult.Mode]) -> ResultTable {
        var table = ResultTable(title: "Conditional modes of the random effects", columns: [
            .init("group", style: .text), .init("level", style: .text), .init("effect", style: .text), .init("mode"),
            .init("conditional SD"),
        ])
        for mode in modes {
            table.rows.append([.text(mode.group), .text(mode.level), .text(mode.term), number(mode.mode), number(mode.conditionalSD)])
        }
        table.notes.append("Conditional SDs given the estimated variance parameters and β̂, as lme4's ranef(condVar = TRUE).")
        return table
    }

    func ledgerNotes() -> [String] {
        var notes = ["rows: \(ledger.rowsRead) read, \(ledger.rowsUsed) used, "
                     + (ledger.excludedByChecks == 0 ? "" : "\(ledger.excludedByChecks) excluded by the data checks, ")
                     + "\(ledger.leftOutMissing) left out for a missing value"] + ledger.normalized.map { "  label normalised: \($0)" }
            + (ledger.note.map { ["note: \($0)"] } ?? [])
        for group in ledger.excluded {
            let shown = group.lines.prefix(LedgerText.shownExclusions).map(String.init).joined(separator: ", ")
            notes.append("  \(group.rows) left out because \(group.reason): line\(group.rows == 1 ? "" : "s") \(shown)"
                         + (group.rows > LedgerText.shownExclusions ? " … (--format json lists them all)" : ""))
        }
        return notes
    }

    /// `line,observed,fitted,residual`, one row per used row (`--fitted`); nil when not asked for.
    public func fittedValuesCSV() -> String? {
        guard let fittedValues else { return nil }
        var text = "line,observed,fitted,residual\n"
        for row in fittedValues {
            text += "\(row.line),\(row.observed),\(row.fitted ?? .nan),\(row.residual ?? .nan)\n"
        }
        return text
    }
}
