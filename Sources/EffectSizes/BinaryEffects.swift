#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import StatsCore

/// Responder proportions compared between two arms: events (responders) out of n in each.
public struct BinaryComparison: Codable, Sendable, Equatable {
    public struct Measure: Codable, Sendable, Equatable {
        public var estimate: Double
        public var confidenceInterval: ConfidenceInterval
        public var method: String
    }

    public let treatmentEvents: Int
    public let treatmentCount: Int
    public let controlEvents: Int
    public let controlCount: Int
    /// Risk difference (treatment − control), Wald and Newcombe hybrid score (Wilson) intervals.
    public let riskDifferenceWald: Measure
    public let riskDifferenceNewcombe: Measure
    /// Risk ratio with the Wald interval on the log scale.
    public let riskRatio: Measure?
    /// Risk ratio with the MOVER-R interval from each arm's Wilson interval (Zou & Donner 2008),
    /// which behaves well with small counts; nil when the control has no responders.
    public let riskRatioWilson: Measure?
    /// Odds ratio with the Wald interval on the log scale (no zero cells needed).
    public let oddsRatioWald: Measure?
    /// The number needed to treat, from the Newcombe interval of the risk difference, in words
    /// when the interval crosses no effect (Altman 1998: "NNT benefit x to ∞ to NNT harm y").
    public let numberNeededToTreat: NumberNeededToTreat

    public init(treatmentEvents: Int, treatmentCount: Int, controlEvents: Int, controlCount: Int,
                confidenceLevel: Double = 0.95) throws(EffectSizeError) {
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .invalidConfidenceLevel(confidenceLevel) }
        guard treatmentCount > 0 else { throw .tooFewObservations(group: "the treatment group", count: 0, needed: 1) }
        guard controlCount > 0 else { throw .tooFewObservations(group: "the control group", count: 0, needed: 1) }
        guard (0...treatmentCount).contains(treatmentEvents), (0...controlCount).contains(controlEvents) else {
            throw .tooFewObservations(group: "responders outside 0…n", count: max(treatmentEvents, controlEvents), needed: 0)
        }
        self.treatmentEvents = treatmentEvents
        self.treatmentCount = treatmentCount
        self.controlEvents = controlEvents
        self.controlCount = controlCount
        let z = try! Normal.standard.upperQuantile((1 - confidenceLevel) / 2)
        let a = Double(treatmentEvents), n1 = Double(treatmentCount), c = Double(controlEvents), n2 = Double(controlCount)
        let p1 = a / n1, p2 = c / n2
        let difference = p1 - p2
        let waldHalf = z * (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        riskDifferenceWald = Measure(estimate: difference, confidenceInterval: ConfidenceInterval(lower: difference - waldHalf, upper: difference + waldHalf, level: confidenceLevel),
                                     method: "Wald")
        let (l1, u1) = Self.wilson(a, n1, z), (l2, u2) = Self.wilson(c, n2, z)
        let newcombe = ConfidenceInterval(
            lower: difference - ((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)).squareRoot(),
            upper: difference + ((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)).squareRoot(), level: confidenceLevel)
        riskDifferenceNewcombe = Measure(estimate: difference, confidenceInterval: newcombe,
                                         method: "Newcombe hybrid score (Wilson intervals of each proportion)")
        if c > 0 {
            // MOVER-R: L = (p1p2 − √((p1p2)² − l1u2(2p1 − l1)(2p2 − u2))) / (u2(2p2 − u2)), and U alike.
            let product = p1 * p2
            let lower = (product - max(0, product * product - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2)).squareRoot()) / (u2 * (2 * p2 - u2))
            let upper = (product + max(0, product * product - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2)).squareRoot()) / (l2 * (2 * p2 - l2))
            riskRatioWilson = Measure(estimate: p1 / p2, confidenceInterval: ConfidenceInterval(lower: lower, upper: upper, level: confidenceLevel),
                                      method: "MOVER-R from Wilson intervals (Zou & Donner 2008)")
        } else {
            riskRatioWilson = nil
        }
        if a > 0 && c > 0 {
            let logRatio = log(p1 / p2)
            let se = (1 / a - 1 / n1 + 1 / c - 1 / n2).squareRoot()
            riskRatio = Measure(estimate: p1 / p2, confidenceInterval: ConfidenceInterval(lower: exp(logRatio - z * se), upper: exp(logRatio + z * se), level: confidenceLevel),
                                method: "Wald on the log scale")
        } else {
            riskRatio = nil
        }
        let b = n1 - a, d = n2 - c
        if a > 0 && b > 0 && c > 0 && d > 0 {
            let logOdds = log(a * d / (b * c))
            let se = (1 / a + 1 / b + 1 / c + 1 / d).squareRoot()
            oddsRatioWald = Measure(estimate: exp(logOdds), confidenceInterval: ConfidenceInterval(lower: exp(logOdds - z * se), upper: exp(logOdds + z * se), level: confidenceLevel),
                                    method: "Wald on the log scale")
        } else {
            oddsRatioWald = nil
        }
        numberNeededToTreat = NumberNeededToTreat(difference: difference, interval: newcombe)
    }

    /// Wilson's score interval for `events` of `count` (R's prop.test(x, n, correct = FALSE)).
    public static func wilsonInterval(events: Int, count: Int, level: Double = 0.95) throws(EffectSizeError) -> ConfidenceInterval {
        guard level > 0, level < 1 else { throw .invalidConfidenceLevel(level) }
        guard count > 0 else { throw .tooFewObservations(group: "the group", count: 0, needed: 1) }
        let (lower, upper) = wilson(Double(events), Double(count), try! Normal.standard.upperQuantile((1 - level) / 2))
        return ConfidenceInterval(lower: lower, upper: upper, level: level)
    }

    static func wilson(_ events: Double, _ n: Double, _ z: Double) -> (Double, Double) {
        let p = events / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}

/// The number needed to treat, 1 / risk difference, and its interval (Altman, BMJ 1998).
public struct NumberNeededToTreat: Codable, Sendable, Equatable {
    /// Positive: patients to treat for one more responder (benefit); negative: for one fewer (harm).
    public let estimate: Double
    /// True when the interval of the risk difference includes 0: the NNT interval then runs
    /// from NNT (benefit) through infinity to NNT (harm).
    public let crossesNoEffect: Bool
    public let lower: Double
    public let upper: Double

    init(difference: Double, interval: ConfidenceInterval) {
        estimate = 1 / difference
        crossesNoEffect = interval.lower < 0 && interval.upper > 0
        lower = 1 / interval.upper
        upper = 1 / interval.lower
    }

    /// "NNT 4.2 (95% CI 2.6 to 11.0)", or with a crossing interval
    /// "NNT (benefit) 4.2; 95% CI NNT (benefit) 2.6 to ∞ to NNT (harm) 25.0".
    public func text(level: Double) -> String {
        let percent = "\(Int((level * 100).rounded()))%"
        func number(_ value: Double) -> String {
            guard abs(value).isFinite, abs(value) < 1e15 else { return "∞" }
            let tenths = Int64((abs(value) * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
        let kind = estimate > 0 ? "benefit" : "harm"
        if crossesNoEffect {
            return "NNT (\(kind)) \(number(estimate)); \(percent) CI NNT (benefit) \(number(lower)) to ∞ to NNT (harm) \(number(upper))"
        }
        return "NNT (\(kind)) \(number(estimate)) (\(percent) CI \(number(min(abs(lower), abs(upper)))) to \(number(max(abs(lower), abs(upper)))))"
    }
}
