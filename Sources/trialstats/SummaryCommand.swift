import ArgumentParser
import MetaAnalysis
import StatsCore

/// `trialstats summary`: the arms of a summary file as n, mean and SD, with every conversion
/// named, and the between-arm effects per study and visit (MD and Hedges' g).
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Arms as n, mean and SD (converting SE, CI, median/IQR/range, pre-post), and MD and Hedges' g per study and visit.")

    @Argument(help: "The summary file (CSV): study, outcome, visit, arm, n, and mean with sd, se, ci_lower/ci_upper, or median with q1/q3 or min/max.")
    var file: String

    @Option(help: "Only rows of this outcome.")
    var outcome: String?

    @Option(help: "Only rows of this visit.")
    var visit: String?

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try SummaryFileInput.writeTables(file, command: "summary", outcome: outcome, visit: visit, output: output, Self.tables)
    }

    static func tables(_ summaryFile: SummaryFile) throws -> [ResultTable] {
        var arms = ResultTable(title: "Arms: \(summaryFile.source)", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("outcome", style: .text), .init("visit", style: .text), .init("arm", style: .text),
            .init("n", style: .count), .init("mean"), .init("SD"), .init("converted", style: .text),
        ])
        for row in summaryFile.armRowsWithDerivedCounts().rows {
            switch try ConvertedArm.convert(row, file: summaryFile.source) {
            case let .success(arm):
                arms.rows.append([.number(Double(row.line)), .text(row.study), .text(row.outcome), .text(row.visit), .text(row.arm),
                                  .number(arm.summary.count), .number(arm.summary.mean), .number(arm.summary.standardDeviation),
                                  .text(arm.conversions.isEmpty ? "no (as printed)" : "yes: " + arm.conversions.joined(separator: "; "))])
            case let .failure(reason):
                arms.rows.append([.number(Double(row.line)), .text(row.study), .text(row.outcome), .text(row.visit), .text(row.arm),
                                  row.number("n").map(ResultTable.Cell.number) ?? .missing, row.number("mean").map(ResultTable.Cell.number) ?? .missing,
                                  row.number("sd").map(ResultTable.Cell.number) ?? .missing, .text("not usable: \(reason)")])
            }
        }
        if arms.rows.isEmpty {
            arms.notes.append("The file has no arm-level rows (n with a mean, SD, SE, CI, median or events), so there is nothing to summarise "
                              + "and no effect can be computed from arms; trialstats reproduce lists what the file does report.")
        }
        var effects = ResultTable(title: "Effects: treatment − control", columns: [
            .init("contrast", style: .text), .init("MD"), .init("MD 95% CI"), .init("Hedges' g"), .init("g 95% CI"),
            .init("SMCR difference"), .init("d_ppc2"), .init("d_ppc2 95% CI"), .init("converted", style: .text),
        ])
        let (pairs, notes) = try ArmPairing.pairs(summaryFile)
        for pair in pairs {
            let label = "\(pair.label): \(pair.treatment.arm) vs \(pair.control.arm)"
            let md = try MeanEffects.meanDifference(pair.treatment.summary, pair.control.summary, study: label)
            let g = try? MeanEffects.hedgesG(pair.treatment.summary, pair.control.summary, study: label)
            let mdInterval = try md.confidenceInterval(), gInterval = try g?.confidenceInterval()
            // Pre-post-control effects where both arms give pre and post means, the pre SD and r.
            var prePost: [ResultTable.Cell] = [.missing, .missing, .missing]
            if let treatment = pair.treatment.prePost, let control = pair.control.prePost {
                let smcr = try? MeanEffects.standardizedMeanChangeDifference(treatment, control, study: label)
                let dppc2 = try? MeanEffects.dppc2(treatment, control, study: label)
                let interval = try dppc2?.confidenceInterval()
                prePost = [smcr.map { .number($0.estimate) } ?? .missing, dppc2.map { .number($0.estimate) } ?? .missing,
                           interval.map { .interval($0.lower, $0.upper) } ?? .missing]
            }
            effects.rows.append([.text(label), .number(md.estimate), .interval(mdInterval.lower, mdInterval.upper),
                                 g.map { .number($0.estimate) } ?? .missing, gInterval.map { .interval($0.lower, $0.upper) } ?? .missing]
                                + prePost + [.text(pair.conversions.isEmpty ? "no" : pair.conversions.joined(separator: "; "))])
        }
        effects.notes.append("MD with v = s₁²/n₁ + s₂²/n₂ and a normal interval; Hedges' g with the exact small-sample correction and v = 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)), as metafor's escalc.")
        effects.notes.append("With pre and post means, the pre SD and r in both arms: the difference of standardized mean changes (metafor's SMCR per arm) and Morris's (2008) d_ppc2 with the variance of his eq. 25.")
        effects.notes.append("Without a role column the first arm listed in a study and visit is the treatment.")
        effects.notes += notes
        if pairs.isEmpty { effects.notes.append("No study gives two arms at one outcome and visit, so there is no effect to show.") }
        return [arms, effects]
    }
}
