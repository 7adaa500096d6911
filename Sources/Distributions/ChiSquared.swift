import _CRmath

/// The chi-square distribution (central).
public struct ChiSquared: UnivariateDistribution, Equatable {
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degreesOfFreedom", in: "ChiSquared")
        self.degreesOfFreedom = degreesOfFreedom
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        dchisq(x, degreesOfFreedom, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pchisq(x, degreesOfFreedom, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qchisq(probability, degreesOfFreedom, flag(!upperTail), flag(logScale))
    }
}
