extension Reproduction {
    /// The published CI of a mean difference against the one the arms' n, means and SDs give
    /// (Student's or Welch's, either sign), allowing the rounding of the printed bounds, means and
    /// SDs. Nil when they agree or when there is no CI of a mean difference to check; otherwise
    /// what differs. (A CI of −5.0 to 3.2 beside a recomputed −1.77 to −0.03 used to pass, since
    /// only the estimate and p were compared.)
    static func intervalDisagreement(_ row: SummaryRow, treatment: (arm: ConvertedArm, row: SummaryRow),
                                     control: (arm: ConvertedArm, row: SummaryRow)) throws(MetaAnalysisError) -> String? {
        guard let lower = row.number("ci_lower"), let upper = row.number("ci_upper"),
              ["", "MD"].contains((row.text("estimate_type") ?? "").uppercased()) else { return nil }
        let level = (row.number("ci_level") ?? 95) / 100
        let t = treatment.arm.summary, c = control.arm.summary
        let difference = t.mean - c.mean
        let sdHalf = (printed(treatment.arm, treatment.row).sdHalfUnit, printed(control.arm, control.row).sdHalfUnit)
        /// Half-widths of Student's and Welch's interval at the given SDs.
        func halfWidths(_ sd1: Double, _ sd2: Double) throws(MetaAnalysisError) -> (student: Double, welch: Double) {
            let n1 = t.count, n2 = c.count
            let pooled = ((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / (n1 + n2 - 2)
            let student = try Quantiles.t(level, df: n1 + n2 - 2) * (pooled * (1 / n1 + 1 / n2)).squareRoot()
            let a = sd1 * sd1 / n1, b = sd2 * sd2 / n2
            let welchDF = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1))
            let welch = try Quantiles.t(level, df: welchDF) * (a + b).squareRoot()
            return (student, welch)
        }
        let at = try halfWidths(t.standardDeviation, c.standardDeviation)
        var spread = (student: 0.0, welch: 0.0)
        for (d1, d2) in [(1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0)] {
            let shifted = try halfWidths(max(t.standardDeviation + d1 * sdHalf.0, 0), max(c.standardDeviation + d2 * sdHalf.1, 0))
            spread = (max(spread.student, abs(shifted.student - at.student)), max(spread.welch, abs(shifted.welch - at.welch)))
        }
        let meanRounding = printed(treatment.arm, treatment.row).meanHalfUnit + printed(control.arm, control.row).meanHalfUnit
        let bounds = (RoundedInputs.halfUnit(row, "ci_lower"), RoundedInputs.halfUnit(row, "ci_upper"))
        func matches(_ halfWidth: Double, _ allowance: Double) -> Bool {
            for sign in [1.0, -1.0] {
                let low = sign * difference - halfWidth, high = sign * difference + halfWidth
                if abs(lower - low) <= bounds.0 + meanRounding + allowance + 1e-9, abs(upper - high) <= bounds.1 + meanRounding + allowance + 1e-9 {
                    return true
                }
            }
            return false
        }
        if matches(at.student, spread.student) || matches(at.welch, spread.welch) { return nil }
        let percent = SummaryFile.text(level * 100)
        return "published \(percent)% CI \(row.text("ci_lower")!) to \(row.text("ci_upper")!) differs from the recomputed one by more than the "
            + "rounding of the printed numbers: Student \(format(difference - at.student)) to \(format(difference + at.student)), "
            + "Welch \(format(difference - at.welch)) to \(format(difference + at.welch))"
    }
}
