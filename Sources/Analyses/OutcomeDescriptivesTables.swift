import StatsCore

extension OutcomeDescriptivesResult {
    /// What an outcome's cells describe: "vas", or "Change in vas from visit 0".
    public func measure(_ outcome: Outcome) -> String {
        change ? "Change in \(outcome.outcome) from visit \(baselineVisit)" : outcome.outcome
    }

    /// The title of an outcome's table and figure.
    public func title(_ outcome: Outcome) -> String { measure(outcome) + (change ? ", by arm and visit" : " by arm and visit") }

    public var intervalName: String { "\(Int((confidenceLevel * 100).rounded()))% CI of mean" }

    /// One display table per outcome, rows arm by visit.
    public func tables() -> [ResultTable] {
        // A number that does not exist shows as NA, as R prints it; a mean without an interval as blank.
        func number(_ value: Double?) -> ResultTable.Cell { .number(value ?? .nan) }
        func interval(_ lower: Double?, _ upper: Double?) -> ResultTable.Cell { .interval(lower ?? .nan, upper ?? .nan) }
        var tables = outcomes.flatMap { outcome -> [ResultTable] in
            var table = ResultTable(
                title: title(outcome),
                columns: [.init("arm", style: .text), .init("visit", style: .text), .init("n", style: .count), .init("missing", style: .count),
                          .init("mean"), .init("SD"), .init("SE"), .init(intervalName), .init("median"),
                          .init("IQR"), .init("range")])
            table.rows = outcome.cells.map { cell in
                [.text(cell.arm), .text(cell.visit), .number(Double(cell.n)), .number(Double(cell.missing)), number(cell.mean), number(cell.sd),
                 number(cell.se), cell.meanLower == nil ? .missing : interval(cell.meanLower, cell.meanUpper), number(cell.median), interval(cell.q1, cell.q3), interval(cell.min, cell.max)]
            }
            table.notes.append("Quartiles are R's default (type 7). Missing counts the arm's subjects without a value at the visit"
                               + (change ? " or without a baseline" : "") + ", whether their row is blank or absent.")
            var across: [ResultTable] = []
            if let tests = outcome.acrossArms {
                var acrossTable = ResultTable(title: "\(measure(outcome)): do the arms differ? (Kruskal-Wallis)",
                                              columns: [.init("visit", style: .text), .init("arms", style: .count), .init("H", style: .statistic),
                                                        .init("df", style: .count), .init("p", style: .pValue)])
                acrossTable.rows = tests.map { test in
                    [.text(test.visit), .number(Double(test.arms)), number(test.statistic), number(test.df.map(Double.init)), number(test.p)]
                }
                acrossTable.notes.append("Kruskal-Wallis rank sum test across the arms at each visit, as R's kruskal.test (ties corrected); "
                                         + "an omnibus test: compare names the arms that differ.")
                across = [acrossTable]
            }
            guard let standardized = outcome.standardizedChanges else { return [table] + across }
            var within = ResultTable(title: "Standardized change in \(outcome.outcome) within each arm",
                                     columns: [.init("arm", style: .text), .init("visit", style: .text), .init("n", style: .count),
                                               .init("SRM (d_z)"), .init("\(Int((confidenceLevel * 100).rounded()))% CI")])
            within.rows = standardized.map { row in
                [.text(row.arm), .text(row.visit), .number(Double(row.n)), number(row.estimate),
                 row.lower == nil ? .missing : interval(row.lower, row.upper)]
            }
            within.notes.append("The standardized response mean: the mean change over the SD of the change (d_z), with its noncentral-t "
                                + "interval; a within-arm effect, not a comparison of arms.")
            return [table, within] + across
        }
        if var last = tables.popLast() {
            last.notes += LedgerText.lines(ledger)
            tables.append(last)
        }
        return tables
    }
}
