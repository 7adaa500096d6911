import TrialData

/// An item value that is not a valid code: treated as missing, never clamped, and reported.
public struct ItemIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: String
    public var value: String
    public var expected: String

    public var description: String {
        "\(file):\(line): column \(column): \"\(value)\" is not a valid code (\(expected)); treated as missing"
    }
}

/// For one score column: the rule used and how many rows it could score.
public struct ScaleSummary: Codable, Sendable, Equatable {
    public var column: String
    public var missingItemRule: String
    public var scored: Int
    public var notScored: Int
    /// Missing items over all rows, for the missing-item counts per instrument.
    public var missingItems: Int
    /// Reasons for unscored rows with their counts, most common first.
    public var reasons: [String: Int]
}

/// Scores added to a table, with what was set aside on the way.
public struct ScoringResult: Sendable {
    public var instrument: Instrument
    /// One column per scale, named `base` or `base_scale`.
    public var columns: [Column]
    /// Per score column and row, why the row has no score (nil where it has one).
    public var notScoredReasons: [[String?]]
    public var itemIssues: [ItemIssue]
    public var summaries: [ScaleSummary]
}

public enum TableScoring {
    /// Scores every row of `table` from the item columns, given in form order.
    public static func score(
        _ table: Table, instrument: Instrument, itemColumns: [String], baseName: String
    ) throws(InstrumentError) -> ScoringResult {
        guard itemColumns.count == instrument.itemCount else {
            throw .wrongItemCount(instrument: instrument.id, expected: instrument.itemCount, got: itemColumns.count)
        }
        if let repeated = itemColumns.first(where: { name in itemColumns.filter { $0 == name }.count > 1 }) {
            throw .invalidOption(name: "--items", value: repeated, expected: "each item column once")
        }
        var itemValues: [[Double]] = []
        var issues: [ItemIssue] = []
        for name in itemColumns {
            guard let column = table.columns.first(where: { $0.name == name }) else {
                throw .unknownItemColumn(name, available: table.columnNames)
            }
            var values = [Double](repeating: .nan, count: table.rowCount)
            for row in 0..<table.rowCount where !column.isMissing(row) {
                let number: Double?
                switch column.values {
                case let .numeric(numbers): number = numbers[row]
                default:
                    let text = column.text(at: row).trimmingCharacters()
                    number = instrument.itemLabels.map { $0[text.lowercased()] } ?? Double(text)
                }
                if let number, instrument.isValid(number) {
                    values[row] = number
                } else {
                    issues.append(ItemIssue(file: table.source, line: Int(table.lineNumbers[row]), column: name,
                                            value: column.text(at: row), expected: instrument.validCodesDescription))
                }
            }
            itemValues.append(values)
        }
        let scaleCount = instrument.scales.count
        var scores = [[Double]](repeating: [Double](repeating: .nan, count: table.rowCount), count: scaleCount)
        var reasons = [[String?]](repeating: [String?](repeating: nil, count: table.rowCount), count: scaleCount)
        var items = [Double](repeating: .nan, count: instrument.itemCount)
        for row in 0..<table.rowCount {
            for item in 0..<instrument.itemCount { items[item] = itemValues[item][row] }
            for (index, result) in instrument.score(items).enumerated() {
                if let value = result.value { scores[index][row] = value } else { reasons[index][row] = result.notScoredReason }
            }
        }
        let columns = instrument.scales.enumerated().map { index, scale in
            Column(name: instrument.columnName(scale, base: baseName), values: .numeric(scores[index]))
        }
        let summaries = instrument.scales.enumerated().map { index, scale in
            let missingItems = scale.items.reduce(0) { total, item in total + itemValues[item].filter(\.isNaN).count }
            var counted: [String: Int] = [:]
            for reason in reasons[index] { if let reason { counted[Self.reasonKind(reason), default: 0] += 1 } }
            return ScaleSummary(column: instrument.columnName(scale, base: baseName), missingItemRule: scale.missingRule.description,
                                scored: scores[index].filter { !$0.isNaN }.count, notScored: reasons[index].compactMap { $0 }.count,
                                missingItems: missingItems, reasons: counted)
        }
        // In file order: by line, then by the item's place in the form.
        let position = Dictionary(itemColumns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        issues.sort { ($0.line, position[$0.column] ?? 0) < ($1.line, position[$1.column] ?? 0) }
        return ScoringResult(instrument: instrument, columns: columns, notScoredReasons: reasons, itemIssues: issues,
                             summaries: summaries)
    }

    /// Groups reasons that differ only in their counts ("only 25 of 30…", "only 26 of 30…").
    static func reasonKind(_ reason: String) -> String {
        reason.hasPrefix("only ") ? "too many items missing" : reason
    }
}
