import Foundation
import MetaAnalysis
import StatsCore

extension StudyPoolingResult {
    /// The pooled model, the forest table (each study and the pooled row), subgroups and leave-one-out.
    public func tables() -> [ResultTable] {
        let percent = String(format: "%g%%", confidenceLevel * 100)
        let scale = ratio ? "log \(measure)" : measure
        let columns: [ResultTable.Column] = [
            .init("model", style: .text), .init("k", style: .count), .init("estimate"), .init("\(percent) CI"), .init("statistic", style: .statistic),
            .init("p", style: .pValue), .init("\(percent) prediction interval"), .init("tau²"), .init("tau² \(percent) CI (Q-profile)"),
            .init("Q", style: .statistic), .init("df", style: .count), .init("p (Q)", style: .pValue), .init("I² (%)"), .init("I² \(percent) CI"), .init("H²"),
        ]
        var pooledTable = ResultTable(title: "Meta-analysis: \(measureName), \(data)", columns: columns)
        pooledTable.rows = pooled.map(Self.row)
        var forest = ResultTable(title: "Forest: \(measureName)", columns: [
            .init("contrast", style: .text), .init("subgroup", style: .text), .init("estimate"), .init("weight (%)"),
        ] + (ratio ? [.init(measure), .init("\(measure) \(percent) limits")] : []) + [.init("\(percent) CI")])
        func ratioCells(_ estimate: Double?, _ lower: Double?, _ upper: Double?) -> [ResultTable.Cell] {
            ratio ? [.number(exp(estimate ?? .nan)), .interval(exp(lower ?? .nan), exp(upper ?? .nan))] : []
        }
        forest.rows = studies.map { study in
            [.text(study.study), study.subgroup.map(ResultTable.Cell.text) ?? .missing, .number(study.estimate ?? .nan),
             study.weight.map(ResultTable.Cell.number) ?? .missing]
                + ratioCells(study.estimate, study.lower, study.upper) + [.interval(study.lower ?? .nan, study.upper ?? .nan)]
        }
        let countsMethod = method == "MH" ? "Mantel-Haenszel" : "Peto"
        let poolsCounts = method == "MH" || method == "PETO"
        var tables: [ResultTable] = []
        if let model = pooled.first {
            forest.rows.append([.text(poolsCounts ? "\(countsMethod) pooled" : model.model), .missing, .number(model.estimate ?? .nan), .number(100)]
                               + ratioCells(model.estimate, model.lower, model.upper) + [.interval(model.lower ?? .nan, model.upper ?? .nan)])
        }
        if poolsCounts {
            pooledTable.notes.append(method == "MH"
                ? "\(countsMethod): no continuity correction in the pooled estimate; Q uses each study's \(scale) with ½ added to tables with a zero cell; tables with no events or only events in both arms are left out of Q and its df (as metafor's rma.mh)."
                : "\(countsMethod): no continuity correction: the pooled log OR is Σ(O − E)/ΣV and Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV; tables with no events or only events in both arms are left out of Q's df (as metafor's rma.peto). Study rows: Peto's log OR, (O − E)/V with variance 1/V (½ added to each cell of a table with a zero cell, as escalc).")
        } else {
            if let subgroups {
                var table = ResultTable(title: "Subgroups by \(subgroups.column)", columns: columns)
                table.rows = subgroups.models.map(Self.row)
                table.notes.append(String(format: "Test of subgroup differences: Q_between = %.2f, df = %d, p = %.3g (subgroup estimates pooled by inverse variance, "
                                          + "a chi-square test%@; each subgroup of two or more studies has its own tau², a subgroup of one study stands alone "
                                          + "with its own variance).", subgroups.qBetween ?? .nan, subgroups.df, subgroups.p ?? .nan,
                                          hartungKnapp ? " on the subgroups' Hartung-Knapp SEs" : ""))
                if !subgroups.ungrouped.isEmpty {
                    table.notes.append("Without a value of \(subgroups.column), so in no subgroup (but in the overall model): \(subgroups.ungrouped.joined(separator: ", ")).")
                }
                tables.append(table)
            }
            if let leaveOneOut {
                var table = ResultTable(title: "Leave one out", columns: columns)
                table.columns[0] = .init("omitted", style: .text)
                table.rows = leaveOneOut.map(Self.row)
                tables.append(table)
            }
            if hartungKnapp {
                pooledTable.notes.append("Hartung-Knapp: the SE is scaled by the weighted residual variance (not truncated), with t on k − 1 df"
                                         + (method == "FE" ? "." : "; the prediction interval uses the same t."))
            } else {
                pooledTable.notes.append(method == "FE" ? "z test and interval." : "z test and interval; the prediction interval is estimate ± z·√(SE² + tau²).")
            }
        }
        pooledTable.notes.append("Estimates are \(scale)\(ratio ? " (log scale; exponentiate for the ratio)" : ""), treatment − control.")
        if treatmentByRowOrder {
            pooledTable.notes.append("Without a role column the first arm listed in each study is the treatment: the order of the rows sets the sign.")
        }
        forest.notes.append(ratio
            ? "estimate and \(percent) CI are on the log scale (no effect = 0); the \(measure) columns are the same exponentiated (no effect = 1)."
            : "estimate and \(percent) CI: \(measureName), treatment − control (no effect = 0).")
        let converted = studies.filter { !$0.conversions.isEmpty }.map { "\($0.study): \($0.conversions.joined(separator: "; "))" }
        if !converted.isEmpty { forest.notes.append("Converted inputs: " + converted.joined(separator: " | ")) }
        forest.notes += notes
        return [pooledTable, forest] + tables
    }

    static func row(_ model: Model) -> [ResultTable.Cell] {
        func interval(_ lower: Double?, _ upper: Double?) -> ResultTable.Cell {
            lower == nil && upper == nil ? .missing : .interval(lower ?? .nan, upper ?? .nan)
        }
        func optional(_ value: Double?) -> ResultTable.Cell { value.map(ResultTable.Cell.number) ?? .missing }
        return [.text(model.model), .number(Double(model.k)), .number(model.estimate ?? .nan), interval(model.lower, model.upper),
                .number(model.statistic ?? .nan), .number(model.p ?? .nan), interval(model.predictionLower, model.predictionUpper),
                optional(model.tau2), interval(model.tau2Lower, model.tau2Upper), .number(model.Q ?? .nan), .number(Double(model.qDF)),
                .number(model.qP ?? .nan), .number(model.iSquared ?? .nan), interval(model.iSquaredLower, model.iSquaredUpper),
                .number(model.hSquared ?? .nan)]
    }
}
