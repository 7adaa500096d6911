/// The visits of a trial in order, and which of them is baseline.
public struct VisitAxis: Sendable, Equatable, Codable {
    /// Labels in visit order, e.g. ["0", "4", "12"] or ["baseline", "week 4"].
    public var labels: [String]
    /// The time of each visit when the visit column is numeric (weeks, months …).
    public var times: [Double]?
    public var baselineIndex: Int

    public var baselineLabel: String { labels[baselineIndex] }
}
