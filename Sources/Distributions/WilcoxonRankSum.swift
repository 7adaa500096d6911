import _CRmath

/// The exact null distribution of the Wilcoxon rank-sum (Mann-Whitney) statistic
/// W = (sum of the first sample's ranks) − m(m+1)/2, without ties; support 0…m·n.
///
/// Its counting table takes memory of order m·n·(m·n)/2 doubles; R's `wilcox.test` uses it
/// only below 50 per group, and so should callers.
public struct WilcoxonRankSum: UnivariateDistribution, Equatable {
    public let firstSampleSize: Int
    public let secondSampleSize: Int

    public init(firstSampleSize: Int, secondSampleSize: Int) throws(DistributionError) {
        try ParameterCheck.atLeast(firstSampleSize, 1, "firstSampleSize", in: "WilcoxonRankSum")
        try ParameterCheck.atLeast(secondSampleSize, 1, "secondSampleSize", in: "WilcoxonRankSum")
        self.firstSampleSize = firstSampleSize
        self.secondSampleSize = secondSampleSize
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        guard isWholeNumber(x) else { return x.isNaN ? .nan : zeroMass(logScale: logScale) }
        let (m, n) = (Double(firstSampleSize), Double(secondSampleSize))
        return rankStatisticLock.withLock { _ in dwilcox(x, m, n, flag(logScale)) }
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        let (m, n) = (Double(firstSampleSize), Double(secondSampleSize))
        return rankStatisticLock.withLock { _ in pwilcox(x, m, n, flag(!upperTail), flag(logScale)) }
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        let (m, n) = (Double(firstSampleSize), Double(secondSampleSize))
        return rankStatisticLock.withLock { _ in qwilcox(probability, m, n, flag(!upperTail), flag(logScale)) }
    }
}
