/// Runs the validation rules over a table's rows, collecting issues and, for warning-level
/// rules, which rows to exclude and why. A row is excluded once, for its first reason.
struct RuleChecker {
    let table: Table
    let declarations: DataDeclarations
    private(set) var issues: [ValidationIssue] = []
    private(set) var exclusionReason: [Int: RowLedger.Exclusion] = [:]
    /// Rows that already failed a check, so later checks do not pile onto them.
    private var flagged = Set<Int>()

    init(table: Table, declarations: DataDeclarations) {
        self.table = table
        self.declarations = declarations
    }

    mutating func record(_ rule: ValidationRule, rows: [Int], reportedRow: Int, column: String, value: String, expected: String) {
        let severity = declarations.severity(of: rule)
        let line = Int(table.lineNumbers[reportedRow])
        issues.append(ValidationIssue(rule: rule, severity: severity, file: table.source, line: line,
                                      column: column, value: value, expected: expected))
        for row in rows {
            flagged.insert(row)
            if severity == .warning, exclusionReason[row] == nil {
                exclusionReason[row] = RowLedger.Exclusion(line: Int(table.lineNumbers[row]), rule: rule, column: column,
                                                           value: value, reason: expected)
            }
        }
    }

    // MARK: - Keys

    /// The column as a factor. Numbers become levels in numeric order, as R's factor() gives.
    /// With declared levels, other values fail `unknownLevel` and become missing.
    mutating func keyFactor(_ column: Column, declaredLevels: [String]?, reference: String?, normalizingLabels: Bool = false) -> Factor {
        var factor = Self.factor(of: column)
        if normalizingLabels, case .categorical = column.values {
            let (normalized, notes) = LevelNormalization.normalizing(factor, column: column.name, declared: declaredLevels,
                                                                     lineNumbers: table.lineNumbers)
            factor = normalized
            normalizations += notes
        }
        if let declaredLevels {
            let allowed = Set(declaredLevels)
            var codes = factor.codes
            for row in codes.indices where codes[row] >= 0 && !allowed.contains(factor.levels[Int(codes[row])]) {
                record(.unknownLevel, rows: [row], reportedRow: row, column: column.name,
                       value: factor.levels[Int(codes[row])],
                       expected: "is not a declared level; expected one of \(declaredLevels.joined(separator: ", "))"
                           + (nearestName(to: factor.levels[Int(codes[row])], among: declaredLevels).map { " (did you mean \($0)?)" } ?? ""))
                codes[row] = Factor.missingCode
            }
            let present = Factor(levels: factor.levels, codes: codes)
            let kept = factor.levels.filter { allowed.contains($0) }
            if case let .success(ordered) = Factor(levels: kept, codes: Self.recode(present, to: kept)).reordered(declaredLevels) {
                factor = ordered
            }
        }
        if let reference, !factor.levels.contains(reference) {
            roleProblems.append("\(table.source): the reference level \"\(reference)\" is not a level of \(column.name); "
                                + "the levels are \(factor.levels.joined(separator: ", "))")
        }
        if let reference, let position = factor.levels.firstIndex(of: reference), position > 0 {
            var order = factor.levels
            order.remove(at: position)
            order.insert(reference, at: 0)
            if case let .success(reordered) = factor.reordered(order) { factor = reordered }
        }
        return factor
    }

    /// Codes of `factor` against `levels`, which must contain every level in use.
    static func recode(_ factor: Factor, to levels: [String]) -> [Int32] {
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
        return factor.codes.map { $0 < 0 ? Factor.missingCode : position[factor.levels[Int($0)]] ?? Factor.missingCode }
    }

    static func factor(of column: Column) -> Factor {
        switch column.values {
        case let .categorical(factor):
            return factor
        case let .numeric(values):
            let distinct = Array(Set(values.filter { !$0.isNaN })).sorted()
            let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
            return Factor(levels: distinct.map(formatNumber), codes: values.map { $0.isNaN ? Factor.missingCode : position[$0]! })
        case let .date(days):
            let distinct = Array(Set(days.filter { $0 != Column.missingDate })).sorted()
            let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
            return Factor(levels: distinct.map(ISODate.format), codes: days.map { $0 == Column.missingDate ? Factor.missingCode : position[$0]! })
        }
    }

    /// The visit axis: numeric visits in time order, labelled visits in declared order or else in
    /// the order the subjects' rows give them. Sorting labels as text would put "FU" before "S1"
    /// and "week 12" before "week 4", and the first visit is the baseline unless one is named.
    mutating func visits(_ column: Column, subjects: Factor, declarations: DataDeclarations) -> (VisitAxis, [Int32]) {
        var factor = keyFactor(column, declaredLevels: declarations.levels[column.name], reference: nil, normalizingLabels: true)
        var order: VisitAxis.Order = declarations.levels[column.name] != nil ? .declared : .times
        if case .categorical = column.values, declarations.levels[column.name] == nil {
            // The labels' own order when they state one, else the rows' (VisitAxis.labelOrder's rule).
            let natural = VisitLabelOrder.natural(factor.levels)
            order = natural != nil ? .labels : .rows
            let ordered = natural ?? VisitAxis.rowOrder(visits: factor.codes.indices.map { factor.value(at: $0) },
                                                        subjects: subjects.codes.indices.map { subjects.value(at: $0) })
            if case let .success(reordered) = factor.reordered(ordered) { factor = reordered }
        }
        var times: [Double]?
        if case .numeric = column.values {
            times = factor.levels.map { Double($0) ?? .nan }
        }
        // The visit labelled baseline is the baseline even after a screening visit (labels of any
        // order: "Screening", "Baseline", "Week 4"); otherwise the first visit is.
        var baselineIndex = 0
        if declarations.baselineVisit == nil, case .categorical = column.values,
           let labelled = factor.levels.firstIndex(where: { VisitLabelOrder.key($0)?.rank == 1 }), labelled > 0 {
            baselineIndex = labelled
            if factor.levels.filter({ VisitLabelOrder.key($0)?.rank == 1 }).count == 1 {
                readingNotes.append("the baseline visit is \(factor.levels[labelled]), as its label says, not the first visit "
                                    + "\(factor.levels[0]); name another with --baseline-visit")
            } else {
                baselineIndex = 0
            }
        }
        if let baseline = declarations.baselineVisit {
            if let index = factor.levels.firstIndex(of: baseline) {
                baselineIndex = index
            } else {
                roleProblems.append("\(table.source): the baseline visit \"\(baseline)\" is not a visit; the visits are "
                                    + factor.levels.joined(separator: ", "))
            }
        }
        return (VisitAxis(labels: factor.levels, times: times, baselineIndex: baselineIndex, order: order), factor.codes)
    }

    var roleProblems: [String] = []
    /// Labels read as another (spaces, case), said in the dataset.
    var normalizations: [LevelNormalization] = []
    /// What the checks decided without being told (a date format), for the dataset's reading notes.
    var readingNotes: [String] = []

    // MARK: - Numbers and ranges

    /// The column's values as numbers: text that is not a number fails `notANumber`, and a
    /// value outside a declared range fails `outOfRange`; both then count as missing.
    mutating func numbers(_ column: Column) -> [Double] {
        var values: [Double]
        switch column.values {
        case let .numeric(numbers):
            values = numbers
        case let .categorical(factor):
            let parsed = factor.levels.map { level in
                Array(level.utf8).withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: table.decimalSeparator) }
            }
            values = [Double](repeating: .nan, count: factor.count)
            for row in 0..<factor.count where factor.codes[row] >= 0 {
                let code = Int(factor.codes[row])
                if let number = parsed[code] {
                    values[row] = number
                } else {
                    let level = factor.levels[code]
                    record(.notANumber, rows: [row], reportedRow: row, column: column.name, value: level,
                           expected: "is not a number" + (Self.looksLikeDecimalComma(level) ? " (decimal comma? try --decimal ,)" : ""))
                }
            }
        case let .date(days):
            values = [Double](repeating: .nan, count: days.count)
            for row in days.indices where days[row] != Column.missingDate {
                record(.notANumber, rows: [row], reportedRow: row, column: column.name, value: ISODate.format(days[row]),
                       expected: "is a date; expected a number")
            }
        }
        if let range = declarations.ranges[column.name] {
            for row in values.indices where !values[row].isNaN && !range.contains(values[row]) {
                record(.outOfRange, rows: [row], reportedRow: row, column: column.name, value: formatNumber(values[row]),
                       expected: "is outside the declared range \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))")
                values[row] = .nan
            }
        }
        return values
    }

    static func looksLikeDecimalComma(_ text: String) -> Bool {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            let digits = part.hasPrefix("-") ? part.dropFirst() : Substring(part)
            return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
        }
    }

    // MARK: - Subject-level rules

    mutating func checkMissingKeys(subjects: Factor, arms: Factor, visitCodes: [Int32], names: (String, String, String)) {
        for row in 0..<subjects.count where !flagged.contains(row) {
            let missing = [(subjects.codes[row], names.0, "subject"), (arms.codes[row], names.1, "arm"), (visitCodes[row], names.2, "visit")]
                .first { $0.0 == Factor.missingCode }
            if let (_, column, role) = missing {
                record(.missingKey, rows: [row], reportedRow: row, column: column, value: "",
                       expected: "is missing; a row cannot be placed without its \(role)")
            }
        }
    }

    mutating func checkSubjectsInOneArm(subjects: Factor, arms: Factor, armColumn: String) {
        // Arrays by subject code, not dictionaries: this runs on every load. The rows of a subject
        // are gathered only for the subjects reported.
        let levels = subjects.levels.count
        var firstArm = [Int32](repeating: -1, count: levels), firstRow = [Int](repeating: -1, count: levels)
        var reported = [Bool](repeating: false, count: levels)
        var conflicts: [(subject: Int32, row: Int, arm: Int32)] = []
        for row in 0..<subjects.count {
            let subject = subjects.codes[row], arm = arms.codes[row]
            guard subject >= 0, arm >= 0 else { continue }
            let index = Int(subject)
            guard firstArm[index] >= 0 else {
                firstArm[index] = arm
                firstRow[index] = row
                continue
            }
            if firstArm[index] != arm, !reported[index] {
                reported[index] = true
                conflicts.append((subject, row, arm))
            }
        }
        guard !conflicts.isEmpty else { return }
        var rowsOfSubject: [Int32: [Int]] = [:]
        for row in 0..<subjects.count where subjects.codes[row] >= 0 && reported[Int(subjects.codes[row])] {
            rowsOfSubject[subjects.codes[row], default: []].append(row)
        }
        for (subject, row, arm) in conflicts {
            let index = Int(subject)
            record(.subjectInTwoArms, rows: rowsOfSubject[subject] ?? [row], reportedRow: row, column: armColumn,
                   value: arms.levels[Int(arm)],
                   expected: "differs from arm \(arms.levels[Int(firstArm[index])]) of subject \(subjects.levels[index]) on line "
                       + "\(table.lineNumbers[firstRow[index]]); expected one arm per subject")
        }
    }

    mutating func checkDuplicates(subjects: Factor, visitCodes: [Int32], visitAxis: VisitAxis, visitColumn: String) {
        // Codes are dense, so a subject × visit grid finds repeats without hashing when it is no
        // larger than a few times the rows (a long trial's usual shape); otherwise a dictionary.
        let visitCount = visitAxis.labels.count, cells = subjects.levels.count * visitCount
        var grid: [Int32] = cells <= 4 * subjects.count + 1_000_000 ? [Int32](repeating: -1, count: cells) : []
        var firstRow: [Int64: Int] = [:]
        if grid.isEmpty { firstRow.reserveCapacity(subjects.count) }
        for row in 0..<subjects.count {
            let subject = subjects.codes[row], visit = visitCodes[row]
            guard subject >= 0, visit >= 0 else { continue }
            let first: Int?
            if !grid.isEmpty {
                let cell = Int(subject) * visitCount + Int(visit)
                first = grid[cell] >= 0 ? Int(grid[cell]) : nil
                if first == nil { grid[cell] = Int32(row) }
            } else {
                let key = Int64(subject) << 32 | Int64(visit)
                first = firstRow[key]
                if first == nil { firstRow[key] = row }
            }
            if let first {
                record(.duplicateSubjectVisit, rows: [row], reportedRow: row, column: visitColumn,
                       value: visitAxis.labels[Int(visit)],
                       expected: "repeats this visit of subject \(subjects.levels[Int(subject)]) (line \(table.lineNumbers[first])); "
                           + "expected one row per subject and visit")
            }
        }
    }

    /// Within a subject, each visit must be dated after the visit before it in visit order.
    mutating func checkVisitOrder(subjects: Factor, visitCodes: [Int32], visitAxis: VisitAxis, dates column: Column) {
        let days: [Int32]
        switch SpreadsheetDate.read(column, format: declarations.dateFormat) {
        case let .days(read, note):
            days = read
            if let note { readingNotes.append("column \(column.name): " + note) }
        case let .ambiguous(row, value):
            roleProblems.append("\(table.source):\(table.lineNumbers[row]): column \(column.name): \"\(value)\" reads as day/month and as "
                                + "month/day, and so does every date in the column; declare the format (--date-format dd/mm/yyyy or "
                                + "mm/dd/yyyy) or write the dates as YYYY-MM-DD")
            return
        case let .invalid(row, value, expected):
            roleProblems.append("\(table.source):\(table.lineNumbers[row]): column \(column.name): \"\(value)\" is not \(expected)")
            return
        case .notDates:
            roleProblems.append("\(table.source): the visit-date column \(column.name) does not hold dates (YYYY-MM-DD, DD.MM.YYYY, "
                                + "DD/MM/YYYY, MM/DD/YYYY or spreadsheet serial numbers); declare the format with --date-format")
            return
        }
        var rowsOfSubject: [Int32: [Int]] = [:]
        for row in 0..<subjects.count where subjects.codes[row] >= 0 && visitCodes[row] >= 0 && days[row] != Column.missingDate
            && !flagged.contains(row) {
            rowsOfSubject[subjects.codes[row], default: []].append(row)
        }
        for (_, rows) in rowsOfSubject.sorted(by: { $0.value[0] < $1.value[0] }) {
            // Each visit is compared with the latest visit before it that was not itself reported.
            let inVisitOrder = rows.sorted { visitCodes[$0] < visitCodes[$1] }
            var previous = inVisitOrder[0]
            for later in inVisitOrder.dropFirst() {
                if days[later] <= days[previous] {
                    record(.visitsOutOfOrder, rows: [later], reportedRow: later, column: column.name, value: ISODate.format(days[later]),
                           expected: "is not after visit \(visitAxis.labels[Int(visitCodes[previous])]) on \(ISODate.format(days[previous])) "
                               + "(line \(table.lineNumbers[previous])); expected visits dated in their order")
                } else {
                    previous = later
                }
            }
        }
    }

    mutating func checkBaselineRows(subjects: Factor, visitCodes: [Int32], visitAxis: VisitAxis, subjectColumn: String) {
        var hasBaseline = Set<Int32>()
        var rowsOfSubject: [Int32: [Int]] = [:]
        for row in 0..<subjects.count where subjects.codes[row] >= 0 && exclusionReason[row] == nil {
            rowsOfSubject[subjects.codes[row], default: []].append(row)
            if visitCodes[row] == Int32(visitAxis.baselineIndex) { hasBaseline.insert(subjects.codes[row]) }
        }
        for (subject, rows) in rowsOfSubject.sorted(by: { $0.value[0] < $1.value[0] }) where !hasBaseline.contains(subject) {
            record(.missingBaseline, rows: rows, reportedRow: rows[0], column: subjectColumn, value: subjects.levels[Int(subject)],
                   expected: "has no row at the baseline visit \(visitAxis.baselineLabel), so no change from baseline can be computed")
        }
    }
}

/// Numbers as R prints them in labels: 12 not 12.0, 0.5, -3.25.
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}

extension ISODate {
    static func format(_ days: Int32) -> String {
        // Hinnant's civil_from_days.
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
