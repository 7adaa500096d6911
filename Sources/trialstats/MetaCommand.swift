import ArgumentParser
import Foundation
import MetaAnalysis
import StatsCore

extension EffectMeasure: ExpressibleByArgument {}

/// `trialstats meta`: pools studies from a summary file: per-arm rows (paired into comparisons)
/// or one row per study in metafor's names; fixed or random effects, Mantel-Haenszel or Peto for
/// counts, Hartung-Knapp, subgroups and leave-one-out; a forest table for the figures.
struct MetaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta",
        abstract: "Meta-analysis of published summaries: fixed or random effects (DL, REML, PM), MH and Peto, Hartung-Knapp, subgroups.",
        discussion: """
            FILE has per-arm rows (study, outcome, visit, arm, n, and mean with sd, se, a CI, or a median with \
            quartiles or range; events for counts) or one row per study with metafor's columns: m1i, sd1i, n1i, \
            m2i, sd2i, n2i (means); ai, bi, ci, di (2×2 counts); or yi, vi (precomputed effects). Ratios are \
            pooled on the log scale; the forest table's estimate and CI are on that scale, with the ratio beside.
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case FE, DL, REML, PM, MH, PETO
    }

    @Argument(help: "The summary file (CSV).")
    var file: String

    @Option(help: "The effect measure: \(EffectMeasure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: EffectMeasure

    @Option(help: "FE (inverse variance), DL, REML or PM (random effects), MH or PETO (fixed effect from 2×2 counts).")
    var method: Method = .REML

    @Flag(help: "Hartung-Knapp(-Sidik-Jonkman) test and interval: t with k − 1 df.")
    var knha = false

    @Option(help: "A column whose levels form subgroups (e.g. comparator): a model per subgroup and the test of differences.")
    var subgroup: String?

    @Flag(help: "Refit without each study in turn.")
    var leaveOneOut = false

    @Option(help: "Only rows of this outcome (per-arm files with several outcomes).")
    var outcome: String?

    @Option(help: "Only rows of this visit.")
    var visit: String?

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        if method == .MH || method == .PETO {
            guard measure.isBinary, method == .MH || measure == .oddsRatio else {
                throw ValidationError("--method \(method.rawValue) pools 2×2 counts: use --measure \(method == .MH ? "RR, OR or RD" : "OR")")
            }
            guard !knha else { throw ValidationError("--knha applies to inverse-variance models, not \(method.rawValue)") }
            guard subgroup == nil, !leaveOneOut else {
                throw ValidationError("--subgroup and --leave-one-out are offered for inverse-variance models (FE, DL, REML, PM), not \(method.rawValue)")
            }
        }
    }

    func run() throws {
        try SummaryFileInput.writeTables(file, command: "meta", outcome: outcome, visit: visit, output: output, tables)
    }

    func tables(_ summaryFile: SummaryFile) throws -> [ResultTable] {
        let (effects, notes) = try StudyEffectBuilder.effects(summaryFile, measure: measure, subgroupColumn: subgroup)
        var studies: [String: Int] = [:]
        for effect in effects { studies[effect.study, default: 0] += 1 }
        if let repeated = studies.filter({ $0.value > 1 }).keys.sorted().first {
            throw MetaAnalysisError.notComputable("\(repeated) gives \(studies[repeated]!) comparisons; each study may enter once (use --outcome, --visit or role)")
        }
        let percent = String(format: "%g%%", level * 100)
        let scale = measure.isRatio ? "log \(measure.rawValue)" : measure.rawValue
        var pooledTable = ResultTable(title: "Meta-analysis: \(measure.name), \(summaryFile.source)", columns: [
            .init("model", style: .text), .init("k", style: .count), .init("estimate"), .init("\(percent) CI"), .init("statistic", style: .statistic),
            .init("p", style: .pValue), .init("\(percent) prediction interval"), .init("tau²"), .init("tau² \(percent) CI (Q-profile)"),
            .init("Q", style: .statistic), .init("df", style: .count), .init("p (Q)", style: .pValue), .init("I² (%)"), .init("I² \(percent) CI"), .init("H²"),
        ])
        var forest = ResultTable(title: "Forest: \(measure.name)", columns: [
            .init("contrast", style: .text), .init("subgroup", style: .text), .init("estimate"), .init("weight (%)"),
        ] + (measure.isRatio ? [.init(measure.rawValue), .init("\(measure.rawValue) \(percent) limits")] : []) + [.init("\(percent) CI")])
        func ratioCells(_ estimate: Double, _ lower: Double, _ upper: Double) -> [ResultTable.Cell] {
            measure.isRatio ? [.number(exp(estimate)), .interval(exp(lower), exp(upper))] : []
        }
        func studyRow(_ effect: StudyEffect) throws -> [ResultTable.Cell] {
            let interval = try effect.confidenceInterval(level: level)
            let lower = interval.lower, upper = interval.upper
            return [.text(effect.study), effect.subgroup.map(ResultTable.Cell.text) ?? .missing, .number(effect.estimate), .missing]
                + ratioCells(effect.estimate, lower, upper) + [.interval(lower, upper)]
        }
        forest.rows = try effects.map(studyRow)
        var tables: [ResultTable] = []
        if method == .MH || method == .PETO {
            let counts = try TwoByTwoTables.tables(summaryFile, subgroupColumn: subgroup)
            let fit = method == .MH
                ? try MantelHaenszel.pool(counts.map(\.table), studies: counts.map(\.study), measure: measure, level: level)
                : try PetoOddsRatio.pool(counts.map(\.table), level: level)
            if method == .PETO {  // the study rows show Peto's own log OR, (O − E)/V with variance 1/V, as escalc(measure = "PETO")
                forest.rows = try counts.map { try studyRow($0.table.petoEffect(study: $0.study, subgroup: $0.subgroup)) }
            }
            pooledTable.rows.append([.text("\(fit.method) fixed effect"), .number(Double(counts.count)), .number(fit.estimate),
                                     .interval(fit.confidenceInterval.lower, fit.confidenceInterval.upper), .number(fit.statistic), .number(fit.pValue),
                                     .missing, .missing, .missing, .number(fit.q), .number(Double(fit.qDegreesOfFreedom)), .number(fit.qPValue),
                                     .number(fit.iSquared), .missing, .number(fit.hSquared)])
            forest.rows.append([.text("\(fit.method) pooled"), .missing, .number(fit.estimate), .number(100)]
                               + ratioCells(fit.estimate, fit.confidenceInterval.lower, fit.confidenceInterval.upper)
                               + [.interval(fit.confidenceInterval.lower, fit.confidenceInterval.upper)])
            pooledTable.notes.append(method == .MH
                ? "\(fit.method): no continuity correction in the pooled estimate; Q uses each study's \(scale) with ½ added to tables with a zero cell; tables with no events or only events in both arms are left out of Q and its df (as metafor's rma.mh)."
                : "\(fit.method): no continuity correction: the pooled log OR is Σ(O − E)/ΣV and Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV; tables with no events or only events in both arms are left out of Q's df (as metafor's rma.peto). Study rows: Peto's log OR, (O − E)/V with variance 1/V (½ added to each cell of a table with a zero cell, as escalc).")
        } else {
            let options = MetaAnalysisOptions(estimator: HeterogeneityEstimator(rawValue: method.rawValue)!, hartungKnapp: knha, level: level)
            let fit = try MetaAnalysisSummary(effects, options: options)
            pooledTable.rows.append(Self.row(fit, label: Self.modelName(options)))
            for index in forest.rows.indices { forest.rows[index][3] = .number(fit.weights[index]) }
            forest.rows.append([.text(Self.modelName(options)), .missing, .number(fit.estimate), .number(100)]
                               + ratioCells(fit.estimate, fit.confidenceInterval.lower, fit.confidenceInterval.upper)
                               + [.interval(fit.confidenceInterval.lower, fit.confidenceInterval.upper)])
            if let subgroup {
                let analysis = try SubgroupAnalysis(effects, options: options)
                var table = ResultTable(title: "Subgroups by \(subgroup)", columns: pooledTable.columns)
                table.rows = analysis.subgroups.map { Self.row($0.summary, label: "\(subgroup) = \($0.level)") }
                table.notes.append(String(format: "Test of subgroup differences: Q_between = %.2f, df = %d, p = %.3g (subgroup estimates pooled by inverse variance, "
                                          + "a chi-square test%@; each subgroup of two or more studies has its own tau², a subgroup of one study stands alone "
                                          + "with its own variance).", analysis.qBetween, analysis.degreesOfFreedom, analysis.pValue,
                                          knha ? " on the subgroups' Hartung-Knapp SEs" : ""))
                let ungrouped = effects.filter { $0.subgroup == nil }.map(\.study)
                if !ungrouped.isEmpty {
                    table.notes.append("Without a value of \(subgroup), so in no subgroup (but in the overall model): \(ungrouped.joined(separator: ", ")).")
                }
                tables.append(table)
            }
            if leaveOneOut {
                let loo = try LeaveOneOut(effects, options: options)
                var table = ResultTable(title: "Leave one out", columns: pooledTable.columns)
                table.columns[0] = .init("omitted", style: .text)
                table.rows = loo.omissions.map { Self.row($0.summary, label: $0.omitted) }
                tables.append(table)
            }
            if knha {
                pooledTable.notes.append("Hartung-Knapp: the SE is scaled by the weighted residual variance (not truncated), with t on k − 1 df"
                                         + (options.estimator == .fixed ? "." : "; the prediction interval uses the same t."))
            } else {
                pooledTable.notes.append(options.estimator == .fixed ? "z test and interval." : "z test and interval; the prediction interval is estimate ± z·√(SE² + tau²).")
            }
        }
        pooledTable.notes.append("Estimates are \(scale)\(measure.isRatio ? " (log scale; exponentiate for the ratio)" : ""), treatment − control.")
        if !summaryFile.isPerStudy && !summaryFile.columns.contains("role") {
            pooledTable.notes.append("Without a role column the first arm listed in each study is the treatment: the order of the rows sets the sign.")
        }
        forest.notes.append(measure.isRatio
            ? "estimate and \(percent) CI are on the log scale (no effect = 0); the \(measure.rawValue) columns are the same exponentiated (no effect = 1)."
            : "estimate and \(percent) CI: \(measure.name), treatment − control (no effect = 0).")
        let converted = effects.filter { !$0.conversions.isEmpty }.map { "\($0.study): \($0.conversions.joined(separator: "; "))" }
        if !converted.isEmpty { forest.notes.append("Converted inputs: " + converted.joined(separator: " | ")) }
        forest.notes += notes
        return [pooledTable, forest] + tables
    }

    static func modelName(_ options: MetaAnalysisOptions) -> String {
        options.estimator == .fixed ? "FE (inverse variance)\(options.hartungKnapp ? ", Hartung-Knapp" : "")"
            : "RE, \(options.estimator.rawValue) tau²\(options.hartungKnapp ? ", Hartung-Knapp" : "")"
    }

    static func row(_ fit: MetaAnalysisSummary, label: String) -> [ResultTable.Cell] {
        let interval = { (ci: ConfidenceInterval?) -> ResultTable.Cell in ci.map { .interval($0.lower, $0.upper) } ?? .missing }
        let random = fit.options.estimator != .fixed
        return [.text(label), .number(Double(fit.k)), .number(fit.estimate), interval(fit.confidenceInterval), .number(fit.statistic), .number(fit.pValue),
                random ? interval(fit.predictionInterval) : .missing, .number(fit.tau2), interval(fit.tau2Interval),
                .number(fit.q), .number(Double(fit.qDegreesOfFreedom)), .number(fit.qPValue), .number(fit.iSquared), interval(fit.iSquaredInterval), .number(fit.hSquared)]
    }
}
