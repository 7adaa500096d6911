import TrialData
/// Which way is better on an instrument's scale.
public enum Direction: String, Codable, Sendable {
    /// Pain, disability, symptom scores: a fall is an improvement.
    case higherIsWorse = "higher is worse"
    /// KOOS: a rise is an improvement.
    case higherIsBetter = "higher is better"

    /// The change from baseline, signed so that improvement is positive.
    public func improvement(baseline: Double, followUp: Double) -> Double {
        self == .higherIsWorse ? baseline - followUp : followUp - baseline
    }

    /// Improvement as a percentage of the baseline; missing (NaN), never 0 or ±∞, when the
    /// baseline is 0 or either value is missing.
    public func percentImprovement(baseline: Double, followUp: Double) -> Double {
        let change = percentChange(from: baseline, to: followUp, relativeToMagnitude: true)
        return self == .higherIsWorse && change != 0 ? -change : change
    }
}
