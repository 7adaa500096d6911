import StatsCore

extension ArmSummariesResult {
    public func tables() -> [ResultTable] {
        func number(_ value: Double?) -> ResultTable.Cell { value.map(ResultTable.Cell.number) ?? .missing }
        var armsTable = ResultTable(title: "Arms: \(data)", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("arm", style: .text),
            .init("n", style: .count), .init("mean"), .init("SD"), .init("converted", style: .text),
        ])
        for arm in arms {
            let converted = arm.notUsable.map { "not usable: \($0)" }
                ?? (arm.conversions.isEmpty ? "no (as printed)" : "yes: " + arm.conversions.joined(separator: "; "))
            armsTable.rows.append([.number(Double(arm.line)), .text(arm.study), .text(arm.outcome), .text(arm.visit), .text(arm.arm),
                                   number(arm.n), number(arm.mean), number(arm.sd), .text(converted)])
        }
        if armsTable.rows.isEmpty {
            armsTable.notes.append("The file has no arm-level rows (n with a mean, SD, SE, CI, median or events), so there is nothing to summarise "
                                   + "and no effect can be computed from arms; trialstats reproduce lists what the file does report.")
        }
        var effectsTable = ResultTable(title: "Effects: treatment − control", columns: [
            .init("contrast", style: .text), .init("MD"), .init("MD 95% CI"), .init("Hedges' g"), .init("g 95% CI"),
            .init("SMCR difference"), .init("d_ppc2"), .init("d_ppc2 95% CI"), .init("converted", style: .text),
        ])
        for effect in effects {
            effectsTable.rows.append([
                .text(effect.contrast), effect.meanDifference.cell("estimate", effect.meanDifference.estimate), effect.meanDifference.intervalCell,
                effect.hedgesG.map { $0.cell("estimate", $0.estimate) } ?? .missing, effect.hedgesG?.intervalCell ?? .missing,
                effect.smcrDifference.map { $0.cell("estimate", $0.estimate) } ?? .missing,
                effect.dppc2.map { $0.cell("estimate", $0.estimate) } ?? .missing, effect.dppc2?.intervalCell ?? .missing,
                .text(effect.conversions.isEmpty ? "no" : effect.conversions.joined(separator: "; ")),
            ])
        }
        effectsTable.notes.append("MD with v = s₁²/n₁ + s₂²/n₂ and a normal interval; Hedges' g with the exact small-sample correction and v = 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)), as metafor's escalc.")
        effectsTable.notes.append("With pre and post means, the pre SD and r in both arms: the difference of standardized mean changes (metafor's SMCR per arm) and Morris's (2008) d_ppc2 with the variance of his eq. 25.")
        effectsTable.notes.append("Without a role column the first arm listed in a study and visit is the treatment.")
        effectsTable.notes += notes
        if effects.isEmpty { effectsTable.notes.append("No study gives two arms at one outcome and visit, so there is no effect to show.") }
        return [armsTable, effectsTable]
    }
}
