import StatsCore

extension EstimandResult {
    /// The estimand's attributes, the treatment effect by visit, and each arm's mean by visit.
    public func tables() -> [ResultTable] {
        var estimandTable = ResultTable(title: "Estimand (ICH E9(R1))", columns: [.init("attribute", style: .text), .init("", style: .text)])
        estimandTable.rows = [
            [.text("population"), .text(estimand.population)],
            [.text("variable"), .text(estimand.variable)],
            [.text("intercurrent events"), .text(estimand.intercurrentEvents)],
            [.text("population-level summary"), .text(estimand.summary)],
        ]
        estimandTable.notes = [
            "method: \(method); " + replicateNote,
            "imputation model: \(imputationModel); \(imputedValues) subject-visit value\(imputedValues == 1 ? "" : "s") imputed",
            "analysis model: \(analysisModel)",
        ] + notes
        let level = "\(Int((confidenceLevel * 100).rounded()))% CI"
        func interval(_ parameter: Parameter) -> ResultTable.Cell {
            parameter.lower.flatMap { lower in parameter.upper.map { .interval(lower, $0) } } ?? .missing
        }
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        let showsDF = pooling == "rubin"
        var effects = ResultTable(title: "Treatment effect by visit: \(treatment) − \(reference)", columns: [
            .init("visit", style: .text), .init("estimate"), .init("SE"), .init(level), .init("p", style: .pValue),
        ] + (showsDF ? [.init("df")] : []))
        for parameter in parameters where parameter.kind == "trt" {
            effects.rows.append([.text(parameter.visit), number(parameter.estimate), number(parameter.se), interval(parameter), number(parameter.p)]
                                + (showsDF ? [number(parameter.df)] : []))
        }
        effects.notes.append(poolingNote)
        var means = ResultTable(title: "Least-squares means by arm and visit", columns: [
            .init("visit", style: .text), .init("arm", style: .text), .init("estimate"), .init("SE"), .init(level),
        ])
        for parameter in parameters where parameter.kind != "trt" {
            means.rows.append([.text(parameter.visit), .text(parameter.kind == "lsm_ref" ? reference : treatment), number(parameter.estimate),
                               number(parameter.se), interval(parameter)])
        }
        means.notes.append("Counterfactual weights: the mean of every subject's prediction with all subjects put in the arm (rbmi's default).")
        var tables = [estimandTable, effects, means]
        if let sensitivity {
            var table = ResultTable(title: "Primary and sensitivity analyses: \(treatment) − \(reference) at visit \(sensitivity.first?.visit ?? "")",
                                    columns: [.init("analysis", style: .text), .init("estimate"), .init("SE"), .init(level), .init("p", style: .pValue)])
            for row in sensitivity {
                let cell: ResultTable.Cell = row.lower.flatMap { lower in row.upper.map { .interval(lower, $0) } } ?? .missing
                table.rows.append([.text(row.strategy == "primary" ? "primary (as stated above)" : "every event \(row.strategy)"), number(row.estimate),
                                   number(row.se), cell, number(row.p)])
            }
            tables.append(table)
        }
        if let tippingPoint {
            var scan = ResultTable(title: "Tipping point: \(treatment) − \(reference) at visit \(tippingPoint.visit), by delta added to \(tippingPoint.arm)'s imputed values",
                                   columns: [.init("delta"), .init("estimate"), .init("SE"), .init(level), .init("p", style: .pValue)])
            for row in tippingPoint.rows {
                let cell: ResultTable.Cell = row.lower.flatMap { lower in row.upper.map { .interval(lower, $0) } } ?? .missing
                scan.rows.append([.number(row.delta), number(row.estimate), number(row.se), cell, number(row.p)])
            }
            scan.notes.append(tippingPoint.summary)
            tables.append(scan)
        }
        return tables
    }

    var replicateNote: String {
        let failed = failedSamples == 0 ? "" : "; \(failedSamples) sample\(failedSamples == 1 ? "" : "s") could not be fitted and \(failedSamples == 1 ? "was" : "were") replaced by further samples"
        switch pooling {
        case "jackknife": return "\(replicates) jackknife replicates (each subject left out once)"
        case "rubin": return "\(replicates) imputations\(failed)"
        default: return "\(replicates) bootstrap samples\(failed)"
        }
    }

    var poolingNote: String {
        switch pooling {
        case "jackknife": return "SEs by the jackknife; intervals and p-values from the normal distribution, as rbmi pools them."
        case "bootstrap-percentile":
            return "Intervals are the bootstrap estimates' percentiles and p-values where their distribution crosses 0 (rbmi's percentile pooling); there is no SE."
        case "bootstrap-normal": return "SEs are the bootstrap estimates' SD; intervals and p-values from the normal distribution."
        default: return "Rubin's rules: SE from the within- and between-imputation variances, t intervals and p-values on the Barnard–Rubin df."
        }
    }
}
