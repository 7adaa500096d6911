import StatsCore

extension ConsistencyCheckResult {
    public func tables() -> [ResultTable] {
        var table = ResultTable(title: "Consistency checks: \(data)", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("item", style: .text), .init("check", style: .text),
            .init("verdict", style: .text), .init("explanation", style: .text),
        ])
        table.rows = findings.map {
            [.number(Double($0.line)), .text($0.study), .text($0.item), .text($0.check),
             .text($0.verdict == .inconsistent ? "INCONSISTENT" : $0.verdict.rawValue), .text($0.explanation)]
        }
        table.notes.append("\(findings.count) checks; \(inconsistent) inconsistent, \(notTestable) not testable.")
        if findings.isEmpty { table.notes.append("Nothing to check: no arm with items or scale bounds, and no comparison with a CI or p.") }
        return [table]
    }
}
