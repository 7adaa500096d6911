import StatsCore

extension PublishedReproductionResult {
    /// Published beside recomputed, how each was recomputed, and what cannot be.
    public func tables() -> [ResultTable] {
        func text(_ value: String?) -> ResultTable.Cell { value.map(ResultTable.Cell.text) ?? .text("not reported") }
        func number(_ value: Double?) -> ResultTable.Cell { value.map(ResultTable.Cell.number) ?? .missing }
        var table = ResultTable(title: "Published and recomputed: \(data)", columns: [
            .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("comparison", style: .text),
            .init("published estimate", style: .text), .init("published CI", style: .text), .init("published p", style: .text),
            .init("difference"), .init("95% CI"), .init("p Student", style: .pValue), .init("p Welch", style: .pValue),
            .init("p from CI", style: .pValue), .init("Hedges' g"), .init("verdict", style: .text),
        ])
        var how = ResultTable(title: "How each comparison was recomputed", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("explanation", style: .text),
        ])
        for c in comparisons {
            let publishedCI: ResultTable.Cell = c.publishedLower != nil || c.publishedUpper != nil
                ? .text("\(c.publishedLower ?? "?") to \(c.publishedUpper ?? "?")") : .text("not reported")
            let interval: ResultTable.Cell = c.lower.flatMap { lower in c.upper.map { .interval(lower, $0) } } ?? .missing
            table.rows.append([.text(c.study), .text(c.outcome), .text(c.visit), .text("\(c.treatment) vs \(c.control)"),
                               text(c.publishedEstimate), publishedCI, text(c.publishedP), number(c.difference), interval,
                               number(c.pStudent), number(c.pWelch), number(c.pFromInterval), number(c.hedgesG),
                               .text(c.verdict == .doesNotReproduce ? "DOES NOT REPRODUCE" : c.verdict.rawValue)])
            how.rows.append([.number(Double(c.line)), .text(c.study), .text(c.outcome), .text(c.visit), .text(c.explanation.joined(separator: "; "))])
        }
        table.notes.append("Recomputed from the arms' n, mean and SD: two-sample t tests (Student, pooled SD; Welch) of treatment − control and Student's 95% CI. From an estimate with its CI alone: SE = (upper − lower)/(2 × z), z the normal quantile of the CI's level (ci_level, 95% when not given), and the z test; the CI shown is then the printed one, at its own level.")
        table.notes.append("A published p agrees when it equals a recomputed p within its printed rounding, or when some p allowed by the rounding of the printed means and SDs does.")
        table.notes.append("\(comparisons.count) published comparisons; \(counts.reproduces) reproduce, \(counts.doesNotReproduce) do not, \(counts.notRecomputable) cannot be recomputed, \(counts.nothingToCompare) recomputed with nothing printed to compare.")
        var tables = comparisons.isEmpty ? [] : [table, how]
        if !unrecomputable.isEmpty || comparisons.isEmpty {
            var missing = ResultTable(title: "What cannot be recomputed: \(data)", columns: [.init("study and reason", style: .text)])
            missing.rows = unrecomputable.map { [.text($0)] }
            if missing.rows.isEmpty { missing.rows = [[.text("no published comparisons in the file")]] }
            tables.append(missing)
        }
        return tables
    }
}
