import StatsCore

/// One estimate as a tidy row, the shape every analysis's JSON uses: what was estimated, the
/// number, its SE, test statistic, df, p and interval where they exist (null where they do not,
/// never NaN or a string), and how.
public struct Estimate: Codable, Sendable, Equatable {
    public var measure: String
    @Null public var estimate: Double?
    @Null public var se: Double?
    @Null public var statistic: Double?
    @Null public var df: Double?
    @Null public var p: Double?
    @Null public var lower: Double?
    @Null public var upper: Double?
    public var method: String

    public init(measure: String, estimate: Double, se: Double? = nil, statistic: Double? = nil, df: Double? = nil, p: Double? = nil,
                interval: ConfidenceInterval? = nil, method: String) {
        self.measure = measure
        self.estimate = finiteOrNil(estimate)
        self.se = se.flatMap(finiteOrNil)
        self.statistic = statistic.flatMap(finiteOrNil)
        self.df = df.flatMap(finiteOrNil)
        self.p = p.flatMap(finiteOrNil)
        self.lower = interval.flatMap { finiteOrNil($0.lower) }
        self.upper = interval.flatMap { finiteOrNil($0.upper) }
        self.method = method
    }
}

/// A number that exists, or nil: JSON has no NaN or infinity, and TrialStats writes neither.
public func finiteOrNil(_ value: Double) -> Double? { value.isFinite ? value : nil }
