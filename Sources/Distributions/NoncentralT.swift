import _CRmath

/// The noncentral t distribution, as used for confidence intervals of Cohen's d and for power.
///
/// R's algorithm (AS 243, Lenth 1989) is accurate to about 1e-12 for |noncentrality| ≤ 37.62;
/// beyond that R itself loses precision and prints a warning.
public struct NoncentralT: UnivariateDistribution, Equatable {
    public let degreesOfFreedom: Double
    public let noncentrality: Double

    public init(degreesOfFreedom: Double, noncentrality: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degreesOfFreedom", in: "NoncentralT", allowInfinity: true)
        try ParameterCheck.finite(noncentrality, "noncentrality", in: "NoncentralT")
        self.degreesOfFreedom = degreesOfFreedom
        self.noncentrality = noncentrality
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        dnt(x, degreesOfFreedom, noncentrality, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pnt(x, degreesOfFreedom, noncentrality, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qnt(probability, degreesOfFreedom, noncentrality, flag(!upperTail), flag(logScale))
    }
}
