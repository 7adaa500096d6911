import TrialData

/// A CSV of published summary numbers: one row per arm and visit (item 1 of the format), rows of
/// published between-arm results, and rows of design facts; or one row per study with metafor's
/// column names. Every value is checked on reading, and an impossible one stops the read with the
/// file, line, column, value and what was expected.
public struct SummaryFile: Codable, Sendable, Equatable {
    public var source: String
    public var columns: [String]
    public var rows: [SummaryRow]

    public init(source: String, columns: [String], rows: [SummaryRow]) {
        self.source = source
        self.columns = columns
        self.rows = rows
    }

    public static func read(path: String, displayName: String? = nil) throws(MetaAnalysisError) -> SummaryFile {
        var options = CSVOptions()
        options.textColumns = SummaryColumns.numeric.union(SummaryColumns.labels)
        let table: Table
        do {
            table = try CSVReader.read(path: path, displayName: displayName, options: options)
        } catch {
            throw .unreadable(file: displayName ?? path, reason: error.description, missing: error.isMissingInput)
        }
        var rows: [SummaryRow] = []
        for row in 0..<table.rowCount {
            var cells: [String: String] = [:]
            for column in table.columns where !column.isMissing(row) {
                switch column.values {
                case let .categorical(factor): cells[column.name] = factor.value(at: row)?.trimmingCharacters(in: .whitespaces)
                case let .numeric(numbers): cells[column.name] = Self.text(numbers[row])
                case .date: cells[column.name] = nil
                }
            }
            let line = Int(table.lineNumbers[row])
            let kindText = cells["row_type"] ?? "arm"
            guard let kind = SummaryRowKind(rawValue: kindText.lowercased()) else {
                throw .invalidValue(file: table.source, line: line, column: "row_type", value: kindText,
                                    expected: SummaryRowKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let summaryRow = SummaryRow(line: line, kind: kind, cells: cells)
            try SummaryValidation.check(summaryRow, file: table.source)
            rows.append(summaryRow)
        }
        return SummaryFile(source: table.source, columns: table.columnNames, rows: rows)
    }

    /// A number from a numeric column that is not one of the summary columns, without a trailing ".0".
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Whether the file has one row per study in metafor's names (m1i…, ai…, or yi and vi).
    public var isPerStudy: Bool {
        let names = Set(columns)
        return names.isSuperset(of: ["yi", "vi"]) || names.isSuperset(of: ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"])
            || names.isSuperset(of: ["ai", "bi", "ci", "di"])
    }
}

extension SummaryFile {
    /// The rows of one outcome and visit (either may be nil: all of them); design rows (totals,
    /// arm sizes) belong to every outcome and visit. Selecting nothing is an error, not an empty file.
    public func selecting(outcome: String?, visit: String?) throws(MetaAnalysisError) -> SummaryFile {
        guard outcome != nil || visit != nil else { return self }
        var file = self
        if let outcome { file.rows = file.rows.filter { $0.kind == .design || $0.outcome == outcome } }
        if let visit { file.rows = file.rows.filter { $0.kind == .design || $0.visit == visit } }
        guard file.rows.contains(where: { $0.kind != .design }) else {
            throw .notComputable("no rows of \(source) have\(outcome.map { " outcome \($0)" } ?? "")\(visit.map { " visit \($0)" } ?? "")")
        }
        return file
    }
}
