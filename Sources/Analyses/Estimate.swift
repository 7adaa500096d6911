import StatsCore

/// One estimate as a tidy row, the shape every analysis's JSON uses: what was estimated, the
/// number, its SE, test statistic, df, p and interval where they exist (null where they do not,
/// never NaN or a string), and how. JSON has no infinity: an infinite value (an odds ratio with an
/// empty cell, an interval open on one side) is null there and named in `infinite`.
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
    /// The fields whose value is +∞, or −∞ with a leading "-": e.g. ["estimate", "upper"].
    public var infinite: [String]

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
        let values: [(String, Double?)] = [("estimate", estimate), ("se", se), ("statistic", statistic), ("df", df), ("p", p),
                                           ("lower", interval?.lower), ("upper", interval?.upper)]
        infinite = values.compactMap { name, value in
            guard let value, value.isInfinite else { return nil }
            return value > 0 ? name : "-" + name
        }
    }

    /// A field's value as a number to show: the value, ±∞ where `infinite` says so, else NaN.
    public func shown(_ name: String, _ value: Double?) -> Double {
        if let value { return value }
        if infinite.contains(name) { return .infinity }
        if infinite.contains("-" + name) { return -.infinity }
        return .nan
    }

    /// The interval to show, or nil when neither end exists.
    public var shownInterval: (lower: Double, upper: Double)? {
        let lower = shown("lower", lower), upper = shown("upper", upper)
        return lower.isNaN && upper.isNaN ? nil : (lower, upper)
    }
}

extension Estimate {
    /// The display cells: a number (±∞ shown as such, a value that does not exist as blank) and
    /// the interval (with one open end shown as such).
    public func cell(_ name: String, _ value: Double?) -> ResultTable.Cell {
        let number = shown(name, value)
        return number.isNaN ? .missing : .number(number)
    }

    public var intervalCell: ResultTable.Cell { shownInterval.map { .interval($0.lower, $0.upper) } ?? .missing }
}

/// A number that exists, or nil: JSON has no NaN or infinity, and TrialStats writes neither.
public func finiteOrNil(_ value: Double) -> Double? { value.isFinite ? value : nil }
