/// Trial data in long form (one row per subject and visit), checked, with roles resolved and
/// every input row accounted for in the ledger.
public struct TrialDataset: Sendable {
    public let source: String
    /// The roles as resolved, recognised names included.
    public let roles: ColumnRoles
    /// Per used row.
    public let subjects: Factor
    public let arms: Factor
    public let visits: VisitAxis
    /// Per used row, an index into `visits.labels`.
    public let visitCodes: [Int32]
    /// Outcome name → value per used row (NaN when missing), in `roles.outcomes` order.
    public let outcomes: [String: [Double]]
    /// Covariate columns restricted to the used rows.
    public let covariates: [Column]
    /// Per used row, the line of the input it came from.
    public let lineNumbers: [Int32]
    public let ledger: RowLedger
    /// Checks that failed with severity `warning`; their rows are in `ledger.excluded`.
    public let warnings: [ValidationIssue]
    /// Outcome name → baseline value per used row.
    public let baselines: [String: [Double]]
    /// What the reading decided by itself, for a person to check: a visit order taken from the
    /// rows, a decimal comma detected.
    public var readingNotes: [String] = []
    /// Per used row, its row in the table it was loaded from (a wide file's line gives several).
    var tableRows: [Int] = []

    public var rowCount: Int { lineNumbers.count }

    /// Subjects per arm (in `arms.levels` order): those with at least one used row in the arm.
    /// A subject without a row at a visit is missing there, as much as one whose row is blank;
    /// REDCap and ADaM files have no row for a missed visit.
    public func subjectCountsByArm() -> [Int] {
        var seen = Array(repeating: Set<Int32>(), count: arms.levels.count)
        for row in 0..<rowCount where arms.codes[row] >= 0 && subjects.codes[row] >= 0 {
            seen[Int(arms.codes[row])].insert(subjects.codes[row])
        }
        return seen.map(\.count)
    }

    /// Value − baseline per row; NaN where either is missing.
    public func change(_ outcome: String) -> [Double] {
        guard let values = outcomes[outcome], let baseline = baselines[outcome] else { return [] }
        return zip(values, baseline).map { $0 - $1 }
    }

    /// 100 · (value − baseline) / baseline per row; missing (NaN), never 0 or ±∞, where the
    /// baseline is 0 or either value is missing.
    public func percentChange(_ outcome: String) -> [Double] {
        guard let values = outcomes[outcome], let baseline = baselines[outcome] else { return [] }
        return zip(values, baseline).map { value, base in
            TrialData.percentChange(from: base, to: value)
        }
    }

    /// The dataset with only the rows at `rows` (in order), the others counted in the ledger
    /// with the exclusions given for them.
    func keepingRows(_ rows: [Int], notSelected: [RowLedger.Exclusion]) -> TrialDataset {
        var ledger = ledger
        ledger.excluded = (ledger.excluded + notSelected).sorted { $0.line < $1.line }
        var kept = TrialDataset(
            source: source, roles: roles, subjects: Factor(levels: subjects.levels, codes: rows.map { subjects.codes[$0] }),
            arms: Factor(levels: arms.levels, codes: rows.map { arms.codes[$0] }), visits: visits, visitCodes: rows.map { visitCodes[$0] },
            outcomes: outcomes.mapValues { values in rows.map { values[$0] } },
            covariates: covariates.map { Column(name: $0.name, values: $0.values.selecting(rows)) },
            lineNumbers: rows.map { lineNumbers[$0] }, ledger: ledger, warnings: warnings,
            baselines: baselines.mapValues { values in rows.map { values[$0] } })
        kept.readingNotes = readingNotes
        kept.tableRows = rows.map { tableRows[$0] }
        return kept
    }
}
