import _CRmath

/// The exact null distribution of the Wilcoxon signed-rank statistic V (sum of the ranks of
/// the positive differences), without ties or zeros; support 0…n(n+1)/2.
///
/// Rmath counts in C `int` (n(n+1)/2 overflows above n = 65535) and ends the process when an
/// allocation fails, so n is limited to `largestSampleSize` (a table of about 50 MB).
public struct WilcoxonSignedRank: UnivariateDistribution, Equatable {
    public let sampleSize: Int

    /// The largest n computed exactly.
    public static let largestSampleSize = 5_000

    public init(sampleSize: Int) throws(DistributionError) {
        try ParameterCheck.atLeast(sampleSize, 1, "sampleSize", in: "WilcoxonSignedRank")
        guard sampleSize <= Self.largestSampleSize else {
            throw .invalidParameter(
                distribution: "WilcoxonSignedRank", name: "sampleSize", value: Double(sampleSize),
                expected: "at most \(Self.largestSampleSize) for the exact distribution; use the normal approximation")
        }
        self.sampleSize = sampleSize
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        guard isWholeNumber(x) else { return x.isNaN ? .nan : zeroMass(logScale: logScale) }
        let n = Double(sampleSize)
        return rankStatisticLock.withLock { _ in dsignrank(x, n, flag(logScale)) }
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        let n = Double(sampleSize)
        return rankStatisticLock.withLock { _ in psignrank(x, n, flag(!upperTail), flag(logScale)) }
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        let n = Double(sampleSize)
        return rankStatisticLock.withLock { _ in qsignrank(probability, n, flag(!upperTail), flag(logScale)) }
    }
}
