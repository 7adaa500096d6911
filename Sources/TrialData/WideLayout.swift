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

    /// The wide columns of `table`, or nil when no outcome has two columns that fit the pattern
    /// (the table is then taken to be long). A pattern is a template with `{outcome}` and
    /// `{visit}`, e.g. `{outcome}_w{visit}` or `{visit}_{outcome}`; for the default, `_` and `.`
    /// both separate.
    ///
    /// Visits become numbers when each is a number with one shared visit word (`w4`, `w12`) or a
    /// baseline word. Visits mixing words (`w4`, `m3`) keep their names, so that month 3 is not
    /// put before week 4, and `day1` and `week1` do not become one visit.
    ///
    /// Declared visit labels (`--levels visit=pre-op,post-op`) are found at the end of a name after
    /// `_`, `.` or a space, the longest first, whatever they hold; the names are then split on them
    /// only (if no name ends in one, the usual rules apply).
    public static func detect(in table: Table, pattern: String = defaultPattern, excluding: Set<String> = [],
                              declaredVisits: [String]? = nil) -> WideLayout? {
        if let declaredVisits, !declaredVisits.isEmpty, pattern == defaultPattern,
           let declared = detect(in: table, excluding: excluding, declaredVisits: declaredVisits) {
            return declared
        }
        var matches: [(column: String, outcome: String, token: String)] = []
        for column in table.columns where !excluding.contains(column.name) {
            // Mostly-numeric text columns too: one typo must be reported, not hide the column.
            guard ColumnRoles.isMostlyNumeric(column, decimalSeparator: table.decimalSeparator) else { continue }
            if let (outcome, token) = match(column.name, pattern: pattern) { matches.append((column.name, outcome, token)) }
        }
        let counts = Dictionary(grouping: matches, by: \.outcome).mapValues(\.count)
        matches.removeAll { counts[$0.outcome, default: 0] < 2 }
        // A visit named by one word ("vas_Screening", "vas_FU") is one only beside other visits of
        // that outcome: alone, "vas_final" is a column of its own.
        if pattern == defaultPattern {
            let outcomes = Set(matches.map(\.outcome)), matched = Set(matches.map(\.column))
            for column in table.columns where !excluding.contains(column.name) && !matched.contains(column.name) {
                guard let split = column.name.lastIndex(of: "_") else { continue }
                let outcome = String(column.name[..<split]), token = String(column.name[column.name.index(after: split)...])
                guard outcomes.contains(outcome), !token.contains(" "), let key = VisitLabelOrder.key(token), key.rank != 2,
                      ColumnRoles.isMostlyNumeric(column, decimalSeparator: table.decimalSeparator) else { continue }
                matches.append((column.name, outcome, token))
            }
        }
        guard !matches.isEmpty else { return nil }
        let parsed = matches.map { visitParts($0.token) }
        let words = Set(parsed.compactMap { $0?.word }.filter { $0 != baselineMarker })
        let numeric = parsed.allSatisfy { $0 != nil } && words.count <= 1
        let cells = zip(matches, parsed).map { match, parts in
            Cell(column: match.column, outcome: match.outcome, visit: numeric ? formatNumber(parts!.number) : match.token)
        }
        return WideLayout(cells: cells, visitColumnName: "visit")
    }

    /// The columns whose names end in a declared visit label; nil when none does.
    static func detect(in table: Table, excluding: Set<String>, declaredVisits: [String]) -> WideLayout? {
        let longestFirst = declaredVisits.sorted { $0.count > $1.count }
        var cells: [Cell] = []
        for column in table.columns where !excluding.contains(column.name) {
            guard ColumnRoles.isMostlyNumeric(column, decimalSeparator: table.decimalSeparator) else { continue }
            for label in longestFirst where column.name.hasSuffix(label) {
                let head = column.name.dropLast(label.count)
                guard let separator = head.last, " _.".contains(separator) else { continue }
                let outcome = head.dropLast().trimmingCharacters(in: .whitespaces)
                guard !outcome.isEmpty else { continue }
                cells.append(Cell(column: column.name, outcome: outcome, visit: label))
                break
            }
        }
        return cells.isEmpty ? nil : WideLayout(cells: cells, visitColumnName: "visit")
    }

    /// Splits a column name by the template into outcome and visit token. With the default
    /// pattern the token must be a visit (see `visitParts`), so that `vas_final` is no visit.
    static func match(_ name: String, pattern: String) -> (outcome: String, visit: String)? {
        guard let outcomeRange = pattern.firstRange(of: "{outcome}"), let visitRange = pattern.firstRange(of: "{visit}") else { return nil }
        let outcomeFirst = outcomeRange.lowerBound < visitRange.lowerBound
        let prefix = String(pattern[..<(outcomeFirst ? outcomeRange.lowerBound : visitRange.lowerBound)])
        let middle = String(pattern[(outcomeFirst ? outcomeRange.upperBound : visitRange.upperBound)..<(outcomeFirst ? visitRange.lowerBound : outcomeRange.lowerBound)])
        let suffix = String(pattern[(outcomeFirst ? visitRange.upperBound : outcomeRange.upperBound)...])
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
        let body = String(name.dropFirst(prefix.count).dropLast(suffix.count))
        let isDefault = pattern == defaultPattern
        // A labelled visit may hold spaces ("VAS Week 12", "VAS Baseline", "VAS (0-10)_Week 4"): the
        // longest ending with a space that is a visit label (a time, a baseline or follow-up word) is the visit.
        if isDefault, outcomeFirst {
            let separators = body.indices.filter { " _.".contains(body[$0]) }
            for split in separators {
                let outcome = String(body[..<split]).trimmingCharacters(in: .whitespaces), token = String(body[body.index(after: split)...])
                // Only labels of several words, or after a space: "vas_w12" and "bctq_sss_1" keep their old reading.
                // The label's words are joined by spaces; an underscore still to come separates the outcome's.
                guard !outcome.isEmpty, !token.isEmpty, !token.contains("_"), body[split] == " " || token.contains(" "),
                      let key = VisitLabelOrder.key(token), key.family == "time" || key.rank != 2 else { continue }
                return (outcome, token)
            }
        }
        for separator in isDefault ? ["_", "."] : [middle] where !separator.isEmpty {
            guard let split = outcomeFirst ? body.ranges(of: separator).last : body.firstRange(of: separator) else { continue }
            let first = String(body[..<split.lowerBound]), second = String(body[split.upperBound...])
            let (outcome, token) = outcomeFirst ? (first, second) : (second, first)
            guard !outcome.isEmpty, !token.isEmpty else { continue }
            if isDefault && visitParts(token) == nil { continue }
            return (outcome, token)
        }
        return nil
    }

    static let baselineMarker = "\u{0}baseline"

    /// A visit token as (visit word, number): `w12` → ("w", 12), `12` → ("", 12), `bl` → baseline, 0.
    static func visitParts(_ token: String) -> (word: String, number: Double)? {
        let lower = token.lowercased()
        if baselineWords.contains(lower) { return (baselineMarker, 0) }
        var digits = Substring(lower)
        var word = ""
        for candidate in visitWords where digits.hasPrefix(candidate) {
            let rest = digits.dropFirst(candidate.count)
            if rest.first?.isNumber == true {
                word = candidate
                digits = rest
                break
            }
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." }), let number = Double(digits), number >= 0 else { return nil }
        return (word, number)
    }

    /// The long form: the non-wide columns repeated on each visit's row, one column per
    /// outcome, and a numeric visit column (or labels, if a visit is not a number). Every
    /// subject gets a row for every visit, empty where the wide cell was empty. Two wide columns
    /// for one outcome and visit, or a long column name already taken, are errors, not a silent
    /// choice between values.
    public func longTable(from table: Table) throws(TrialDataError) -> Table {
        var owner: [String: String] = [:]
        for cell in cells {
            let key = cell.outcome + "\u{0}" + cell.visit
            if let first = owner[key] {
                throw .invalidLayout(file: table.source, reason: "columns \(first) and \(cell.column) both hold \(cell.outcome) at visit "
                                     + "\(cell.visit); expected one column per outcome and visit")
            }
            owner[key] = cell.column
        }
        let visitLabels = Self.orderedVisits(Set(cells.map(\.visit)))
        let visitTimes = visitLabels.map { Double($0) }
        let wideColumns = Set(cells.map(\.column))
        let kept = table.columns.filter { !wideColumns.contains($0.name) }
        for name in outcomes + [visitColumnName] where kept.contains(where: { $0.name == name }) {
            throw .invalidLayout(file: table.source, reason: "the long form needs a column \(name), but the file already has one "
                                 + "that is not a wide column; rename it, or read the file with --layout long")
        }
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
            let sources = cells.filter { $0.outcome == outcome }.compactMap { cell -> (Int, Column)? in
                guard let visit = visitLabels.firstIndex(of: cell.visit),
                      let column = table.columns.first(where: { $0.name == cell.column }) else { return nil }
                return (visit, column)
            }
            let allNumeric = sources.allSatisfy { if case .numeric = $0.1.values { return true } else { return false } }
            if allNumeric {
                var values = [Double](repeating: .nan, count: rows * visits)
                for (visit, column) in sources {
                    guard case let .numeric(wide) = column.values else { continue }
                    for row in 0..<rows { values[row * visits + visit] = wide[row] }
                }
                columns.append(Column(name: outcome, values: .numeric(values)))
            } else {
                // Some cells hold text: keep every cell's text, so validation reports each bad one.
                var texts = [String?](repeating: nil, count: rows * visits)
                for (visit, column) in sources {
                    for row in 0..<rows where !column.isMissing(row) { texts[row * visits + visit] = column.text(at: row) }
                }
                var levels: [String] = [], code: [String: Int32] = [:]
                let codes = texts.map { text -> Int32 in
                    guard let text else { return Factor.missingCode }
                    if let existing = code[text] { return existing }
                    code[text] = Int32(levels.count)
                    levels.append(text)
                    return Int32(levels.count - 1)
                }
                columns.append(Column(name: outcome, values: .categorical(Factor(levels: levels, codes: codes))))
            }
        }
        return Table(source: table.source, columns: columns, lineNumbers: longRows.map { table.lineNumbers[$0] },
                     blankLines: table.blankLines, decimalSeparator: table.decimalSeparator)
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
