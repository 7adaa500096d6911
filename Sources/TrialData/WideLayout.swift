/// Trial files in wide form: one row per subject, one column per outcome and visit
/// (`vas_w0`, `vas_w12`, `dash_week12`, `vas.12`, `vas_bl`). `WideLayout` finds those columns
/// and turns the table into long form, one row per subject and visit.
public struct WideLayout: Sendable, Equatable {
    /// One outcome-by-visit column of the wide table.
    public struct Cell: Sendable, Equatable {
        public var column: String
        public var outcome: String
        public var visit: String
    }

    public var cells: [Cell]
    /// The name the visit column gets in long form.
    public var visitColumnName: String

    public var outcomes: [String] {
        var seen: [String] = []
        for cell in cells where !seen.contains(cell.outcome) { seen.append(cell.outcome) }
        return seen
    }

    /// The default pattern: outcome, then `_` or `.`, then an optional visit word and a number;
    /// `bl`, `base` or `baseline` stand for visit 0.
    public static let defaultPattern = "{outcome}_{visit}"

    /// Visit words that may precede the number (`w12`, `week12`, `m3`, `visit2` …).
    static let visitWords = ["week", "wk", "w", "month", "mo", "m", "visit", "v", "day", "d", "t"]
    static let baselineWords = ["bl", "base", "baseline"]

    /// The wide columns of `table`, or nil when fewer than two columns fit the pattern (the
    /// table is then taken to be long). A pattern is a template with `{outcome}` and `{visit}`,
    /// e.g. `{outcome}_w{visit}` or `{visit}_{outcome}`; for the default, `_` and `.` both separate.
    public static func detect(in table: Table, pattern: String = defaultPattern, excluding: Set<String> = []) -> WideLayout? {
        var cells: [Cell] = []
        for column in table.columns where !excluding.contains(column.name) {
            guard case .numeric = column.values else { continue }
            if let (outcome, visit) = match(column.name, pattern: pattern) {
                cells.append(Cell(column: column.name, outcome: outcome, visit: visit))
            }
        }
        // An outcome needs at least two visits to be wide.
        let counts = Dictionary(grouping: cells, by: \.outcome).mapValues(\.count)
        cells.removeAll { counts[$0.outcome, default: 0] < 2 }
        return cells.isEmpty ? nil : WideLayout(cells: cells, visitColumnName: "visit")
    }

    /// Splits a column name by the template; the visit token is normalised to a number when it
    /// is a visit word and a number, and to 0 for a baseline word.
    static func match(_ name: String, pattern: String) -> (outcome: String, visit: String)? {
        guard let outcomeRange = pattern.firstRange(of: "{outcome}"), let visitRange = pattern.firstRange(of: "{visit}") else { return nil }
        let outcomeFirst = outcomeRange.lowerBound < visitRange.lowerBound
        let prefix = String(pattern[..<(outcomeFirst ? outcomeRange.lowerBound : visitRange.lowerBound)])
        let middle = String(pattern[(outcomeFirst ? outcomeRange.upperBound : visitRange.upperBound)..<(outcomeFirst ? visitRange.lowerBound : outcomeRange.lowerBound)])
        let suffix = String(pattern[(outcomeFirst ? visitRange.upperBound : outcomeRange.upperBound)...])
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
        let body = String(name.dropFirst(prefix.count).dropLast(suffix.count))
        let separators = pattern == defaultPattern ? ["_", "."] : [middle]
        for separator in separators where !separator.isEmpty {
            // The visit is the last part when it comes second, the first part otherwise.
            guard let split = outcomeFirst ? body.ranges(of: separator).last : body.firstRange(of: separator) else { continue }
            let first = String(body[..<split.lowerBound]), second = String(body[split.upperBound...])
            let (outcome, visitToken) = outcomeFirst ? (first, second) : (second, first)
            guard !outcome.isEmpty, let visit = normalisedVisit(visitToken, literalPrefix: pattern == defaultPattern) else { continue }
            return (outcome, visit)
        }
        return nil
    }

    static func normalisedVisit(_ token: String, literalPrefix: Bool) -> String? {
        let lower = token.lowercased()
        if baselineWords.contains(lower) { return "0" }
        var digits = Substring(lower)
        if literalPrefix {
            for word in visitWords where digits.hasPrefix(word) && digits.count > word.count {
                digits = digits.dropFirst(word.count)
                break
            }
        }
        if !digits.isEmpty, let number = Double(digits), number >= 0, digits.allSatisfy({ $0.isNumber || $0 == "." }) {
            return formatNumber(number)
        }
        // With the default pattern a visit must be a number, so that names like vas_final are
        // not taken for visits; a pattern the user wrote may name visits by label.
        return literalPrefix || token.isEmpty ? nil : token
    }

    /// The long form: the non-wide columns repeated on each visit's row, one column per
    /// outcome, and a numeric visit column (or labels, if a visit is not a number). Every
    /// subject gets a row for every visit, empty where the wide cell was empty.
    public func longTable(from table: Table) -> Table {
        let visitLabels = Self.orderedVisits(Set(cells.map(\.visit)))
        let visitTimes = visitLabels.map { Double($0) }
        let wideColumns = Set(cells.map(\.column))
        let kept = table.columns.filter { !wideColumns.contains($0.name) }
        let rows = table.rowCount, visits = visitLabels.count
        let longRows = (0..<rows).flatMap { row in repeatElement(row, count: visits) }
        var columns = kept.map { Column(name: $0.name, values: $0.values.selecting(longRows)) }
        if visitTimes.allSatisfy({ $0 != nil }) {
            columns.append(Column(name: visitColumnName, values: .numeric((0..<(rows * visits)).map { visitTimes[$0 % visits]! })))
        } else {
            columns.append(Column(name: visitColumnName,
                                  values: .categorical(Factor(levels: visitLabels, codes: (0..<(rows * visits)).map { Int32($0 % visits) }))))
        }
        for outcome in outcomes {
            var values = [Double](repeating: .nan, count: rows * visits)
            for cell in cells where cell.outcome == outcome {
                guard let visit = visitLabels.firstIndex(of: cell.visit),
                      let column = table.columns.first(where: { $0.name == cell.column }),
                      case let .numeric(wide) = column.values else { continue }
                for row in 0..<rows { values[row * visits + visit] = wide[row] }
            }
            columns.append(Column(name: outcome, values: .numeric(values)))
        }
        return Table(source: table.source, columns: columns, lineNumbers: longRows.map { table.lineNumbers[$0] },
                     blankLines: table.blankLines)
    }

    /// Numeric visits in numeric order, then any others in byte order.
    static func orderedVisits(_ visits: Set<String>) -> [String] {
        visits.sorted { a, b in
            switch (Double(a), Double(b)) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.utf8.lexicographicallyPrecedes(b.utf8)
            }
        }
    }
}
