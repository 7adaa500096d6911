import Foundation

/// One study's 2×2 counts: events and non-events in the treatment arm (a, b) and the control
/// arm (c, d), as metafor's ai, bi, ci, di.
public struct TwoByTwoTable: Codable, Sendable, Equatable {
    public var treatmentEvents: Double
    public var treatmentNonEvents: Double
    public var controlEvents: Double
    public var controlNonEvents: Double

    public init(treatmentEvents: Double, treatmentNonEvents: Double, controlEvents: Double, controlNonEvents: Double) {
        self.treatmentEvents = treatmentEvents
        self.treatmentNonEvents = treatmentNonEvents
        self.controlEvents = controlEvents
        self.controlNonEvents = controlNonEvents
    }

    public var treatmentCount: Double { treatmentEvents + treatmentNonEvents }
    public var controlCount: Double { controlEvents + controlNonEvents }
    public var total: Double { treatmentCount + controlCount }
    public var hasZeroCell: Bool { [treatmentEvents, treatmentNonEvents, controlEvents, controlNonEvents].contains(0) }
    /// No events in either arm (a + c = 0) or only events in both (b + d = 0): the table says
    /// nothing about the odds ratio, and metafor (drop00 = TRUE) leaves it out of Q and its df.
    public var isDoubleZero: Bool {
        (treatmentEvents == 0 && controlEvents == 0) || (treatmentNonEvents == 0 && controlNonEvents == 0)
    }

    /// Observed minus expected treatment-arm events, and the hypergeometric variance V, given the
    /// margins (Peto; Yusuf et al. 1985).
    public var observedMinusExpected: (deviation: Double, variance: Double) {
        let n = total, n1 = treatmentCount, n2 = controlCount
        let events = treatmentEvents + controlEvents, nonEvents = treatmentNonEvents + controlNonEvents
        return (treatmentEvents - n1 * events / n, n1 * n2 * events * nonEvents / (n * n * (n - 1)))
    }

    /// The table with `amount` added to every cell; used only for studies with a zero cell, as
    /// escalc does by default (add = 1/2, to = "only0"), so that logs and variances exist.
    public func adding(_ amount: Double) -> TwoByTwoTable {
        TwoByTwoTable(treatmentEvents: treatmentEvents + amount, treatmentNonEvents: treatmentNonEvents + amount,
                      controlEvents: controlEvents + amount, controlNonEvents: controlNonEvents + amount)
    }

    /// The study's log RR, log OR or RD with its large-sample variance; a study with a zero cell
    /// gets ½ added to each of its cells first, and says so.
    public func effect(_ measure: EffectMeasure, study: String, subgroup: String? = nil) throws(MetaAnalysisError) -> StudyEffect {
        let corrected = hasZeroCell
        let t = corrected ? adding(0.5) : self
        let a = t.treatmentEvents, b = t.treatmentNonEvents, c = t.controlEvents, d = t.controlNonEvents
        let n1 = a + b, n2 = c + d
        let estimate: Double, variance: Double
        switch measure {
        case .riskRatio:
            estimate = log(a / n1) - log(c / n2)
            variance = 1 / a - 1 / n1 + 1 / c - 1 / n2
        case .oddsRatio:
            estimate = log(a * d / (b * c))
            variance = 1 / a + 1 / b + 1 / c + 1 / d
        case .riskDifference:
            let p1 = a / n1, p2 = c / n2
            estimate = p1 - p2
            variance = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
        default:
            throw .notComputable("\(measure.rawValue) needs means, not 2×2 counts")
        }
        guard estimate.isFinite else { throw .notComputable("study \(study): \(measure.name) is not finite") }
        guard variance.isFinite, variance > 0 else { throw .invalidVariance(study: study, variance: variance) }
        return StudyEffect(study: study, estimate: estimate, variance: variance, subgroup: subgroup,
                           conversions: corrected ? ["0.5 added to each cell (zero cell)"] : [])
    }

    /// Peto's log odds ratio of the study, (O − E)/V with variance 1/V, as metafor's
    /// escalc(measure = "PETO") with its defaults: a table with a zero cell gets ½ added to each
    /// cell first (as rma.peto does for the study rows; the pooled estimate and Q use the raw counts).
    public func petoEffect(study: String, subgroup: String? = nil) throws(MetaAnalysisError) -> StudyEffect {
        let corrected = hasZeroCell
        let (deviation, v) = (corrected ? adding(0.5) : self).observedMinusExpected
        let estimate = deviation / v
        guard estimate.isFinite else { throw .notComputable("study \(study): Peto's log odds ratio is not finite") }
        guard v.isFinite, v > 0 else { throw .invalidVariance(study: study, variance: 1 / v) }
        return StudyEffect(study: study, estimate: estimate, variance: 1 / v, subgroup: subgroup,
                           conversions: corrected ? ["0.5 added to each cell (zero cell)"] : [])
    }
}
