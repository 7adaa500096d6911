import TrialData

/// The ledger as lines a person reads.
public enum LedgerText {
    public static func lines(_ ledger: DataLedger) -> [String] {
        var rows = RowLedger(source: ledger.source, rowsRead: ledger.rowsRead, blankLinesSkipped: ledger.blankLinesSkipped, excluded: ledger.excluded)
        rows.normalized = ledger.normalized
        return lines(rows)
    }

    public static func lines(_ ledger: RowLedger) -> [String] {
        var summary = "rows: \(ledger.rowsRead) read, \(ledger.rowsUsed) used, \(ledger.excluded.count) excluded"
        if !ledger.excluded.isEmpty {
            summary += " (" + ledger.exclusionsByRule.map { "\($0.rule.rawValue) \($0.rows)" }.joined(separator: ", ") + ")"
        }
        var lines = [summary]
        if ledger.blankLinesSkipped > 0 { lines.append("blank lines skipped: \(ledger.blankLinesSkipped)") }
        for exclusion in ledger.excluded.prefix(shownExclusions) {
            lines.append("  excluded line \(exclusion.line): column \(exclusion.column): \"\(exclusion.value)\" \(exclusion.reason) [\(exclusion.rule.rawValue)]")
        }
        if ledger.excluded.count > shownExclusions {
            lines.append("  … and \(ledger.excluded.count - shownExclusions) more excluded rows (--format json lists them all)")
        }
        for normalization in ledger.normalized { lines.append("  label normalised: \(normalization)") }
        return lines
    }

    /// Text output lists this many excluded rows; JSON lists every one.
    public static let shownExclusions = 20
}
