import StatsCore

extension BaselineCharacteristicsResult {
    /// The display table: mean (SD) and median [IQR] to one decimal, n (%) per level.
    public func table() -> ResultTable {
        var table = ResultTable(title: "Baseline characteristics (visit \(baselineVisit))",
                                columns: [.init("characteristic", style: .text), .init("", style: .text)] + groups.map { .init($0, style: .text) })
        table.rows.append([.text("subjects"), .text("n")] + subjects.map { .text(String($0)) })
        func number(_ value: Double?) -> String { value.map { NumberFormatting.text($0, style: .estimate, decimals: 1) } ?? "NA" }
        // In the order the variables were given, continuous and categorical alike.
        for name in variables {
            if let variable = continuous.first(where: { $0.variable == name }) {
                table.rows.append([.text(variable.variable), .text("mean (SD)")]
                                  + variable.groups.map { .text($0.n == 0 ? "" : "\(number($0.mean)) (\(number($0.sd)))") })
                table.rows.append([.text(""), .text("median [IQR]")]
                                  + variable.groups.map { .text($0.n == 0 ? "" : "\(number($0.median)) [\(number($0.q1)), \(number($0.q3))]") })
                if variable.groups.contains(where: { $0.missing > 0 }) {
                    table.rows.append([.text(""), .text("missing")] + variable.groups.map { .text(String($0.missing)) })
                }
            } else if let variable = categorical.first(where: { $0.variable == name }) {
                for (index, level) in variable.levels.enumerated() {
                    table.rows.append([.text(index == 0 ? variable.variable : ""), .text(level)] + variable.groups.map { group in
                        .text(group.percents[index].map { "\(group.counts[index]) (\(number($0))%)" } ?? "")
                    })
                }
                if variable.groups.contains(where: { $0.missing > 0 }) {
                    table.rows.append([.text(""), .text("missing")] + variable.groups.map { .text(String($0.missing)) })
                }
            }
        }
        let single = groups.count == 1
        table.notes.append("Percentages are of the subjects with a value; quartiles are R's default (type 7)."
                           + (single ? "" : " No p-values: CONSORT advises against testing baseline differences in a randomised trial."))
        let without = subjectsWithoutBaseline
        if without > 0 {
            table.notes.append("\(without) subject\(without == 1 ? " has" : "s have") no row at the baseline visit and \(without == 1 ? "is" : "are") not in the table.")
        }
        table.notes += LedgerText.lines(ledger)
        return table
    }
}
