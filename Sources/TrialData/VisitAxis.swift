/// The visits of a trial in order, and which of them is baseline.
public struct VisitAxis: Sendable, Equatable, Codable {
    /// Labels in visit order, e.g. ["0", "4", "12"] or ["baseline", "week 4"].
    public var labels: [String]
    /// The time of each visit when the visit column is numeric (weeks, months …).
    public var times: [Double]?
    public var baselineIndex: Int
    /// What the order comes from, so that it can be said and, when it is only the rows', fixed.
    public var order: Order = .rows

    public enum Order: String, Sendable, Codable {
        /// Declared (`--levels visit=…`, a schema's or plan's `levels`).
        case declared
        /// A numeric visit column: by time.
        case times
        /// The labels' own order: screening, baseline, the times or numbers they hold, follow-up (`VisitLabelOrder`).
        case labels
        /// The order each subject's rows give: labels that state no order of their own.
        case rows

        public var description: String {
            switch self {
            case .declared: return "as declared"
            case .times: return "by time"
            case .labels: return "by the labels (screening, baseline, then the times or numbers they hold, then follow-up)"
            case .rows: return "from the order of each subject's rows, which the labels do not state; declare it with levels to be sure"
            }
        }
    }

    public var baselineLabel: String { labels[baselineIndex] }

    /// Visit labels in the order they state (`VisitLabelOrder`: Baseline, Week 4, Week 12), which
    /// no sorting of the file changes; labels that state none ("Visit A", "Visit B") in an order
    /// that agrees with every subject's rows: a visit comes after any visit some subject has on an
    /// earlier row (a topological order, ties broken by first appearance in the file; where
    /// subjects disagree, a cycle, the rest follow in order of first appearance). Sorting labels as
    /// text would put "FU" before "S1" and "week 12" before "week 4".
    public static func labelOrder(visits: [String?], subjects: [String?]) -> [String] {
        var distinct: [String] = []
        var seen = Set<String>()
        for label in visits.compactMap({ $0 }) where seen.insert(label).inserted { distinct.append(label) }
        if let natural = VisitLabelOrder.natural(distinct) { return natural }
        return rowOrder(visits: visits, subjects: subjects)
    }

    /// The order the subjects' rows give (see `labelOrder`).
    static func rowOrder(visits: [String?], subjects: [String?]) -> [String] {
        var labels: [String] = [], index: [String: Int] = [:]
        var after: [Set<Int>] = [], indegree: [Int] = []
        var earlier: [String: [Int]] = [:]
        for (row, label) in visits.enumerated() {
            guard let label else { continue }
            let visit: Int
            if let known = index[label] {
                visit = known
            } else {
                visit = labels.count
                index[label] = visit
                labels.append(label)
                after.append([])
                indegree.append(0)
            }
            guard row < subjects.count, let subject = subjects[row] else { continue }
            for previous in earlier[subject, default: []] where previous != visit && after[previous].insert(visit).inserted {
                indegree[visit] += 1
            }
            earlier[subject, default: []].append(visit)
        }
        // Visits are numbered in order of first appearance, so the smallest number is the earliest seen.
        var order: [Int] = [], placed = Array(repeating: false, count: labels.count)
        while order.count < labels.count {
            let rest = labels.indices.filter { !placed[$0] }
            let next = rest.first { indegree[$0] == 0 } ?? rest[0]
            placed[next] = true
            order.append(next)
            for later in after[next] where !placed[later] { indegree[later] -= 1 }
        }
        return order.map { labels[$0] }
    }
}
