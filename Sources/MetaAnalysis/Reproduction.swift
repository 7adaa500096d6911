import Distributions
import Foundation
import HypothesisTests

/// Recomputes every between-arm result a summary file reports (rows with row_type = comparison)
/// from the numbers beside it, and says for each study what cannot be recomputed and why.
///
/// From two arms with n, mean and SD: the difference, its Student t CI, and Student and Welch p.
/// An arm's missing n is derived only when the study gives its total (a design row with n_total)
/// and every other arm's n; the derivation is stated. From an estimate with its CI alone: the SE
/// as (upper − lower)/(2·crit) and the p of the z test, or of t on n_total − 2 df when the total is
/// known (papers rarely say which their CI used). A printed p agrees when it equals a recomputed p
/// within its printed rounding (or lies on the right side of a bound such as < 0.001), or when a p
/// allowed by the rounding of the printed inputs does.
public struct Reproduction: Codable, Sendable, Equatable {
    public var comparisons: [ReproducedComparison]
    /// Per study, what could not be recomputed at all (e.g. only design facts are known).
    public var unrecomputable: [String]

    public init(_ file: SummaryFile, level: Double = 0.95) throws(MetaAnalysisError) {
        var comparisons: [ReproducedComparison] = []
        for row in file.rows where row.kind == .comparison {
            comparisons.append(try Self.reproduce(row, in: file, level: level))
        }
        self.comparisons = comparisons
        var studies: [String] = []
        for row in file.rows where !studies.contains(row.study) { studies.append(row.study) }
        unrecomputable = studies.compactMap { study in
            let rows = file.rows.filter { $0.study == study }
            if rows.contains(where: { $0.kind == .comparison }) { return nil }
            let arms = rows.filter { $0.kind == .arm }
            if arms.isEmpty {
                let facts = rows.compactMap { $0.text("note") }.joined(separator: "; ")
                return "\(study): no arm-level numbers and no between-arm estimate are reported, so nothing can be recomputed. Known: \(facts)"
            }
            return "\(study): arm-level numbers but no published between-arm result to compare with (use `trialstats summary` for the effects)"
        }
    }

    static func reproduce(_ row: SummaryRow, in file: SummaryFile, level: Double) throws(MetaAnalysisError) -> ReproducedComparison {
        let treatmentName = row.arm, controlName = row.text("comparator") ?? ""
        var result = ReproducedComparison(
            study: row.study, outcome: row.outcome, visit: row.visit, treatment: treatmentName, control: controlName, line: row.line,
            publishedEstimate: row.text("estimate"), publishedLower: row.text("ci_lower"), publishedUpper: row.text("ci_upper"),
            publishedP: row.text("p"), publishedTest: row.text("test"), verdict: .notRecomputable, explanation: [])
        let published = row.text("p").flatMap(PublishedPValue.init)
        let arms = file.rows.filter { $0.kind == .arm && $0.study == row.study && $0.outcome == row.outcome && $0.visit == row.visit }
        if let treatmentRow = arms.first(where: { $0.arm == treatmentName }), let controlRow = arms.first(where: { $0.arm == controlName }) {
            let (treatment, control, derived) = try armsWithCounts(treatmentName, controlName, arms: arms, file: file)
            result.explanation += derived
            guard let treatment, let control else {
                result.explanation.append("the arms' n, mean or SD are not all reported or derivable")
                return result
            }
            if let a = treatment.events, let c = control.events, treatmentRow.text("mean") == nil, controlRow.text("mean") == nil {
                return reproduceCounts(row, result: result, events: (a, treatment.summary.count, c, control.summary.count), published: published)
            }
            do {
                let student = try TwoSampleTTest(treatment.groupSummary(), control.groupSummary(), variance: .equal, confidenceLevel: level)
                let welch = try TwoSampleTTest(treatment.groupSummary(), control.groupSummary(), variance: .unequal, confidenceLevel: level)
                result.difference = student.difference
                result.lower = student.confidenceInterval.lower
                result.upper = student.confidenceInterval.upper
                result.pStudent = student.pValue
                result.pWelch = welch.pValue
                result.hedgesG = try MeanEffects.hedgesG(treatment.summary, control.summary, study: row.study).estimate
            } catch {
                result.explanation.append("the t tests cannot be computed: \(error)")
                return result
            }
            result.explanation.append("recomputed from the arms' n, mean and SD (two-sample t tests; difference \(treatmentName) − \(controlName))")
            var disagreements: [String] = []
            if let published, published.isImpossible { disagreements.append(published.impossibility) }
            if let published, !published.isImpossible {
                let range = { (variance: VarianceAssumption) -> (low: Double, high: Double)? in
                    RoundedInputs.pRange(printed(treatment, treatmentRow), printed(control, controlRow), variance: variance)
                }
                let studentRange = range(.equal), welchRange = range(.unequal)
                let studentExact = published.agrees(with: result.pStudent!), welchExact = published.agrees(with: result.pWelch!)
                let studentRounded = studentRange.map { published.agrees(low: $0.low, high: $0.high) } ?? false
                let welchRounded = welchRange.map { published.agrees(low: $0.low, high: $0.high) } ?? false
                if studentExact || welchExact {
                    result.explanation.append("published p = \(published.text) agrees with the \(studentExact ? "Student" : "Welch") t test (\(format(studentExact ? result.pStudent! : result.pWelch!)))")
                } else if studentRounded || welchRounded {
                    let matching = studentRounded ? studentRange! : welchRange!
                    result.explanation.append("published p = \(published.text) agrees within the rounding of the printed means and SDs: the \(studentRounded ? "Student" : "Welch") t test gives \(format(matching.low)) to \(format(matching.high)) (\(format(studentRounded ? result.pStudent! : result.pWelch!)) at the printed values)")
                } else {
                    let ranges = [("Student", studentRange), ("Welch", welchRange)].compactMap { name, range in range.map { "\(name) \(format($0.low)) to \(format($0.high))" } }
                    disagreements.append("published p = \(published.text) does not reproduce: Student t gives \(format(result.pStudent!)), Welch \(format(result.pWelch!)); even within the rounding of the printed means and SDs p stays within \(ranges.joined(separator: ", "))")
                }
            }
            if let estimate = row.number("estimate"), let decimals = row.decimals("estimate") {
                // The printed estimate may differ from the difference of printed means by its own
                // rounding and the rounding of both means.
                let allowed = 0.5 * pow10(-decimals) + printed(treatment, treatmentRow).meanHalfUnit + printed(control, controlRow).meanHalfUnit + 1e-12
                if abs(estimate - result.difference!) <= allowed {
                    result.explanation.append("published estimate \(row.text("estimate")!) agrees with the difference of the printed means")
                } else if abs(estimate + result.difference!) <= allowed {
                    result.explanation.append("published estimate \(row.text("estimate")!) agrees with the difference of the printed means with the sign reversed (\(controlName) − \(treatmentName))")
                } else {
                    disagreements.append("published estimate \(row.text("estimate")!) differs from the recomputed difference \(format(result.difference!)) by more than the rounding of the printed numbers")
                }
            }
            if let estimate = row.text("estimate"), let lower = row.text("ci_lower"), let upper = row.text("ci_upper") {
                let ratio = ["RR", "OR", "HR"].contains((row.text("estimate_type") ?? "").uppercased())
                let (centring, why) = IntervalCentring.check(estimate: estimate, lower: lower, upper: upper, ratio: ratio)
                if centring == .inconsistent { disagreements.append(why) }
            }
            if let disagreement = try intervalDisagreement(row, treatment: (treatment, treatmentRow), control: (control, controlRow)) {
                disagreements.append(disagreement)
            }
            result.explanation += disagreements
            result.verdict = disagreements.isEmpty ? (published == nil && row.number("estimate") == nil ? .nothingToCompare : .reproduces) : .doesNotReproduce
            return result
        }
        if let estimate = row.number("estimate"), let lower = row.number("ci_lower"), let upper = row.number("ci_upper") {
            // The printed interval's own level (ci_level, in percent; 95 when not given).
            let level = (row.number("ci_level") ?? 95) / 100
            let ratio = ["RR", "OR", "HR"].contains((row.text("estimate_type") ?? "").uppercased())
            let printed = IntervalPValue(estimate: estimate, lower: lower, upper: upper, ratio: ratio,
                                         halfUnits: ["estimate", "ci_lower", "ci_upper"].map { RoundedInputs.halfUnit(row, $0) })
            // The CI may be z- or t-based; with the study's total n, t on n − 2 df is tried too.
            let total = file.rows.first { $0.kind == .design && $0.study == row.study && $0.number("n_total") != nil }?.number("n_total")
            var tests: [(name: String, df: Double?)] = [("the z test", nil)]
            if let total, total > 2 { tests.append(("t on \(SummaryFile.text(total - 2)) df (n_total − 2)", total - 2)) }
            result.difference = estimate
            result.lower = lower
            result.upper = upper
            result.pFromInterval = try printed.p(level: level, df: nil)
            result.explanation.append("no arm-level numbers: SE from the CI, (upper − lower)/(2 × critical value)\(ratio ? " on the log scale" : ""), p by \(tests.map(\.name).joined(separator: " or by "))")
            var disagreements: [String] = []
            let (centring, why) = IntervalCentring.check(estimate: row.text("estimate")!, lower: row.text("ci_lower")!, upper: row.text("ci_upper")!, ratio: ratio)
            if centring == .inconsistent { disagreements.append(why) }
            if let published, published.isImpossible { disagreements.append(published.impossibility) }
            if let published, !published.isImpossible {
                var findings: [String] = [], agreement: String?
                for test in tests {
                    let p = try printed.p(level: level, df: test.df), range = try printed.range(level: level, df: test.df)
                    findings.append("\(test.name): p = \(format(p))\(range.map { " (\(format($0.low)) to \(format($0.high)) within the rounding of the printed numbers)" } ?? "")")
                    if agreement == nil, published.agrees(with: p) {
                        agreement = "published p = \(published.text) agrees with the p from the CI by \(test.name) (\(format(p)))"
                    } else if agreement == nil, let range, published.agrees(low: range.low, high: range.high) {
                        agreement = "published p = \(published.text) agrees within the rounding of the printed estimate and CI: \(test.name) gives \(format(range.low)) to \(format(range.high)) (\(format(p)) at the printed values)"
                    }
                }
                if let agreement { result.explanation.append(agreement) }
                else { disagreements.append("published p = \(published.text) does not reproduce from the CI: " + findings.joined(separator: "; ")) }
            }
            result.explanation += disagreements
            result.verdict = disagreements.isEmpty ? .reproduces : .doesNotReproduce
            return result
        }
        result.explanation.append(arms.isEmpty
            ? "no arm-level numbers and no estimate with a CI are reported for this comparison"
            : "the arms \(treatmentName) and \(controlName) are not both among the rows of this study, outcome and visit")
        return result
    }

    /// The two arms with their n (a missing one derived where it can be) as n, mean and SD, with
    /// every derivation and conversion in words.
    static func armsWithCounts(_ treatmentName: String, _ controlName: String, arms: [SummaryRow], file: SummaryFile) throws(MetaAnalysisError) -> (ConvertedArm?, ConvertedArm?, [String]) {
        let (rows, derivationNotes) = ArmCountDerivation.fill(arms, in: file)
        var notes = derivationNotes
        var converted: [ConvertedArm?] = []
        for name in [treatmentName, controlName] {
            let row = rows.first { $0.arm == name }!
            switch try ConvertedArm.convert(row, file: file.source) {
            case let .success(arm):
                converted.append(arm)
                notes += arm.conversions.map { "\(arm.arm): \($0)" }
            case let .failure(reason):
                converted.append(nil)
                notes.append(reason.description)
            }
        }
        return (converted[0], converted[1], notes)
    }
}

/// An arm's numbers with the rounding of how they were printed.
func printed(_ arm: ConvertedArm, _ row: SummaryRow) -> RoundedInputs.Printed {
    RoundedInputs.Printed(count: arm.summary.count, mean: arm.summary.mean, meanHalfUnit: row.text("mean") == nil ? 0 : RoundedInputs.halfUnit(row, "mean"),
                          sd: arm.summary.standardDeviation, sdHalfUnit: row.text("sd") == nil ? 0 : RoundedInputs.halfUnit(row, "sd"))
}

/// Three significant digits, as p-values are compared by eye.
func format(_ value: Double) -> String { String(format: "%.3g", value) }

extension ConvertedArm {
    func groupSummary() throws -> GroupSummary {
        guard let count = Int(exactly: summary.count) else { throw MetaAnalysisError.notComputable("n = \(summary.count) is not a whole number that fits") }
        return try GroupSummary(count: count, mean: summary.mean, standardDeviation: summary.standardDeviation)
    }
}
