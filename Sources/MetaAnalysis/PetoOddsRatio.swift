/// Peto's one-step pooled log odds ratio, Σ(O − E)/ΣV with hypergeometric E and V, which needs no
/// continuity correction; Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV (truncated at 0), over the tables with
/// V > 0. As in metafor's rma.peto (drop00 = TRUE), tables with no events or only events in both
/// arms are left out of Q's df (k.yi − 1), and with fewer than two tables of V > 0, p(Q) is 1.
public enum PetoOddsRatio {
    public static func pool(_ tables: [TwoByTwoTable], level: Double = 0.95) throws(MetaAnalysisError) -> BinaryPooledSummary {
        guard !tables.isEmpty else { throw .tooFewStudies(count: 0, needed: 1, method: "Peto") }
        var sumDeviation = 0.0, sumVariance = 0.0, sumRatio = 0.0, positive = 0
        for t in tables {
            let (deviation, variance) = t.observedMinusExpected
            sumDeviation += deviation
            sumVariance += variance
            if variance > 0 { sumRatio += deviation * deviation / variance; positive += 1 }
        }
        let q = max(0, sumRatio - sumDeviation * sumDeviation / sumVariance)
        let entering = tables.filter { !$0.isDoubleZero }.count
        return try BinaryPooledSummary(method: "Peto", measure: .oddsRatio, estimate: sumDeviation / sumVariance,
                                       standardError: (1 / sumVariance).squareRoot(), q: q, qDegreesOfFreedom: max(0, entering - 1),
                                       heterogeneityTestable: positive > 1, level: level)
    }
}
