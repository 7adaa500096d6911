import Distributions

/// An F test of L·β = 0 with approximate denominator df: one row of lmerTest's `anova`.
public struct FTest: Sendable, Equatable, Codable {
    public var term: String
    public var fStatistic: Double
    public var numeratorDegreesOfFreedom: Double
    public var denominatorDegreesOfFreedom: Double
    public var pValue: Double

    init(term: String, fStatistic: Double, numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) {
        self.term = term
        self.fStatistic = fStatistic
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
        if let distribution = try? FisherF(numeratorDegreesOfFreedom: numeratorDegreesOfFreedom,
                                           denominatorDegreesOfFreedom: denominatorDegreesOfFreedom),
           fStatistic.isFinite {
            pValue = distribution.ccdf(fStatistic)
        } else {
            pValue = .nan
        }
    }

    /// A term with no testable contrast (all its columns aliased): lmerTest's all-NA row.
    static func untestable(term: String) -> FTest {
        FTest(term: term, fStatistic: .nan, numeratorDegreesOfFreedom: .nan, denominatorDegreesOfFreedom: .nan)
    }
}
