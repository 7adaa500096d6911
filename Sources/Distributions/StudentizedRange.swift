import _CRmath

/// The studentized range distribution, for Tukey's honest significant differences.
/// It has no density in Rmath, so it is only a `CumulativeDistribution`.
public struct StudentizedRange: CumulativeDistribution, Equatable {
    /// The number of means compared (R's `nmeans`).
    public let groups: Int
    public let degreesOfFreedom: Double
    /// The number of independent ranges (R's `nranges`); 1 for Tukey's test.
    public let ranges: Int

    public init(groups: Int, degreesOfFreedom: Double, ranges: Int = 1) throws(DistributionError) {
        try ParameterCheck.atLeast(groups, 2, "groups", in: "StudentizedRange")
        try ParameterCheck.atLeast(ranges, 1, "ranges", in: "StudentizedRange")
        guard degreesOfFreedom >= 2 else {
            throw .invalidParameter(distribution: "StudentizedRange", name: "degreesOfFreedom",
                                    value: degreesOfFreedom, expected: "a number ≥ 2")
        }
        self.groups = groups
        self.degreesOfFreedom = degreesOfFreedom
        self.ranges = ranges
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        ptukey(x, Double(ranges), Double(groups), degreesOfFreedom, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qtukey(probability, Double(ranges), Double(groups), degreesOfFreedom, flag(!upperTail), flag(logScale))
    }
}
