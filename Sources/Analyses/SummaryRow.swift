import Descriptives

/// One arm's values at one visit, summarised: the row `descriptives` gives per arm and visit and
/// `compare` per arm.
public struct SummaryRow: Codable, Sendable, Equatable {
    public var arm: String
    public var visit: String
    public var n: Int
    /// The arm's subjects without a value (for change, also those without a baseline), whether
    /// their row is blank or absent.
    public var missing: Int
    @Null public var mean: Double?
    @Null public var sd: Double?
    @Null public var se: Double?
    @Null public var meanLower: Double?
    @Null public var meanUpper: Double?
    @Null public var median: Double?
    @Null public var q1: Double?
    @Null public var q3: Double?
    @Null public var min: Double?
    @Null public var max: Double?

    public init(arm: String, visit: String, _ description: Description, missing: Int) {
        self.arm = arm
        self.visit = visit
        n = description.count
        self.missing = missing
        mean = finiteOrNil(description.mean)
        sd = finiteOrNil(description.standardDeviation)
        se = finiteOrNil(description.standardError)
        meanLower = description.meanInterval.flatMap { finiteOrNil($0.lower) }
        meanUpper = description.meanInterval.flatMap { finiteOrNil($0.upper) }
        median = finiteOrNil(description.median)
        q1 = finiteOrNil(description.firstQuartile)
        q3 = finiteOrNil(description.thirdQuartile)
        min = finiteOrNil(description.minimum)
        max = finiteOrNil(description.maximum)
    }
}
