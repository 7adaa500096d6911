import ArgumentParser
import EffectSizes
import HypothesisTests
import Instruments
import StatsCore
import TrialData

/// `trialstats responders`: responders by arm at one visit and their comparison: risk
/// difference (Newcombe and Wald), risk ratio, odds ratio (Wald, and Fisher's conditional MLE
/// with its exact interval and p-value), and the number needed to treat.
struct Responders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Responders by arm at one visit (percent or points of improvement from baseline) and RD, RR, OR and NNT.")

    @OptionGroup var data: DataOptions

    @Option(help: "VISIT=VALUE, e.g. visit=12.")
    var at: String

    @Option(help: "Responder: at least this percent improvement from baseline (IMMPACT: 30 or 50).")
    var percent: Double?

    @Option(help: "Responder: at least this many points of improvement (a within-person MCID).")
    var points: Double?

    @Option(help: "The treatment arm (with --control; without both, each arm's responders are given, as for a single-arm series).")
    var treatment: String?

    @Option(help: "The control arm.")
    var control: String?

    @Flag(help: "Higher scores are better (KOOS); by default a fall is an improvement (pain, disability).")
    var higherIsBetter = false

    @Flag(help: "Responders need more than the threshold (>), not at least it (≥).")
    var strict = false

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard (percent == nil) != (points == nil) else { throw ValidationError("give one responder threshold: --percent or --points") }
        if let percent, !(percent > 0 && percent <= 100) { throw ValidationError("--percent \(percent): expected a percentage between 0 and 100") }
        if let points, !(points > 0) { throw ValidationError("--points \(points): expected a positive number") }
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard (treatment == nil) == (control == nil) else { throw ValidationError("give both --treatment and --control to compare two arms, or neither for each arm's responders") }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        let compared = [treatment, control].compactMap { $0 }
        let selection = try ArmComparisonSelection(dataset, data: data, at: at, arms: compared, command: "responders")
        let arms = compared.isEmpty ? dataset.arms.levels : compared
        let outcome = selection.outcome, visit = selection.visitIndex
        func fail(_ message: String) -> Never { ArmComparisonSelection.fail("responders", message) }
        let direction: Direction = higherIsBetter ? .higherIsBetter : .higherIsWorse
        let rule = ResponderRule(name: "responder", threshold: percent ?? points!, unit: percent != nil ? .percent : .points,
                                 strict: strict, source: percent != nil ? "--percent" : "--points")
        let values = dataset.outcomes[outcome]!, baselines = dataset.baselines[outcome]!
        var counts: [String: (responders: Int, classified: Int, missing: Int)] = [:]
        for row in 0..<dataset.rowCount where dataset.visitCodes[row] == Int32(visit) {
            guard let arm = dataset.arms.value(at: row), arms.contains(arm) else { continue }
            let classified = rule.classify(improvement: direction.improvement(baseline: baselines[row], followUp: values[row]),
                                           percentImprovement: direction.percentImprovement(baseline: baselines[row], followUp: values[row]))
            var count = counts[arm] ?? (0, 0, 0)
            if let classified {
                count.classified += 1
                if classified { count.responders += 1 }
            }
            counts[arm] = count
        }
        // Not classifiable: the arm's other subjects, whether their row is blank or absent.
        let subjectsByArm = dataset.subjectCountsByArm()
        for arm in arms {
            var count = counts[arm] ?? (0, 0, 0)
            count.missing = subjectsByArm[dataset.arms.levels.firstIndex(of: arm)!] - count.classified
            counts[arm] = count
        }
        for arm in compared where counts[arm]!.classified == 0 {
            fail("arm \(arm) has no subject with \(outcome) at visit \(dataset.visits.labels[visit]) and at baseline, so no responders can be counted")
        }
        let definition = "\(rule.description.replacingOccurrences(of: " (--percent)", with: "").replacingOccurrences(of: " (--points)", with: "")) in \(outcome) from visit \(dataset.visits.baselineLabel) to \(dataset.visits.labels[visit])"
        let percentLabel = "\(Int((level * 100).rounded()))% CI"
        var byArm = ResultTable(title: "Responders: \(definition)", columns: [
            .init("arm", style: .text), .init("responders", style: .count), .init("classified", style: .count),
            .init("not classifiable", style: .count), .init("proportion"), .init("\(percentLabel) (Wilson)"),
        ])
        for arm in arms {
            let count = counts[arm]!
            guard count.classified > 0 else {
                byArm.rows.append([.text(arm), .number(0), .number(0), .number(Double(count.missing)), .missing, .missing])
                continue
            }
            let interval = try BinaryComparison.wilsonInterval(events: count.responders, count: count.classified, level: level)
            byArm.rows.append([.text(arm), .number(Double(count.responders)), .number(Double(count.classified)), .number(Double(count.missing)),
                               .number(Double(count.responders) / Double(count.classified)), .interval(interval.lower, interval.upper)])
        }
        byArm.notes.append("Not classifiable: no value (no row, or a blank one) at the visit or at baseline, or a baseline of 0 for a percent threshold.")
        guard let treatment, let control else {
            byArm.notes += LedgerText.lines(dataset.ledger)
            try output.write([byArm])
            return
        }
        let t = counts[treatment]!, c = counts[control]!
        let comparison: BinaryComparison
        let fisher: FisherExactTest
        do {
            comparison = try BinaryComparison(treatmentEvents: t.responders, treatmentCount: t.classified,
                                              controlEvents: c.responders, controlCount: c.classified, confidenceLevel: level)
            fisher = try FisherExactTest([[t.responders, t.classified - t.responders], [c.responders, c.classified - c.responders]],
                                         confidenceLevel: level)
        } catch {
            fail("\(error)")
        }
        var table = ResultTable(title: "Comparison of responders: \(treatment) vs \(control)", columns: [
            .init("measure", style: .text), .init("estimate"), .init(percentLabel), .init("p", style: .pValue), .init("method", style: .text),
        ])
        func add(_ name: String, _ measure: BinaryComparison.Measure?, p: Double? = nil) {
            guard let measure else {
                table.notes.append("\(name): not estimable with a zero count")
                return
            }
            table.rows.append([.text(name), .number(measure.estimate), .interval(measure.confidenceInterval.lower, measure.confidenceInterval.upper),
                               p.map { .number($0) } ?? .missing, .text(measure.method)])
        }
        add("risk difference", comparison.riskDifferenceNewcombe)
        add("risk difference", comparison.riskDifferenceWald)
        add("risk ratio", comparison.riskRatioWilson)
        add("risk ratio", comparison.riskRatio)
        add("odds ratio", comparison.oddsRatioWald)
        table.rows.append([.text("odds ratio"), .number(fisher.oddsRatio),
                           .interval(fisher.confidenceInterval.lower, fisher.confidenceInterval.upper), .number(fisher.pValue),
                           .text("conditional MLE, exact interval and Fisher's exact p")])
        table.notes.append(comparison.numberNeededToTreat.text(level: level) + " (from the Newcombe interval of the risk difference)")
        table.notes.append("Risk difference and ratio are \(treatment) against \(control).")
        table.notes += LedgerText.lines(dataset.ledger)
        try output.write([byArm, table])
    }
}
