import Foundation

/// Mantel-Haenszel fixed-effect pooling of 2×2 tables, without continuity correction (zero cells
/// are allowed). Variances: Robins-Breslow-Greenland (1986) for the log OR, Greenland-Robins (1985)
/// for the log RR, Sato-Greenland-Robins (1989) for the RD. Q uses each study's own estimate and
/// variance (½ added to tables with a zero cell) around the MH estimate, as metafor's rma.mh does;
/// tables with no events or only events in both arms enter the estimate but not Q or its df
/// (rma.mh's drop00 = TRUE).
public enum MantelHaenszel {
    public static func pool(_ tables: [TwoByTwoTable], studies: [String], measure: EffectMeasure, level: Double = 0.95) throws(MetaAnalysisError) -> BinaryPooledSummary {
        guard tables.count >= 1 else { throw .tooFewStudies(count: 0, needed: 1, method: "Mantel-Haenszel") }
        let estimate: Double, variance: Double
        switch measure {
        case .oddsRatio:
            var sumR = 0.0, sumS = 0.0, sumPR = 0.0, sumPSQR = 0.0, sumQS = 0.0
            for t in tables {
                let n = t.total
                let p = (t.treatmentEvents + t.controlNonEvents) / n, q = (t.treatmentNonEvents + t.controlEvents) / n
                let r = t.treatmentEvents * t.controlNonEvents / n, s = t.treatmentNonEvents * t.controlEvents / n
                sumR += r; sumS += s; sumPR += p * r; sumPSQR += p * s + q * r; sumQS += q * s
            }
            estimate = log(sumR / sumS)
            variance = sumPR / (2 * sumR * sumR) + sumPSQR / (2 * sumR * sumS) + sumQS / (2 * sumS * sumS)
        case .riskRatio:
            var sumR = 0.0, sumS = 0.0, sumP = 0.0
            for t in tables {
                let n = t.total, n1 = t.treatmentCount, n2 = t.controlCount
                let a = t.treatmentEvents, c = t.controlEvents
                sumR += a * n2 / n; sumS += c * n1 / n
                sumP += (n1 * n2 * (a + c) - a * c * n) / (n * n)
            }
            estimate = log(sumR / sumS)
            variance = sumP / (sumR * sumS)
        case .riskDifference:
            var numerator = 0.0, sumWeights = 0.0, sumP = 0.0, sumQ = 0.0
            for t in tables {
                let n = t.total, n1 = t.treatmentCount, n2 = t.controlCount
                let a = t.treatmentEvents, c = t.controlEvents
                numerator += (a * n2 - c * n1) / n
                sumWeights += n1 * n2 / n
                sumP += (n1 * n1 * c - n2 * n2 * a + n1 * n2 * (n2 - n1) / 2) / (n * n)
                sumQ += (a * (n2 - c) + c * (n1 - a)) / (2 * n)
            }
            estimate = numerator / sumWeights
            variance = (estimate * sumP + sumQ) / (sumWeights * sumWeights)
        default:
            throw .notComputable("Mantel-Haenszel pools RR, OR or RD, not \(measure.rawValue)")
        }
        let informative = zip(tables, studies).filter { !$0.0.isDoubleZero }
        let effects = try informative.map { (table, study) throws(MetaAnalysisError) in try table.effect(measure, study: study) }
        let q = effects.count > 1 ? max(0, effects.reduce(0) { $0 + ($1.estimate - estimate) * ($1.estimate - estimate) / $1.variance }) : 0
        return try BinaryPooledSummary(method: "Mantel-Haenszel", measure: measure, estimate: estimate, standardError: variance.squareRoot(),
                                       q: q, qDegreesOfFreedom: max(0, effects.count - 1), heterogeneityTestable: effects.count > 1, level: level)
    }
}
