import Analyses
import Foundation
import LinearAlgebra
import MixedModels
import ModelFrames
import StatsCore
import TrialData

/// The parts of a mixed-model report that do not depend on the kind of model: the fixed
/// effects with their tests, the type III tests, marginal means and contrasts, and the ledger
/// of the rows used. `trialstats fit` shows them for linear mixed models and MMRMs alike.
struct FixedEffectsReport {
    let names: [String]
    let dropped: [String]
    let inference: FixedEffectsInference
    let marginal: MarginalMeans?
    let frame: ModelFrame
    let table: Table
    let level: Double
    /// Rows the data checks excluded before the model saw the table.
    var priorExclusions: [RowLedger.Exclusion] = []

    var rowsRead: Int { table.rowCount + priorExclusions.count }

    var intervals: [(lower: Double, upper: Double)] { inference.coefficients.map { $0.confidenceInterval(level: level) } }
    var percentLabel: String { "\(Int((level * 100).rounded()))% CI" }

    func fixedTable(methodNote: String) -> ResultTable {
        var fixed = ResultTable(title: "Fixed effects", columns: [
            .init("term", style: .text), .init("Estimate"), .init("Std. Error"), .init("df", style: .statistic),
            .init("t value", style: .statistic), .init("Pr(>|t|)", style: .pValue), .init(percentLabel),
        ])
        let intervals = intervals
        for (index, name) in names.enumerated() {
            let test = inference.coefficients[index], interval = intervals[index]
            fixed.rows.append([.text(name), .number(test.estimate), .number(test.standardError), .number(test.degreesOfFreedom),
                               .number(test.tStatistic), .number(test.pValue), .interval(interval.lower, interval.upper)])
        }
        fixed.notes.append(methodNote)
        if !dropped.isEmpty {
            fixed.notes.append("fixed-effect model matrix is rank deficient, so these columns were dropped (linear combinations of "
                               + "earlier ones): \(dropped.joined(separator: ", "))")
        }
        fixed.notes.append(contentsOf: inference.warnings)
        return fixed
    }

    func typeIIITable() -> ResultTable {
        var anova = ResultTable(title: "Type III tests of fixed effects", columns: [
            .init("term", style: .text), .init("NumDF", style: .count), .init("DenDF", style: .statistic),
            .init("F value", style: .statistic), .init("Pr(>F)", style: .pValue),
        ])
        for test in inference.typeIII {
            anova.rows.append([.text(test.term), .number(test.numeratorDegreesOfFreedom), .number(test.denominatorDegreesOfFreedom),
                               .number(test.fStatistic), .number(test.pValue)])
        }
        anova.notes.append("Type III hypotheses as lmerTest's anova(): a factor's main effect is averaged over the levels of the "
                           + "factors it interacts with; a factor crossed with a covariate is tested where the covariate is 0.")
        return anova
    }

    /// The marginal means, then their contrasts when asked for.
    func marginalTables() -> [ResultTable] {
        guard let marginal else { return [] }
        let factors = marginal.specification + marginal.by
        var means = ResultTable(title: "Estimated marginal means", columns: factors.map { .init($0, style: .text) } + [
            .init("estimate"), .init("SE"), .init("df", style: .statistic), .init(percentLabel),
        ])
        for mean in marginal.means {
            means.rows.append(mean.levels.map { .text($0) } + [
                .number(mean.test.estimate), .number(mean.test.standardError), .number(mean.test.degreesOfFreedom),
                .interval(mean.lower, mean.upper),
            ])
        }
        means.notes.append(contentsOf: marginal.notes.filter { !$0.hasPrefix("P-values") })
        means.notes.append("Covariates at their means over the rows used; df by the method of the fixed effects, as emmeans.")
        guard !marginal.contrasts.isEmpty else { return [means] }
        var contrasts = ResultTable(title: "Contrasts", columns: [.init("contrast", style: .text)]
            + marginal.by.map { .init($0, style: .text) } + [
            .init("estimate"), .init("SE"), .init("df", style: .statistic), .init("t", style: .statistic),
            .init("p", style: .pValue), .init(percentLabel),
        ])
        for contrast in marginal.contrasts {
            contrasts.rows.append([.text(contrast.label)] + contrast.by.map { .text($0) } + [
                .number(contrast.test.estimate), .number(contrast.test.standardError), .number(contrast.test.degreesOfFreedom),
                .number(contrast.test.tStatistic), .number(contrast.pValue), .interval(contrast.lower, contrast.upper),
            ])
        }
        contrasts.notes.append(contentsOf: marginal.notes.filter { $0.hasPrefix("P-values") })
        return [means, contrasts]
    }

    func ledgerNotes() -> [String] {
        var notes = ["rows: \(rowsRead) read, \(frame.rows.count) used, "
                     + (priorExclusions.isEmpty ? "" : "\(priorExclusions.count) excluded by the data checks, ")
                     + "\(frame.incompleteRows.count) left out for a missing value"]
        for (reason, lines) in excludedGroups() {
            let shown = lines.prefix(LedgerText.shownExclusions).map(String.init).joined(separator: ", ")
            notes.append("  \(lines.count) left out because \(reason): line\(lines.count == 1 ? "" : "s") \(shown)"
                         + (lines.count > LedgerText.shownExclusions ? " … (--format json lists them all)" : ""))
        }
        return notes
    }

    /// Left-out rows grouped by their reason, in order of first appearance.
    func excludedGroups() -> [(reason: String, lines: [Int])] {
        var groups: [(reason: String, lines: [Int])] = []
        let checked = priorExclusions.map { (reason: "\($0.column) \($0.reason) [\($0.rule.rawValue)]", line: $0.line) }
        for row in checked + frame.incompleteRows.map({ (reason: "\($0.column) is missing", line: $0.line) }) {
            let reason = row.reason
            if let index = groups.firstIndex(where: { $0.reason == reason }) {
                groups[index].lines.append(row.line)
            } else {
                groups.append((reason, [row.line]))
            }
        }
        return groups
    }

    // MARK: - JSON parts

    var fixedDocument: [MixedModelDocument.Fixed] {
        let intervals = intervals
        return names.enumerated().map { index, name in
            let test = inference.coefficients[index]
            return MixedModelDocument.Fixed(term: name, estimate: finite(test.estimate), se: finite(test.standardError),
                                            df: finite(test.degreesOfFreedom), t: finite(test.tStatistic), p: finite(test.pValue),
                                            lower: finite(intervals[index].lower), upper: finite(intervals[index].upper))
        }
    }

    var typeIIIDocument: [MixedModelDocument.Test] {
        inference.typeIII.map { .init(term: $0.term, numeratorDF: finite($0.numeratorDegreesOfFreedom),
                                      denominatorDF: finite($0.denominatorDegreesOfFreedom), F: finite($0.fStatistic), p: finite($0.pValue)) }
    }

    func covarianceDocument(_ matrix: Matrix) -> MixedModelDocument.Covariance {
        .init(terms: names, matrix: names.indices.map { i in names.indices.map { finite(matrix[i, $0]) } })
    }

    var ledgerDocument: MixedModelDocument.Ledger {
        .init(rowsRead: rowsRead, rowsUsed: frame.rows.count,
              excluded: excludedGroups().map { .init(reason: $0.reason, rows: $0.lines.count, lines: $0.lines) })
    }

    /// `[{arm, visit, estimate, se, df, lower, upper}]`, keyed by the factors' names.
    var marginalMeansDocument: [[String: JSONValue]]? {
        guard let marginal else { return nil }
        let factors = marginal.specification + marginal.by
        return marginal.means.map { mean in
            var row: [String: JSONValue] = [:]
            for (factor, level) in zip(factors, mean.levels) { row[factor] = .text(level) }
            row["estimate"] = .number(finite(mean.test.estimate))
            row["se"] = .number(finite(mean.test.standardError))
            row["df"] = .number(finite(mean.test.degreesOfFreedom))
            row["lower"] = .number(finite(mean.lower))
            row["upper"] = .number(finite(mean.upper))
            return row
        }
    }

    /// `[{contrast, visit, estimate, se, df, t, p, lower, upper}]`.
    var contrastsDocument: [[String: JSONValue]]? {
        guard let marginal, !marginal.contrasts.isEmpty else { return nil }
        return marginal.contrasts.map { contrast in
            var row: [String: JSONValue] = ["contrast": .text(contrast.label)]
            for (factor, level) in zip(marginal.by, contrast.by) { row[factor] = .text(level) }
            row["estimate"] = .number(finite(contrast.test.estimate))
            row["se"] = .number(finite(contrast.test.standardError))
            row["df"] = .number(finite(contrast.test.degreesOfFreedom))
            row["t"] = .number(finite(contrast.test.tStatistic))
            row["p"] = .number(finite(contrast.pValue))
            row["lower"] = .number(finite(contrast.lower))
            row["upper"] = .number(finite(contrast.upper))
            return row
        }
    }
}

/// A JSON value whose keys come from the data (factor names as keys).
enum JSONValue: Encodable {
    case text(String)
    case number(Double?)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(value): try container.encode(value)
        case let .number(value): if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
}
