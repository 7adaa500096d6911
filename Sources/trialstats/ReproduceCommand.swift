import ArgumentParser
import MetaAnalysis
import StatsCore

/// `trialstats reproduce`: every between-arm result a paper reports, beside what its own
/// numbers give, with disagreements beyond rounding flagged and what cannot be recomputed said.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Recompute each published comparison from the published summaries and show both, flagging disagreements.")

    @Argument(help: "A published-numbers file (CSV), e.g. Datasets/published/maniquis-smigel-2017.csv.")
    var file: String

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try SummaryFileInput.writeTables(file, command: "reproduce", output: output) { summaryFile in
            Self.tables(try Reproduction(summaryFile), source: summaryFile.source)
        }
    }

    static func tables(_ reproduction: Reproduction, source: String) -> [ResultTable] {
        func text(_ value: String?) -> ResultTable.Cell { value.map(ResultTable.Cell.text) ?? .text("not reported") }
        func number(_ value: Double?) -> ResultTable.Cell { value.map(ResultTable.Cell.number) ?? .missing }
        var table = ResultTable(title: "Published and recomputed: \(source)", columns: [
            .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("comparison", style: .text),
            .init("published estimate", style: .text), .init("published CI", style: .text), .init("published p", style: .text),
            .init("difference"), .init("95% CI"), .init("p Student", style: .pValue), .init("p Welch", style: .pValue),
            .init("p from CI", style: .pValue), .init("Hedges' g"), .init("verdict", style: .text),
        ])
        var how = ResultTable(title: "How each comparison was recomputed", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("explanation", style: .text),
        ])
        for c in reproduction.comparisons {
            let publishedCI: ResultTable.Cell = c.publishedLower != nil || c.publishedUpper != nil
                ? .text("\(c.publishedLower ?? "?") to \(c.publishedUpper ?? "?")") : .text("not reported")
            let interval: ResultTable.Cell = c.lower != nil && c.upper != nil ? .interval(c.lower!, c.upper!) : .missing
            table.rows.append([.text(c.study), .text(c.outcome), .text(c.visit), .text("\(c.treatment) vs \(c.control)"),
                               text(c.publishedEstimate), publishedCI, text(c.publishedP), number(c.difference), interval,
                               number(c.pStudent), number(c.pWelch), number(c.pFromInterval), number(c.hedgesG),
                               .text(c.verdict == .doesNotReproduce ? "DOES NOT REPRODUCE" : c.verdict.rawValue)])
            how.rows.append([.number(Double(c.line)), .text(c.study), .text(c.outcome), .text(c.visit), .text(c.explanation.joined(separator: "; "))])
        }
        table.notes.append("Recomputed from the arms' n, mean and SD: two-sample t tests (Student, pooled SD; Welch) of treatment − control and Student's 95% CI. From an estimate with its CI alone: SE = (upper − lower)/(2 × z), z the normal quantile of the CI's level (ci_level, 95% when not given), and the z test; the CI shown is then the printed one, at its own level.")
        table.notes.append("A published p agrees when it equals a recomputed p within its printed rounding, or when some p allowed by the rounding of the printed means and SDs does.")
        let failing = reproduction.comparisons.filter { $0.verdict == .doesNotReproduce }.count
        table.notes.append("\(reproduction.comparisons.count) published comparisons; \(reproduction.comparisons.filter { $0.verdict == .reproduces }.count) reproduce, \(failing) do not, \(reproduction.comparisons.filter { $0.verdict == .notRecomputable }.count) cannot be recomputed, \(reproduction.comparisons.filter { $0.verdict == .nothingToCompare }.count) recomputed with nothing printed to compare.")
        var tables = reproduction.comparisons.isEmpty ? [] : [table, how]
        if !reproduction.unrecomputable.isEmpty || reproduction.comparisons.isEmpty {
            var missing = ResultTable(title: "What cannot be recomputed: \(source)", columns: [.init("study and reason", style: .text)])
            missing.rows = reproduction.unrecomputable.map { [.text($0)] }
            if missing.rows.isEmpty { missing.rows = [[.text("no published comparisons in the file")]] }
            tables.append(missing)
        }
        return tables
    }
}
