import StatsCore

extension ArmComparisonResult {
    /// The display tables: descriptives by arm, then every estimate with its interval and p.
    public func tables() -> [ResultTable] {
        let percent = "\(Int((confidenceLevel * 100).rounded()))%"
        let title = "\(variable) at visit \(visit): \(treatment) vs \(control)"
        func interval(_ lower: Double?, _ upper: Double?) -> ResultTable.Cell {
            guard let lower, let upper else { return .missing }
            return .interval(lower, upper)
        }
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        var descriptives = ResultTable(title: "Descriptives: \(title)", columns: [
            .init("arm", style: .text), .init("n", style: .count), .init("missing", style: .count), .init("mean"), .init("SD"),
            .init("\(percent) CI of mean"), .init("median"), .init("IQR"), .init("range"),
        ])
        for arm in arms {
            descriptives.rows.append([.text(arm.arm), .number(Double(arm.n)), .number(Double(arm.missing)), number(arm.mean), number(arm.sd),
                                      interval(arm.meanLower, arm.meanUpper), number(arm.median), interval(arm.q1, arm.q3), interval(arm.min, arm.max)])
        }
        descriptives.notes.append("Missing: the arm's subjects without a value at the visit, whether their row is blank or absent.")
        if change {
            descriptives.notes.append("Change = value − value at the baseline visit \(baselineVisit); the mean's interval is the paired t interval.")
        }
        var comparisons = ResultTable(title: "Comparison: \(title)", columns: [
            .init("measure", style: .text), .init("estimate"), .init("\(percent) CI"), .init("p", style: .pValue), .init("method", style: .text),
        ])
        for estimate in estimates {
            var method = estimate.method
            if estimate.measure == "mean difference", let df = estimate.df { method += String(format: ", df = %.2f", df) }
            if estimate.measure == "Hedges' g, BCa bootstrap", let bootstrap = bootstrap,
               let z0 = bootstrap.biasCorrection, let a = bootstrap.acceleration {
                method += String(format: ", z0 = %.3f, a = %.4f", z0, a)
            }
            comparisons.rows.append([.text(estimate.measure), estimate.cell("estimate", estimate.estimate), estimate.intervalCell,
                                     estimate.cell("p", estimate.p), .text(method)])
        }
        comparisons.notes += warnings.map(\.message)
        comparisons.notes.append("Differences are \(treatment) minus \(control).")
        comparisons.notes += LedgerText.lines(ledger)
        return [descriptives, comparisons]
    }
}
