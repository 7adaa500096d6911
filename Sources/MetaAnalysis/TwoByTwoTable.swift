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
}
