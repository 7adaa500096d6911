/// What trials publish for one arm at one visit: n, mean and standard deviation.
public struct GroupSummary: Codable, Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let standardDeviation: Double

    public init(count: Int, mean: Double, standardDeviation: Double) throws(HypothesisTestError) {
        guard count >= 2 else {
            throw .invalidSummary(field: "n", value: Double(count), expected: "at least 2 for a standard deviation")
        }
        guard mean.isFinite else { throw .invalidSummary(field: "mean", value: mean, expected: "a finite number") }
        guard standardDeviation >= 0, standardDeviation.isFinite else {
            throw .invalidSummary(field: "SD", value: standardDeviation, expected: "a finite number ≥ 0")
        }
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public var variance: Double { standardDeviation * standardDeviation }
    /// The squared standard error of the mean, s²/n.
    public var varianceOfMean: Double { variance / Double(count) }
}
