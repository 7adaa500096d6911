/// One arm at one visit as n, mean and SD, converted where the paper gave something else, with
/// the conversion named (nil when the mean and SD were printed).
public struct ConvertedArm: Codable, Sendable, Equatable {
    public var study: String
    public var outcome: String
    public var visit: String
    public var arm: String
    public var line: Int
    public var summary: ArmSummary
    public var conversions: [String]
    /// The pre-post summaries, when the row gives them (for SMCR and d_ppc2).
    public var prePost: PrePostSummary?
    /// Events, for binary outcomes; the mean is then the proportion and the SD √(p(1 − p)).
    public var events: Double?

    /// The row's n, mean and SD: as printed, or from the SE, the CI, the median with quartiles
    /// and/or range, or pre and post summaries with their correlation; nil with the reason when
    /// nothing usable is there.
    public static func convert(_ row: SummaryRow, file: String) throws(MetaAnalysisError) -> Result<ConvertedArm, MetaAnalysisError> {
        guard let n = row.number("n") else {
            return .failure(.incompleteRow(file: file, line: row.line, missing: "n is not reported, so no SD or effect can be computed"))
        }
        var conversions = row.text(ArmCountDerivation.cell).map { [$0] } ?? []
        var mean = row.number("mean"), sd = row.number("sd")
        var prePost: PrePostSummary?
        let events = row.number("events")
        if let events, mean == nil, sd == nil {
            let p = events / n
            mean = p
            sd = (p * (1 - p)).squareRoot()
            conversions.append("proportion of events")
        }
        if let preMean = row.number("mean_pre"), let postMean = row.number("mean_post"), let preSD = row.number("sd_pre"), let r = row.number("r") {
            prePost = PrePostSummary(count: n, preMean: preMean, postMean: postMean, preStandardDeviation: preSD, correlation: r)
            if mean == nil { mean = postMean - preMean; conversions.append("mean change = post − pre") }
            if sd == nil, let postSD = row.number("sd_post") {
                sd = SpreadConversion.changeStandardDeviation(pre: preSD, post: postSD, correlation: r)
                conversions.append("SD of change from pre and post SDs with r = \(row.text("r")!)")
            }
        }
        if sd == nil, let se = row.number("se") {
            sd = SpreadConversion.standardDeviation(standardError: se, count: n)
            conversions.append("SD = SE·√n")
        }
        if sd == nil, let lower = row.number("ci_lower"), let upper = row.number("ci_upper") {
            let level = (row.number("ci_level") ?? 95) / 100
            let converted = try SpreadConversion.standardDeviation(lower: lower, upper: upper, count: n, level: level)
            sd = converted.value
            conversions.append(converted.method)
            if mean == nil { mean = (lower + upper) / 2; conversions.append("mean = CI midpoint") }
        }
        if let median = row.number("median"), mean == nil || sd == nil {
            let q1 = row.number("q1"), q3 = row.number("q3"), low = row.number("min"), high = row.number("max")
            let quantiles = q1 != nil && q3 != nil ? (low != nil && high != nil ? "median, IQR and range" : "median and IQR") : "median and range"
            if mean == nil, let estimated = SpreadConversion.mean(median: median, q1: q1, q3: q3, minimum: low, maximum: high, count: n) {
                mean = estimated
                conversions.append("mean from \(quantiles) (Luo 2018)")
            }
            if sd == nil, let estimated = SpreadConversion.standardDeviation(q1: q1, q3: q3, minimum: low, maximum: high, count: n) {
                sd = estimated
                conversions.append("SD from \(quantiles) (Wan 2014)")
            }
        }
        guard let mean else {
            return .failure(.incompleteRow(file: file, line: row.line, missing: "no mean: give mean, a CI, pre and post means, or a median with quartiles or range"))
        }
        guard let sd else {
            return .failure(.incompleteRow(file: file, line: row.line, missing: "no spread: give sd, se, a 95% CI, quartiles or range, or pre and post SDs with r"))
        }
        return .success(ConvertedArm(study: row.study, outcome: row.outcome, visit: row.visit, arm: row.arm, line: row.line,
                                     summary: ArmSummary(count: n, mean: mean, standardDeviation: sd), conversions: conversions, prePost: prePost, events: events))
    }
}
