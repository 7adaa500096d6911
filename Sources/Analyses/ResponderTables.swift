import StatsCore

extension ResponderResult {
    /// Responders by arm, and with two arms their comparison.
    public func tables() -> [ResultTable] {
        let percentLabel = "\(Int((confidenceLevel * 100).rounded()))% CI"
        var byArm = ResultTable(title: "Responders: \(definition)", columns: [
            .init("arm", style: .text), .init("responders", style: .count), .init("classified", style: .count),
            .init("not classifiable", style: .count), .init("proportion"), .init("\(percentLabel) (Wilson)"),
        ])
        for arm in arms {
            let interval: ResultTable.Cell = arm.lower.flatMap { lower in arm.upper.map { .interval(lower, $0) } } ?? .missing
            byArm.rows.append([.text(arm.arm), .number(Double(arm.responders)), .number(Double(arm.classified)),
                               .number(Double(arm.notClassifiable)), arm.proportion.map { .number($0) } ?? .missing, interval])
        }
        byArm.notes.append("Not classifiable: no value (no row, or a blank one) at the visit or at baseline, or a baseline of 0 for a percent threshold.")
        guard let treatment = treatment, let control = control else {
            byArm.notes += LedgerText.lines(ledger)
            return [byArm]
        }
        var table = ResultTable(title: "Comparison of responders: \(treatment) vs \(control)", columns: [
            .init("measure", style: .text), .init("estimate"), .init(percentLabel), .init("p", style: .pValue), .init("method", style: .text),
        ])
        for estimate in estimates {
            table.rows.append([.text(estimate.measure), estimate.cell("estimate", estimate.estimate), estimate.intervalCell,
                               estimate.cell("p", estimate.p), .text(estimate.method)])
        }
        table.notes += warnings
        if let nnt = numberNeededToTreat { table.notes.append(nnt.text + " (from the Newcombe interval of the risk difference)") }
        table.notes.append("Risk difference and ratio are \(treatment) against \(control).")
        table.notes += LedgerText.lines(ledger)
        return [byArm, table]
    }
}
