/// A two-sided confidence interval with its level, e.g. 0.95.
public struct ConfidenceInterval: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var level: Double

    public init(lower: Double, upper: Double, level: Double) {
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    public var width: Double { upper - lower }
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}
