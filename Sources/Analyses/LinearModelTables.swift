import StatsCore

extension LinearModelResult {
    /// Coefficients, fit statistics, and the F tests, as R prints them.
    public func tables(checked: Int) -> [ResultTable] {
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        let percent = "\(Int((confidenceLevel * 100).rounded()))% CI"
        var coefficients = ResultTable(title: "Coefficients: \(formula)", columns: [
            .init("term", style: .text), .init("estimate"), .init("SE"), .init("t", style: .statistic), .init("p", style: .pValue), .init(percent),
        ])
        for c in self.coefficients {
            coefficients.rows.append([.text(c.measure), c.cell("estimate", c.estimate), c.cell("se", c.se), c.cell("statistic", c.statistic),
                                      c.cell("p", c.p), c.intervalCell])
        }
        if !aliased.isEmpty {
            coefficients.notes.append("Not estimable (linear combinations of earlier columns, R's NA): \(aliased.joined(separator: ", ")).")
        }
        var summary = ResultTable(title: "Fit", columns: [
            .init("observations", style: .count), .init("residual SE"), .init("residual df", style: .count), .init("R²"),
            .init("adjusted R²"), .init("F", style: .statistic), .init("numerator df", style: .count), .init("p of F", style: .pValue),
        ])
        let fit = fit
        summary.rows = [[.number(Double(fit.observations)), number(fit.sigma), .number(Double(fit.residualDF)), number(fit.rSquared),
                         number(fit.adjustedRSquared), number(fit.F), number(fit.numeratorDF.map(Double.init)), number(fit.p)]]
        let ledger = ledger
        let incomplete = ledger.excluded.dropFirst(checked)
        summary.notes.append("rows: \(ledger.rowsRead) read, \(ledger.rowsUsed) used, "
                             + (checked == 0 ? "" : "\(checked) excluded by the data checks, ")
                             + "\(incomplete.count) left out for a missing value")
        if let dataNote { summary.notes.append("note: \(dataNote)") }
        for row in ledger.excluded.prefix(min(checked, LedgerText.shownExclusions)) {
            summary.notes.append("  excluded line \(row.line): column \(row.column): \"\(row.value)\" \(row.reason) [\(row.rule.rawValue)]")
        }
        for row in incomplete.prefix(LedgerText.shownExclusions) {
            summary.notes.append("  left out line \(row.line): \(row.column) is missing")
        }
        if incomplete.count > LedgerText.shownExclusions {
            summary.notes.append("  … and \(incomplete.count - LedgerText.shownExclusions) more (--format json lists them all)")
        }
        var anova = ResultTable(title: "F tests of terms", columns: [
            .init("term", style: .text), .init("type", style: .text), .init("df", style: .count), .init("sum of squares"),
            .init("F", style: .statistic), .init("p", style: .pValue),
        ])
        for test in tests {
            anova.rows.append([.text(test.term), .text(test.type), .number(Double(test.numeratorDF)),
                               test.type == "I" ? .number(test.sumOfSquares ?? .nan) : .missing, number(test.F), number(test.p)])
        }
        anova.notes.append("Type I: sequential, as R's anova(). Type III: each term's coefficients jointly zero in the full model (Wald F); "
                           + "with treatment contrasts a main effect inside an interaction is tested at the reference level.")
        return [coefficients, summary, anova]
    }
}
