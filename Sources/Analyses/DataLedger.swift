import TrialData

/// The ledger as results carry it: every row read, used or excluded with its line and reason.
public struct DataLedger: Codable, Sendable, Equatable {
    public var source: String
    public var rowsRead: Int
    public var rowsUsed: Int
    public var blankLinesSkipped: Int
    public var excluded: [RowLedger.Exclusion]
    /// Labels read as another (surrounding spaces, letter case), with their lines.
    public var normalized: [LevelNormalization]

    public init(_ ledger: RowLedger) {
        source = ledger.source
        rowsRead = ledger.rowsRead
        rowsUsed = ledger.rowsUsed
        blankLinesSkipped = ledger.blankLinesSkipped
        excluded = ledger.excluded
        normalized = ledger.normalized
    }
}
