import StatsCore
import TrialData

/// A `DatasetDescription` as result tables, for the report's data section: the ledger of every
/// row (read, used, excluded and why), the variables and their roles, subjects per arm, observed
/// values per arm and visit, and the dropout patterns.
extension DatasetDescription {
    public func tables(source: String, layout: String) -> [ResultTable] {
        let description = self
        var rows = ResultTable(title: "Data ledger: \(source)", columns: [.init("rows", style: .text), .init("count", style: .count)])
        rows.rows = [[.text("read"), .number(Double(ledger.rowsRead))], [.text("used"), .number(Double(ledger.rowsUsed))],
                     [.text("excluded"), .number(Double(ledger.excluded.count))]]
        rows.rows += ledger.exclusionsByRule.map { [.text("  excluded: \($0.rule.rawValue)"), .number(Double($0.rows))] }
        if ledger.blankLinesSkipped > 0 { rows.rows.append([.text("blank lines skipped"), .number(Double(ledger.blankLinesSkipped))]) }
        rows.notes.append("Read as \(layout). Every row of the file is counted here; none is dropped without a reason.")
        var tables = [rows]
        if !ledger.excluded.isEmpty {
            var excluded = ResultTable(title: "Excluded rows", columns: [
                .init("line", style: .count), .init("column", style: .text), .init("value", style: .text), .init("reason", style: .text),
                .init("rule", style: .text)])
            excluded.rows = ledger.excluded.map {
                [.number(Double($0.line)), .text($0.column), .text($0.value), .text($0.reason), .text($0.rule.rawValue)]
            }
            tables.append(excluded)
        }
        var variables = ResultTable(title: "Variables", columns: [
            .init("name", style: .text), .init("role", style: .text), .init("type", style: .text), .init("missing", style: .count)])
        variables.rows = description.variables.map { [.text($0.name), .text($0.role), .text($0.type), .number(Double($0.missing))] }
        variables.notes.append("Visits: \(description.visits.joined(separator: ", ")) (baseline: \(description.baselineVisit); ordered \(description.visitOrder.description)).")
        tables.append(variables)
        let outcomes = description.cells.reduce(into: [String]()) { if !$0.contains($1.outcome) { $0.append($1.outcome) } }
        for outcome in outcomes {
            var observed = ResultTable(title: "\(outcome): subjects observed (missing) by arm and visit",
                                       columns: [.init("arm", style: .text), .init("subjects", style: .count)]
                                           + description.visits.map { .init($0, style: .text) })
            for arm in description.arms {
                observed.rows.append([.text(arm.arm), .number(Double(arm.subjects))] + description.visits.map { visit in
                    let cell = description.cells.first { $0.outcome == outcome && $0.arm == arm.arm && $0.visit == visit }
                    return cell.map { .text("\($0.observed) (\($0.missing))") } ?? .missing
                })
            }
            tables.append(observed)
        }
        var patterns = ResultTable(title: "Dropout patterns (X observed, . missing; visits \(description.visits.joined(separator: ", ")))",
                                   columns: [.init("arm", style: .text), .init("pattern", style: .text), .init("subjects", style: .count),
                                             .init("monotone", style: .text)])
        patterns.rows = description.dropoutPatterns.map { [.text($0.arm), .text($0.pattern), .number(Double($0.subjects)), .text($0.monotone ? "yes" : "no")] }
        tables.append(patterns)
        return tables
    }
}
