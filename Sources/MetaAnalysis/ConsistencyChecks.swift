/// The consistency checks of a summary file: GRIM on arms with a whole-number item count
/// (`items`), SD plausibility on arms with scale bounds (`scale_min`, `scale_max`), CI centring
/// on published estimates with CIs, and p-value recomputation on published comparisons (from the
/// arms' means, SDs and n, from a test statistic with its df, or from the CI).
public enum ConsistencyChecks {
    public static func run(_ file: SummaryFile) throws(MetaAnalysisError) -> [ConsistencyFinding] {
        var findings: [ConsistencyFinding] = []
        for row in file.rows where row.kind == .arm {
            let item = [row.outcome, row.visit, row.arm].filter { !$0.isEmpty }.joined(separator: ", ")
            if let items = row.number("items"), let meanText = row.text("mean") {
                if let n = row.number("n") {
                    // Validation keeps n and items whole and small; Int(exactly:) cannot trap regardless (0: not testable).
                    let result = GRIMTest.check(mean: meanText, count: Int(exactly: n) ?? 0, items: Int(exactly: items) ?? 0)
                    findings.append(ConsistencyFinding(study: row.study, line: row.line, item: item, check: "GRIM",
                                                       verdict: result.verdict, explanation: "mean \(meanText), n = \(row.text("n")!): " + result.explanation))
                } else {
                    findings.append(ConsistencyFinding(study: row.study, line: row.line, item: item, check: "GRIM", verdict: .notTestable,
                                                       explanation: "mean \(meanText): n is not reported"))
                }
            }
            if let low = row.number("scale_min"), let high = row.number("scale_max"), let mean = row.number("mean"), let sd = row.number("sd") {
                let (verdict, why) = StandardDeviationBound.check(mean: mean, sd: sd, minimum: low, maximum: high, count: row.number("n"))
                findings.append(ConsistencyFinding(study: row.study, line: row.line, item: item, check: "SD plausibility", verdict: verdict, explanation: why))
            }
        }
        for row in file.rows where row.kind == .comparison {
            let item = [row.outcome, row.visit, [row.arm, row.text("comparator") ?? ""].filter { !$0.isEmpty }.joined(separator: " vs ")]
                .filter { !$0.isEmpty }.joined(separator: ", ")
            if let estimate = row.text("estimate"), let lower = row.text("ci_lower"), let upper = row.text("ci_upper") {
                let ratio = ["RR", "OR", "HR"].contains((row.text("estimate_type") ?? "").uppercased())
                let (verdict, why) = IntervalCentring.check(estimate: estimate, lower: lower, upper: upper, ratio: ratio)
                findings.append(ConsistencyFinding(study: row.study, line: row.line, item: item, check: "CI centring", verdict: verdict, explanation: why))
            }
            if let finding = try pValueFinding(row, file: file, item: item) { findings.append(finding) }
        }
        return findings
    }

    /// The published p against the one its numbers give: from t and df when printed, else as `reproduce` recomputes it.
    static func pValueFinding(_ row: SummaryRow, file: SummaryFile, item: String) throws(MetaAnalysisError) -> ConsistencyFinding? {
        guard let text = row.text("p"), let published = PublishedPValue(text) else { return nil }
        if published.isImpossible {
            return ConsistencyFinding(study: row.study, line: row.line, item: item, check: "p-value", verdict: .inconsistent,
                                      explanation: published.impossibility)
        }
        if let statistic = row.number("statistic"), let df = row.number("df") {
            let p = try Quantiles.twoSidedT(statistic, df: df)
            let agrees = published.agrees(with: p)
            return ConsistencyFinding(study: row.study, line: row.line, item: item, check: "p-value", verdict: agrees ? .consistent : .inconsistent,
                                      explanation: "t = \(row.text("statistic")!) with \(row.text("df")!) df gives p = \(format(p)); published \(text)\(agrees ? "" : ", which does not match")")
        }
        let reproduced = try Reproduction.reproduce(row, in: file, level: 0.95)
        let recomputed = [reproduced.pStudent, reproduced.pWelch, reproduced.pFromInterval].compactMap { $0 }
        guard !recomputed.isEmpty else {
            return ConsistencyFinding(study: row.study, line: row.line, item: item, check: "p-value", verdict: .notTestable,
                                      explanation: "published p = \(text), but " + reproduced.explanation.joined(separator: "; "))
        }
        let verdictLine = reproduced.explanation.first { $0.hasPrefix("published p") }
        let agrees = !(verdictLine?.contains("does not reproduce") ?? false)
        let how = verdictLine ?? "published p = \(text); Student t gives p = \(format(reproduced.pStudent!)), Welch \(format(reproduced.pWelch!))"
        let derived = reproduced.explanation.filter { $0.contains("derived") }
        return ConsistencyFinding(study: row.study, line: row.line, item: item, check: "p-value", verdict: agrees ? .consistent : .inconsistent,
                                  explanation: how + (derived.isEmpty ? "" : " (\(derived.joined(separator: "; ")))"))
    }
}
