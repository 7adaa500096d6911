/// A responder definition: improvement of at least `threshold` points or percent of baseline.
public struct ResponderRule: Codable, Sendable, Equatable {
    /// The column suffix: `responder_franchignoni-2014`, `responder_30pct`.
    public var name: String
    public var threshold: Double
    public var unit: MCIDCatalogue.Unit
    /// `>` instead of the default `≥` ("a decrease of X or more", as most papers say).
    public var strict: Bool
    /// Where the threshold comes from.
    public var source: String

    public init(name: String, threshold: Double, unit: MCIDCatalogue.Unit, strict: Bool = false, source: String) {
        self.name = name
        self.threshold = threshold
        self.unit = unit
        self.strict = strict
        self.source = source
    }

    /// Recorded scores are decimals (a VAS of 6.3), so improvements carry binary rounding:
    /// 100 × 2.1 / 7 is 30.000000000000004. Values within this relative distance of the
    /// threshold count as equal to it.
    static let tieTolerance = 1e-9

    /// True, false, or nil when the improvement is missing.
    public func classify(improvement: Double, percentImprovement: Double) -> Bool? {
        let value = unit == .points ? improvement : percentImprovement
        guard !value.isNaN else { return nil }
        let tolerance = Self.tieTolerance * max(1, abs(threshold))
        return strict ? value > threshold + tolerance : value >= threshold - tolerance
    }

    public var description: String {
        "\(strict ? ">" : "≥") \(formatCode(threshold))\(unit == .percent ? "%" : " points") improvement (\(source))"
    }
}
