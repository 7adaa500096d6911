import Distributions

/// A test of one linear combination l'β = 0 with approximate denominator df: one row of
/// lmerTest's `summary` or `contest1D`.
public struct ContrastTest: Sendable, Equatable, Codable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var tStatistic: Double
    public var pValue: Double

    init(estimate: Double, standardError: Double, degreesOfFreedom: Double) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        tStatistic = estimate / standardError
        if let distribution = try? StudentT(degreesOfFreedom: degreesOfFreedom), tStatistic.isFinite {
            pValue = 2 * distribution.ccdf(abs(tStatistic))
        } else {
            pValue = .nan
        }
    }

    /// estimate ± t(df, 1 − α/2)·SE.
    public func confidenceInterval(level: Double) -> (lower: Double, upper: Double) {
        guard let distribution = try? StudentT(degreesOfFreedom: degreesOfFreedom),
              let critical = try? distribution.upperQuantile((1 - level) / 2) else { return (.nan, .nan) }
        return (estimate - critical * standardError, estimate + critical * standardError)
    }
}
