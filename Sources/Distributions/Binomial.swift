import _CRmath

/// The binomial distribution: successes in `trials` independent trials.
public struct Binomial: UnivariateDistribution, Equatable {
    public let trials: Int
    public let probability: Double

    public init(trials: Int, probability: Double) throws(DistributionError) {
        try ParameterCheck.atLeast(trials, 0, "trials", in: "Binomial")
        guard probability >= 0, probability <= 1 else {
            throw .invalidParameter(distribution: "Binomial", name: "probability", value: probability,
                                    expected: "a probability between 0 and 1")
        }
        self.trials = trials
        self.probability = probability
    }

    public func density(_ x: Double, logScale: Bool) -> Double {
        guard isWholeNumber(x) else { return x.isNaN ? .nan : zeroMass(logScale: logScale) }
        return dbinom(x, Double(trials), probability, flag(logScale))
    }

    public func distributionFunction(_ x: Double, upperTail: Bool, logScale: Bool) -> Double {
        pbinom(x, Double(trials), probability, flag(!upperTail), flag(logScale))
    }

    public func quantileFunction(_ probability: Double, upperTail: Bool, logScale: Bool) -> Double {
        qbinom(probability, Double(trials), self.probability, flag(!upperTail), flag(logScale))
    }
}
