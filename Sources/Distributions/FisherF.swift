import _CRmath

/// Fisher's F distribution (central), for F tests of model terms.
public struct FisherF: UnivariateDistribution, Equatable {
    public let numeratorDegreesOfFreedom: Double
    /// May be infinite (then F·numerator df is chi-square) or non-integer (Kenward-Roger).
    public let denominatorDegreesOfFreedom: Double

    public init(numeratorDegreesOfFreedom: Double, denominatorDegreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(numeratorDegreesOfFreedom, "numeratorDegreesOfFreedom", in: "FisherF")
        try ParameterCheck.positive(denominatorDegreesOfFreedom, "denominatorDegreesOfFreedom", in: "FisherF",
                                    allowInfinity: true)
        self.numeratorDegreesOfFreedom = numeratorDegreesOfFreedom
        self.denominatorDegreesOfFreedom = denominatorDegreesOfFreedom
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        _CRmath.df(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pf(x, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qf(probability, numeratorDegreesOfFreedom, denominatorDegreesOfFreedom, flag(!upperTail), flag(logScale))
    }
}
