/// One arm's published n, mean and SD (after any conversion), the unit every mean-based effect uses.
public struct ArmSummary: Codable, Sendable, Equatable {
    public var count: Double
    public var mean: Double
    public var standardDeviation: Double

    public init(count: Double, mean: Double, standardDeviation: Double) {
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public var variance: Double { standardDeviation * standardDeviation }
}

/// One arm's pre- and post-treatment summaries with the pre-post correlation, for
/// pre-post-control designs (Morris 2008).
public struct PrePostSummary: Codable, Sendable, Equatable {
    public var count: Double
    public var preMean: Double
    public var postMean: Double
    public var preStandardDeviation: Double
    /// The correlation between pre and post scores within the arm.
    public var correlation: Double

    public init(count: Double, preMean: Double, postMean: Double, preStandardDeviation: Double, correlation: Double) {
        self.count = count
        self.preMean = preMean
        self.postMean = postMean
        self.preStandardDeviation = preStandardDeviation
        self.correlation = correlation
    }
}
