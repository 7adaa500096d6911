/// What the user declares about the data beyond the roles: level orders, reference levels,
/// plausible ranges, which visit is baseline, and severities that differ from the defaults.
public struct DataDeclarations: Codable, Sendable, Equatable {
    /// Column → levels in order. For arm and visit these are also the only allowed values.
    public var levels: [String: [String]]
    /// Column → reference level, moved to the front of the level order.
    public var references: [String: String]
    /// Column → closed range of plausible values.
    public var ranges: [String: ClosedRange<Double>]
    /// The visit whose values are the baseline; default the first visit.
    public var baselineVisit: String?
    public var severities: [ValidationRule: Severity]
    /// Column → label as written → label meant (`Dextrose 5%` → `dextrose`; `1` → `female` for a
    /// numeric code), applied before any check, so the meant labels are what is checked.
    public var recodes: [String: [String: String]] = [:]
    /// How the visit dates are written, when their order of day and month cannot be told.
    public var dateFormat: DateFormat?

    public init(
        levels: [String: [String]] = [:], references: [String: String] = [:], ranges: [String: ClosedRange<Double>] = [:],
        baselineVisit: String? = nil, severities: [ValidationRule: Severity] = [:]
    ) {
        self.levels = levels
        self.references = references
        self.ranges = ranges
        self.baselineVisit = baselineVisit
        self.severities = severities
    }

    public func severity(of rule: ValidationRule) -> Severity {
        severities[rule] ?? rule.defaultSeverity
    }
}
