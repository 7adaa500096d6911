/// Writes a table as RFC 4180 CSV: comma-delimited, LF line ends, fields quoted only when they
/// hold a comma, quote or line break, missing values as NA (R's `write.csv` default), numbers
/// in the shortest form that reads back to the same double. The same table always gives the
/// same bytes. Text that begins with = + - @ (a subject ID, a label) is prefixed with ' so that a
/// spreadsheet opening the file does not run it as a formula; numbers are written as numbers.
public enum CSVWriter {
    public static func text(_ table: Table, missing: String = "NA") -> String {
        var out = table.columnNames.map { quoted(spreadsheetSafe($0)) }.joined(separator: ",") + "\n"
        for row in 0..<table.rowCount {
            out += table.columns.map { column in
                if column.isMissing(row) { return missing }
                if case .numeric = column.values { return quoted(column.text(at: row)) }
                return quoted(spreadsheetSafe(column.text(at: row)))
            }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// One field of a table given row by row.
    public enum Cell: Sendable, Equatable {
        case number(Double)
        case text(String)
        case missing
    }

    /// The same bytes `text(_:)` writes for a table with these columns and cells.
    public static func text(header: [String], rows: [[Cell]], missing: String = "NA") -> String {
        var out = header.map { quoted(spreadsheetSafe($0)) }.joined(separator: ",") + "\n"
        for row in rows {
            out += row.map { cell in
                switch cell {
                case let .number(value): return value.isNaN ? missing : quoted(formatNumber(value))
                case let .text(text): return quoted(spreadsheetSafe(text))
                case .missing: return missing
                }
            }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Text a spreadsheet would take for a formula, made inert (OWASP's CSV injection advice).
    static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.first, "=+-@".contains(first), Double(text) == nil else { return text }
        return "'" + text
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

extension Column {
    /// The value in `row` as text (numbers as `formatNumber` writes them, dates as ISO dates).
    public func text(at row: Int) -> String {
        switch values {
        case let .numeric(numbers): return formatNumber(numbers[row])
        case let .categorical(factor): return factor.value(at: row) ?? ""
        case let .date(days): return ISODate.format(days[row])
        }
    }
}

extension TrialDataset {
    /// The dataset in long form: subject, arm, covariates, visit, outcomes; one row per used row.
    /// With `derived`, each outcome is followed by its baseline, change and percent change
    /// (`vas_baseline`, `vas_change`, `vas_percent_change`).
    public func longTable(derived: Bool = false) -> Table {
        var columns = [
            Column(name: roles.subject ?? "subject", values: .categorical(subjects)),
            Column(name: roles.arm ?? "arm", values: .categorical(arms)),
        ]
        columns += covariates
        if let times = visits.times {
            columns.append(Column(name: roles.visit ?? "visit", values: .numeric(visitCodes.map { times[Int($0)] })))
        } else {
            columns.append(Column(name: roles.visit ?? "visit", values: .categorical(Factor(levels: visits.labels, codes: visitCodes))))
        }
        for outcome in roles.outcomes {
            columns.append(Column(name: outcome, values: .numeric(outcomes[outcome] ?? [])))
            if derived {
                columns.append(Column(name: outcome + "_baseline", values: .numeric(baselines[outcome] ?? [])))
                columns.append(Column(name: outcome + "_change", values: .numeric(change(outcome))))
                columns.append(Column(name: outcome + "_percent_change", values: .numeric(percentChange(outcome))))
            }
        }
        return Table(source: source, columns: columns, lineNumbers: lineNumbers)
    }

    /// The dataset in wide form: one row per subject (in subject order) with subject, arm, the
    /// covariates (from the subject's first row), then one column per outcome and visit named
    /// by `pattern` (`{outcome}` and `{visit}`; default `{outcome}_w{visit}` for numeric visits).
    public func wideTable(pattern: String? = nil) -> Table {
        let template = pattern ?? (visits.times == nil ? "{outcome}_{visit}" : "{outcome}_w{visit}")
        let subjectCount = subjects.levels.count, visitCount = visits.labels.count
        var firstRow = [Int](repeating: -1, count: subjectCount)
        for row in 0..<rowCount where firstRow[Int(subjects.codes[row])] < 0 { firstRow[Int(subjects.codes[row])] = row }
        let present = (0..<subjectCount).filter { firstRow[$0] >= 0 }
        let rows = present.map { firstRow[$0] }
        var columns = [
            Column(name: roles.subject ?? "subject", values: .categorical(Factor(levels: subjects.levels, codes: present.map(Int32.init)))),
            Column(name: roles.arm ?? "arm", values: .categorical(Factor(levels: arms.levels, codes: rows.map { arms.codes[$0] }))),
        ]
        columns += covariates.map { Column(name: $0.name, values: $0.values.selecting(rows)) }
        let position = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        for outcome in roles.outcomes {
            guard let values = outcomes[outcome] else { continue }
            var grid = [Double](repeating: .nan, count: present.count * visitCount)
            for row in 0..<rowCount {
                grid[position[Int(subjects.codes[row])]! * visitCount + Int(visitCodes[row])] = values[row]
            }
            for visit in 0..<visitCount {
                let name = template.replacing("{outcome}", with: outcome).replacing("{visit}", with: visits.labels[visit])
                columns.append(Column(name: name, values: .numeric((0..<present.count).map { grid[$0 * visitCount + visit] })))
            }
        }
        return Table(source: source, columns: columns, lineNumbers: rows.map { lineNumbers[$0] })
    }
}
