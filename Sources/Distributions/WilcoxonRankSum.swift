import _CRmath

/// The exact null distribution of the Wilcoxon rank-sum (Mann-Whitney) statistic
/// W = (sum of the first sample's ranks) − m(m+1)/2, without ties; support 0…m·n.
///
/// Rmath's counting table takes about (m·n)²/8 doubles, and when an allocation fails Rmath
/// ends the process. So m·n is limited to `largestSizeProduct` (about 100 MB of table);
/// R's `wilcox.test` itself switches to the normal approximation from 50 per group.
public struct WilcoxonRankSum: UnivariateDistribution, Equatable {
    public let firstSampleSize: Int
    public let secondSampleSize: Int

    /// The largest m·n computed exactly.
    public static let largestSizeProduct = 10_000

    public init(firstSampleSize: Int, secondSampleSize: Int) throws(DistributionError) {
        try ParameterCheck.atLeast(firstSampleSize, 1, "firstSampleSize", in: "WilcoxonRankSum")
        try ParameterCheck.atLeast(secondSampleSize, 1, "secondSampleSize", in: "WilcoxonRankSum")
        let product = firstSampleSize.multipliedReportingOverflow(by: secondSampleSize)
        guard !product.overflow, product.partialValue <= Self.largestSizeProduct else {
            throw .invalidParameter(
                distribution: "WilcoxonRankSum", name: "firstSampleSize × secondSampleSize",
                value: Double(firstSampleSize) * Double(secondSampleSize),
                expected: "at most \(Self.largestSizeProduct) for the exact distribution; use the normal approximation")
        }
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
