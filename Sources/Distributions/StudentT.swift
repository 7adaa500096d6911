import _CRmath

/// Student's t distribution (central). For a noncentral t, see `NoncentralT`.
public struct StudentT: UnivariateDistribution, Equatable {
    /// Degrees of freedom; non-integer values (Satterthwaite, Kenward-Roger) are allowed,
    /// and infinity gives the standard normal.
    public let degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) throws(DistributionError) {
        try ParameterCheck.positive(degreesOfFreedom, "degreesOfFreedom", in: "StudentT", allowInfinity: true)
        self.degreesOfFreedom = degreesOfFreedom
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        dt(x, degreesOfFreedom, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pt(x, degreesOfFreedom, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qt(probability, degreesOfFreedom, flag(!upperTail), flag(logScale))
    }

    /// The two-sided p-value of a t statistic, 2·P(T > |t|), computed from the upper tail
    /// so that it stays accurate when tiny.
    public func twoSidedPValue(_ statistic: Double) -> Double {
        guard !statistic.isNaN else { return .nan }
        return min(1, 2 * ccdf(abs(statistic)))
    }
}
