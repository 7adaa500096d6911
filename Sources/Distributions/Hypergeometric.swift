import _CRmath

/// The hypergeometric distribution: successes among `draws` taken without replacement from
/// an urn of `successes` + `failures`; the null distribution of Fisher's exact test.
/// Parameters follow R's `phyper(q, m, n, k)`.
public struct Hypergeometric: UnivariateDistribution, Equatable {
    public let successes: Int
    public let failures: Int
    public let draws: Int

    public init(successes: Int, failures: Int, draws: Int) throws(DistributionError) {
        try ParameterCheck.atLeast(successes, 0, "successes", in: "Hypergeometric")
        try ParameterCheck.atLeast(failures, 0, "failures", in: "Hypergeometric")
        guard draws >= 0, draws <= successes + failures else {
            throw .invalidParameter(distribution: "Hypergeometric", name: "draws", value: Double(draws),
                                    expected: "a whole number from 0 to \(successes + failures) (the urn's size)")
        }
        self.successes = successes
        self.failures = failures
        self.draws = draws
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        guard isWholeNumber(x) else { return x.isNaN ? .nan : zeroMass(logScale: logScale) }
        return dhyper(x, Double(successes), Double(failures), Double(draws), flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        phyper(x, Double(successes), Double(failures), Double(draws), flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qhyper(probability, Double(successes), Double(failures), Double(draws), flag(!upperTail), flag(logScale))
    }
}
