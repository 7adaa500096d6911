import StatsCore

extension ResponderResult {
    /// With several thresholds, one overview row per threshold first; then each threshold's
    /// responders by arm and, with two arms, their comparison.
    public func tables() -> [ResultTable] {
        var tables: [ResultTable] = []
        if thresholds.count > 1 { tables.append(overviewTable()) }
        for threshold in thresholds { tables += self.tables(threshold) }
        if let last = tables.indices.last { tables[last].notes += LedgerText.lines(ledger) }
        return tables
    }

    var percentLabel: String { "\(Int((confidenceLevel * 100).rounded()))% CI" }

    /// Each threshold's responders per arm, and the Newcombe risk difference and Fisher's p.
    func overviewTable() -> ResultTable {
        let arms = thresholds.first?.arms.map(\.arm) ?? []
        let compared = treatment != nil && control != nil
        var columns: [ResultTable.Column] = [.init("threshold", style: .text)] + arms.map { .init("\($0): responders / classified (%)", style: .text) }
        if compared {
            columns += [.init("risk difference"), .init(percentLabel + " (Newcombe)"), .init("Fisher p", style: .pValue)]
        }
        var table = ResultTable(title: "Responders at each threshold: \(outcome) at visit \(visit) against baseline (visit \(baselineVisit))", columns: columns)
        for threshold in thresholds {
            var row: [ResultTable.Cell] = [.text(threshold.label)]
            for arm in threshold.arms {
                let percent = arm.proportion.map { " (" + NumberFormatting.fixed(100 * $0, decimals: 1) + "%)" } ?? ""
                row.append(.text("\(arm.responders) / \(arm.classified)" + percent))
            }
            if compared {
                let difference = threshold.estimates.first { $0.measure == "risk difference" && $0.method.hasPrefix("Newcombe") }
                let fisher = threshold.estimates.first { $0.method.contains("Fisher's exact p") }
                row += [difference.map { $0.cell("estimate", $0.estimate) } ?? .missing, difference?.intervalCell ?? .missing,
                        fisher.map { $0.cell("p", $0.p) } ?? .missing]
            }
            table.rows.append(row)
        }
        table.notes += notes
        return table
    }

    func tables(_ threshold: ThresholdResult) -> [ResultTable] {
        var byArm = ResultTable(title: "Responders: \(threshold.definition)", columns: [
            .init("arm", style: .text), .init("responders", style: .count), .init("classified", style: .count),
            .init("not classifiable", style: .count), .init("proportion", style: .percent), .init("\(percentLabel) (Wilson)", style: .percent),
        ])
        for arm in threshold.arms {
            let interval: ResultTable.Cell = arm.lower.flatMap { lower in arm.upper.map { .interval(lower, $0) } } ?? .missing
            byArm.rows.append([.text(arm.arm), .number(Double(arm.responders)), .number(Double(arm.classified)),
                               .number(Double(arm.notClassifiable)), arm.proportion.map { .number($0) } ?? .missing, interval])
        }
        byArm.notes.append("Not classifiable: no value (no row, or a blank one) at the visit or at baseline, or a baseline of 0 for a percent threshold.")
        guard let treatment = treatment, let control = control else { return [byArm] }
        var table = ResultTable(title: "Comparison of responders (\(threshold.label)): \(treatment) vs \(control)", columns: [
            .init("measure", style: .text), .init("estimate"), .init(percentLabel), .init("p", style: .pValue), .init("method", style: .text),
        ])
        for estimate in threshold.estimates {
            table.rows.append([.text(estimate.measure), estimate.cell("estimate", estimate.estimate), estimate.intervalCell,
                               estimate.cell("p", estimate.p), .text(estimate.method)])
        }
        table.notes += threshold.warnings
        if let nnt = threshold.numberNeededToTreat { table.notes.append(nnt.text + " (from the Newcombe interval of the risk difference)") }
        table.notes.append("Risk difference and ratio are \(treatment) against \(control).")
        return [byArm, table]
    }
}

extension ResponderResult.ThresholdResult {
    /// "≥ 30% improvement", "> 2 points improvement".
    var label: String {
        let value = threshold.value == threshold.value.rounded() && abs(threshold.value) < 1e15
            ? String(Int(threshold.value)) : String(threshold.value)
        return (threshold.strict ? "> " : "≥ ") + value + (threshold.unit == "percent" ? "% improvement" : " points improvement")
    }
}
