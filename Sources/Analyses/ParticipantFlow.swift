import TrialData

/// The counts of a CONSORT-style flow diagram, from the row ledger and the dropout patterns:
/// who is in the data, which rows were excluded and why, how many subjects each arm holds, and
/// at each later visit how many were seen and how many were not (dropped out, or missed the
/// visit and came back), and how many have the primary outcome at the last visit.
public struct ParticipantFlow: Codable, Sendable, Equatable {
    public var rowsRead: Int
    public var rowsExcluded: Int
    /// Excluded rows by the rule that excluded them, in the ledger's order.
    public var exclusions: [Exclusion]
    public var subjects: Int
    public var visitColumn: String
    public var baselineVisit: String
    public var arms: [Arm]
    /// The outcome counted as analysed at the last visit (the first outcome named).
    public var outcome: String?

    public struct Exclusion: Codable, Sendable, Equatable {
        public var rule: String
        public var rows: Int
    }

    public struct Arm: Codable, Sendable, Equatable {
        public var arm: String
        public var allocated: Int
        public var visits: [Visit]
        /// Subjects with a value of `outcome` at the last visit.
        public var analysed: Int?
    }

    /// A visit after baseline. Seen: a value of any outcome; not seen is dropped out (no value
    /// here or later) or missed (a value later).
    public struct Visit: Codable, Sendable, Equatable {
        public var visit: String
        public var seen: Int
        public var droppedOut: Int
        public var missed: Int
    }

    public init(_ description: DatasetDescription) {
        rowsRead = description.ledger.rowsRead
        rowsExcluded = description.ledger.excluded.count
        exclusions = description.ledger.exclusionsByRule.map { Exclusion(rule: $0.rule.rawValue, rows: $0.rows) }
        subjects = description.arms.reduce(0) { $0 + $1.subjects }
        visitColumn = description.variables.first { $0.role == "visit" }?.name ?? "visit"
        baselineVisit = description.baselineVisit
        let outcome = description.variables.first { $0.role == "outcome" }?.name
        self.outcome = outcome
        let baseline = description.visits.firstIndex(of: description.baselineVisit) ?? 0
        let last = description.visits.count - 1
        arms = description.arms.map { arm in
            let patterns = description.dropoutPatterns.filter { $0.arm == arm.arm }.map { (Array($0.pattern), $0.subjects) }
            let visits = description.visits.enumerated().filter { $0.offset > baseline }.map { index, label in
                var seen = 0, droppedOut = 0, missed = 0
                for (pattern, count) in patterns where index < pattern.count {
                    if pattern[index] == "X" { seen += count } else if pattern[(index + 1)...].contains("X") { missed += count } else { droppedOut += count }
                }
                return Visit(visit: label, seen: seen, droppedOut: droppedOut, missed: missed)
            }
            let analysed = outcome.flatMap { outcome in
                description.cells.first { $0.outcome == outcome && $0.arm == arm.arm && $0.visit == description.visits[last] }?.observed
            }
            return Arm(arm: arm.arm, allocated: arm.subjects, visits: visits, analysed: analysed)
        }
    }

    /// The last visit, where the primary outcome is counted as analysed.
    public var lastVisit: String? { arms.first?.visits.last?.visit }
}
