/// Study effects for pooling from a summary file: per-arm rows paired into comparisons, or one row
/// per study in metafor's names (m1i, sd1i, n1i, m2i, sd2i, n2i; ai, bi, ci, di; yi, vi).
public enum StudyEffectBuilder {
    public static func effects(_ file: SummaryFile, measure: EffectMeasure, subgroupColumn: String? = nil) throws(MetaAnalysisError) -> (effects: [StudyEffect], notes: [String]) {
        if let subgroupColumn, !file.columns.contains(subgroupColumn) {
            throw .missingColumn(file: file.source, column: subgroupColumn, needed: "--subgroup")
        }
        return file.isPerStudy ? try perStudy(file, measure: measure, subgroupColumn: subgroupColumn)
                               : try perArm(file, measure: measure, subgroupColumn: subgroupColumn)
    }

    static func perStudy(_ file: SummaryFile, measure: EffectMeasure, subgroupColumn: String?) throws(MetaAnalysisError) -> (effects: [StudyEffect], notes: [String]) {
        var effects: [StudyEffect] = []
        for row in file.rows {
            let study = row.study.isEmpty ? "line \(row.line)" : row.study
            let subgroup = subgroupColumn.flatMap { row.text($0) }
            func need(_ columns: [String]) throws(MetaAnalysisError) -> [Double] {
                var values: [Double] = []
                for column in columns {
                    guard let value = row.number(column) else {
                        throw .incompleteRow(file: file.source, line: row.line, missing: "\(column) is empty; \(measure.rawValue) needs \(columns.joined(separator: ", "))")
                    }
                    values.append(value)
                }
                return values
            }
            if let yi = row.number("yi"), let vi = row.number("vi") {
                effects.append(StudyEffect(study: study, estimate: yi, variance: vi, subgroup: subgroup, conversions: ["yi and vi as given"]))
            } else if measure.isBinary {
                let c = try need(["ai", "bi", "ci", "di"])
                let table = TwoByTwoTable(treatmentEvents: c[0], treatmentNonEvents: c[1], controlEvents: c[2], controlNonEvents: c[3])
                effects.append(try table.effect(measure, study: study, subgroup: subgroup))
            } else {
                let m = try need(["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"])
                let treatment = ArmSummary(count: m[2], mean: m[0], standardDeviation: m[1])
                let control = ArmSummary(count: m[5], mean: m[3], standardDeviation: m[4])
                var effect = try meanEffect(measure, treatment, control, nil, nil, study: study)
                effect.subgroup = subgroup
                effects.append(effect)
            }
        }
        return (effects, [])
    }

    static func perArm(_ file: SummaryFile, measure: EffectMeasure, subgroupColumn: String?) throws(MetaAnalysisError) -> (effects: [StudyEffect], notes: [String]) {
        let (pairs, notes) = try ArmPairing.pairs(file, subgroupColumn: subgroupColumn)
        try ArmPairing.checkOncePerStudy(pairs, file: file.source)
        var effects: [StudyEffect] = []
        for pair in pairs {
            var effect: StudyEffect
            if measure.isBinary {
                guard let a = pair.treatment.events, let c = pair.control.events else {
                    throw .incompleteRow(file: file.source, line: pair.treatment.line, missing: "\(measure.rawValue) needs events in both arms")
                }
                let table = TwoByTwoTable(treatmentEvents: a, treatmentNonEvents: pair.treatment.summary.count - a,
                                          controlEvents: c, controlNonEvents: pair.control.summary.count - c)
                effect = try table.effect(measure, study: pair.label)
            } else {
                effect = try meanEffect(measure, pair.treatment.summary, pair.control.summary, pair.treatment.prePost, pair.control.prePost, study: pair.label)
            }
            effect.subgroup = pair.subgroup
            effect.conversions += pair.conversions
            effects.append(effect)
        }
        return (effects, notes)
    }

    static func meanEffect(_ measure: EffectMeasure, _ treatment: ArmSummary, _ control: ArmSummary,
                           _ treatmentPrePost: PrePostSummary?, _ controlPrePost: PrePostSummary?, study: String) throws(MetaAnalysisError) -> StudyEffect {
        switch measure {
        case .meanDifference: return try MeanEffects.meanDifference(treatment, control, study: study)
        case .standardizedMeanDifference: return try MeanEffects.hedgesG(treatment, control, study: study)
        case .standardizedMeanChange:
            guard let treatmentPrePost, let controlPrePost else {
                throw .notComputable("study \(study): SMCR needs mean_pre, mean_post, sd_pre and r in both arms")
            }
            return try MeanEffects.standardizedMeanChangeDifference(treatmentPrePost, controlPrePost, study: study)
        default:
            throw .notComputable("\(measure.rawValue) needs event counts")
        }
    }
}

/// The 2×2 tables of a summary file, for Mantel-Haenszel and Peto: ai, bi, ci, di per study, or
/// events and n in each arm of per-arm rows.
public enum TwoByTwoTables {
    public static func tables(_ file: SummaryFile, subgroupColumn: String? = nil) throws(MetaAnalysisError) -> [(study: String, table: TwoByTwoTable, subgroup: String?)] {
        if file.isPerStudy {
            return try file.rows.map { row throws(MetaAnalysisError) in
                guard let a = row.number("ai"), let b = row.number("bi"), let c = row.number("ci"), let d = row.number("di") else {
                    throw .incompleteRow(file: file.source, line: row.line, missing: "ai, bi, ci and di are needed for 2×2 pooling")
                }
                return (row.study.isEmpty ? "line \(row.line)" : row.study,
                        TwoByTwoTable(treatmentEvents: a, treatmentNonEvents: b, controlEvents: c, controlNonEvents: d),
                        subgroupColumn.flatMap { row.text($0) })
            }
        }
        let pairs = try ArmPairing.pairs(file, subgroupColumn: subgroupColumn).pairs
        try ArmPairing.checkOncePerStudy(pairs, file: file.source)
        return try pairs.map { pair throws(MetaAnalysisError) in
            guard let a = pair.treatment.events, let c = pair.control.events else {
                throw .incompleteRow(file: file.source, line: pair.treatment.line, missing: "events are needed in both arms for 2×2 pooling")
            }
            return (pair.label, TwoByTwoTable(treatmentEvents: a, treatmentNonEvents: pair.treatment.summary.count - a,
                                              controlEvents: c, controlNonEvents: pair.control.summary.count - c), pair.subgroup)
        }
    }
}
