/// Peto's one-step pooled log odds ratio, Σ(O − E)/ΣV with hypergeometric E and V, which needs no
/// continuity correction; Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV.
public enum PetoOddsRatio {
    public static func pool(_ tables: [TwoByTwoTable], level: Double = 0.95) throws(MetaAnalysisError) -> BinaryPooledSummary {
        guard !tables.isEmpty else { throw .tooFewStudies(count: 0, needed: 1, method: "Peto") }
        var sumDeviation = 0.0, sumVariance = 0.0, sumRatio = 0.0
        for t in tables {
            let n = t.total, n1 = t.treatmentCount, n2 = t.controlCount
            let events = t.treatmentEvents + t.controlEvents, nonEvents = t.treatmentNonEvents + t.controlNonEvents
            let expected = n1 * events / n
            let variance = n1 * n2 * events * nonEvents / (n * n * (n - 1))
            let deviation = t.treatmentEvents - expected
            sumDeviation += deviation
            sumVariance += variance
            if variance > 0 { sumRatio += deviation * deviation / variance }
        }
        let q = sumRatio - sumDeviation * sumDeviation / sumVariance
        return try BinaryPooledSummary(method: "Peto", measure: .oddsRatio, estimate: sumDeviation / sumVariance,
                                       standardError: (1 / sumVariance).squareRoot(), q: q, k: tables.count, level: level)
    }
}
