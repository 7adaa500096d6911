import _CRmath

/// The normal distribution N(mean, standardDeviation²).
public struct Normal: UnivariateDistribution, Equatable {
    public let mean: Double
    public let standardDeviation: Double

    public init(mean: Double = 0, standardDeviation: Double = 1) throws(DistributionError) {
        try ParameterCheck.finite(mean, "mean", in: "Normal")
        try ParameterCheck.positive(standardDeviation, "standardDeviation", in: "Normal")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// N(0, 1).
    public static let standard = Normal(uncheckedMean: 0, standardDeviation: 1)

    private init(uncheckedMean mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        dnorm4(x, mean, standardDeviation, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pnorm5(x, mean, standardDeviation, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qnorm5(probability, mean, standardDeviation, flag(!upperTail), flag(logScale))
    }
}
