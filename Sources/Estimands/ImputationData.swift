import ModelFrames
import TrialData

/// A two-arm trial in long form as reference-based imputation needs it: one row per subject and
/// visit (rows a dropout never had are added, their outcome missing, their subject-level columns
/// copied), each subject's arm and intercurrent event, and the outcome as observed.
public struct ImputationData: Sendable {
    public struct Columns: Sendable, Equatable {
        public var outcome, visit, subject, arm: String
        public init(outcome: String, visit: String, subject: String, arm: String) {
            self.outcome = outcome
            self.visit = visit
            self.subject = subject
            self.arm = arm
        }
    }

    public let columns: Columns
    /// One row per subject and visit, subjects in level order, each subject's visits in order.
    public let table: Table
    public let subjects: [String]
    /// The visits in the visit column's order.
    public let visits: [String]
    /// The reference (control) arm and the other one.
    public let reference: String
    public let treatment: String
    /// Per subject, whether they are in the treatment arm.
    public let isTreatment: [Bool]
    /// Per subject, the index of the first visit their event affects, and its strategy.
    public let events: [(visit: Int, strategy: ImputationStrategy)?]
    /// Subject-major (subject · T + visit): the outcome as observed, NaN where missing.
    public let observed: [Double]
    /// Rows added for visits a subject had no row for.
    public let addedRows: Int
    /// Rows of other arms left out (the analysis compares two arms).
    public let otherArmRows: Int
    /// Events given for subjects of other arms, left out with them.
    public let otherArmEvents: Int

    public var subjectCount: Int { subjects.count }
    public var visitCount: Int { visits.count }

    /// The outcome the imputation model is fitted to: what was observed, less the values after an
    /// event whose strategy discards them (every strategy but MAR, as rbmi does).
    public var modelled: [Double] {
        var values = observed
        let t = visitCount
        for (subject, event) in events.enumerated() {
            guard let event, event.strategy.discardsDataAfterEvent else { continue }
            for visit in event.visit..<t { values[subject * t + visit] = .nan }
        }
        return values
    }

    /// `covariates`: the columns the models read besides the outcome, visit, subject and arm; an
    /// added row takes them from the subject (constant within it) or the visit (the same for every
    /// subject at it), and leaves every other column empty.
    public init(table source: Table, columns: Columns, reference: String, treatment: String,
                events given: [IntercurrentEvent], covariates: [String] = []) throws(EstimandError) {
        self.columns = columns
        self.reference = reference
        self.treatment = treatment
        func column(_ name: String) throws(EstimandError) -> Column {
            guard let found = source.columns.first(where: { $0.name == name }) else {
                throw .unknownColumn(file: source.source, column: name, available: source.columnNames)
            }
            return found
        }
        let armColumn = try column(columns.arm), subjectColumn = try column(columns.subject), visitColumn = try column(columns.visit)
        guard case let .numeric(outcomeValues) = try column(columns.outcome).values else {
            throw .notNumeric(file: source.source, column: columns.outcome)
        }
        let arms = Self.labels(armColumn), subjectsByRow = Self.labels(subjectColumn), visitsByRow = Self.labels(visitColumn)
        if case .numeric = armColumn.values { throw .numericArm(file: source.source, column: columns.arm) }
        let armLevels = Self.levels(armColumn)
        for arm in [reference, treatment] where !armLevels.contains(arm) {
            throw .unknownArm(file: source.source, column: columns.arm, arm: arm, arms: armLevels)
        }
        guard reference != treatment else { throw .sameArms(reference) }

        // The two arms' rows; each subject in one arm, seen at most once per visit.
        var keep: [Int] = [], otherArms = 0
        var armOf: [String: String] = [:], rowOf: [String: Int] = [:]
        for row in 0..<source.rowCount {
            guard let arm = arms[row], let subject = subjectsByRow[row], let visit = visitsByRow[row] else {
                throw .missingKey(file: source.source, line: Int(source.lineNumbers[row]),
                                  column: arms[row] == nil ? columns.arm : subjectsByRow[row] == nil ? columns.subject : columns.visit)
            }
            guard arm == reference || arm == treatment else { otherArms += 1; continue }
            if let earlier = armOf[subject], earlier != arm {
                throw .subjectInTwoArms(file: source.source, subject: subject, arms: [earlier, arm], line: Int(source.lineNumbers[row]))
            }
            armOf[subject] = arm
            let key = subject + "\u{1F}" + visit
            if let earlier = rowOf[key] {
                throw .duplicatedVisit(file: source.source, subject: subject, visit: visit,
                                       lines: [Int(source.lineNumbers[earlier]), Int(source.lineNumbers[row])])
            }
            rowOf[key] = row
            keep.append(row)
        }
        otherArmRows = otherArms
        // The visits of the two arms' rows, in the column's order.
        let present = Set(keep.compactMap { visitsByRow[$0] })
        visits = Self.levels(visitColumn).filter(present.contains)
        subjects = Self.levels(subjectColumn).filter { armOf[$0] != nil }
        isTreatment = subjects.map { armOf[$0] == treatment }

        // One row per subject and visit, in that order; a missing visit's row copies the subject's
        // first row, its outcome missing, when every other column is constant within the subject.
        // A column that is the same for every subject at a visit (the visit's week) takes the visit's value.
        var order: [Int] = [], added: [(row: Int, visit: String)] = []
        let constantColumns = Self.constant(source, rows: keep, within: subjectsByRow)
        let visitColumns = Self.constant(source, rows: keep, within: visitsByRow)
        var rowAtVisit: [String: Int] = [:]
        for row in keep where rowAtVisit[visitsByRow[row]!] == nil { rowAtVisit[visitsByRow[row]!] = row }
        for subject in subjects {
            let first = keep.first { subjectsByRow[$0] == subject }!
            for visit in visits {
                if let row = rowOf[subject + "\u{1F}" + visit] {
                    order.append(row)
                } else {
                    for name in covariates where !constantColumns.contains(name) && !(visitColumns.contains(name) && rowAtVisit[visit] != nil) {
                        throw .visitRowNeeded(file: source.source, subject: subject, visit: visit, column: name)
                    }
                    order.append(first)
                    added.append((order.count - 1, visit))
                }
            }
        }
        var expanded = source.keepingRows(order)
        let keys = [columns.subject, columns.arm, columns.visit, columns.outcome]
        for index in expanded.columns.indices {
            let name = expanded.columns[index].name
            guard !keys.contains(name), !(covariates.contains(name) && constantColumns.contains(name)) else { continue }
            for item in added {
                if covariates.contains(name), let from = rowAtVisit[item.visit] {
                    expanded.columns[index].values = Self.copying(source.columns[index].values, row: from, into: expanded.columns[index].values, at: item.row)
                } else {
                    expanded.columns[index].values = Self.clearing(expanded.columns[index].values, at: item.row)
                }
            }
        }
        var outcome = order.map { outcomeValues[$0] }
        for item in added { outcome[item.row] = .nan }
        if let index = expanded.columns.firstIndex(where: { $0.name == columns.outcome }) {
            expanded.columns[index].values = .numeric(outcome)
        }
        if !added.isEmpty, let index = expanded.columns.firstIndex(where: { $0.name == columns.visit }) {
            expanded.columns[index].values = Self.settingVisits(expanded.columns[index].values, rows: added.map(\.row),
                                                                visits: added.map(\.visit))
        }
        table = expanded
        addedRows = added.count
        observed = outcome.map { $0.isFinite ? $0 : .nan }

        // Events: a known subject, a known visit, one per subject.
        var events = [(visit: Int, strategy: ImputationStrategy)?](repeating: nil, count: subjects.count)
        let subjectIndex = Dictionary(uniqueKeysWithValues: subjects.enumerated().map { ($1, $0) })
        let allSubjects = Set(Self.levels(subjectColumn))
        var otherArmEvents = 0
        for event in given {
            guard let index = subjectIndex[event.subject] else {
                if allSubjects.contains(event.subject) { otherArmEvents += 1; continue }  // a subject of another arm
                throw .unknownEventSubject(subject: event.subject, origin: event.origin)
            }
            guard let visit = visits.firstIndex(of: event.visit) else {
                throw .unknownEventVisit(subject: event.subject, visit: event.visit, visits: visits, origin: event.origin)
            }
            guard events[index] == nil else { throw .repeatedEvent(subject: event.subject, origin: event.origin) }
            events[index] = (visit, event.strategy)
        }
        self.events = events
        self.otherArmEvents = otherArmEvents
    }

    /// rbmi's usual events: each subject whose outcome is missing from some visit to the last one
    /// has an event at the first of those visits (a dropout); gaps before it stay missing at random.
    public func dropoutEvents(strategy: ImputationStrategy) -> [IntercurrentEvent] {
        let t = visitCount
        var events: [IntercurrentEvent] = []
        for (index, subject) in subjects.enumerated() {
            var first = t
            while first > 0 && observed[index * t + first - 1].isNaN { first -= 1 }
            if first < t { events.append(IntercurrentEvent(subject: subject, visit: visits[first], strategy: strategy)) }
        }
        return events
    }

    /// Each row's value of a column as a label (a number as R writes a factor level of it); nil
    /// where empty or where the table has no such column.
    public static func labels(of name: String, in table: Table) -> [String?] {
        guard let column = table.columns.first(where: { $0.name == name }) else { return [String?](repeating: nil, count: table.rowCount) }
        return labels(column)
    }

    static func labels(_ column: Column) -> [String?] {
        switch column.values {
        case let .categorical(factor): return (0..<factor.count).map { factor.value(at: $0) }
        case let .numeric(numbers): return numbers.map { $0.isFinite ? rLabel($0) : nil }
        case let .date(days): return days.map { $0 == Column.missingDate ? nil : String($0) }
        }
    }

    static func levels(_ column: Column) -> [String] {
        switch column.values {
        case let .categorical(factor): return factor.levels
        case let .numeric(numbers): return Array(Set(numbers.filter(\.isFinite))).sorted().map(rLabel)
        case let .date(days): return Array(Set(days.filter { $0 != Column.missingDate })).sorted().map { String($0) }
        }
    }

    /// The columns whose value is the same on every row of each group (each subject, or each visit).
    static func constant(_ table: Table, rows: [Int], within groups: [String?]) -> Set<String> {
        var constant: Set<String> = []
        for column in table.columns {
            let values = labels(column)
            var first: [String: String?] = [:]
            var same = true
            for row in rows {
                guard let group = groups[row] else { continue }
                if let seen = first[group] {
                    if seen != values[row] { same = false; break }
                } else {
                    first[group] = values[row]
                }
            }
            if same { constant.insert(column.name) }
        }
        return constant
    }

    /// `values` with the one at `position` missing.
    static func clearing(_ values: Column.Values, at position: Int) -> Column.Values {
        switch values {
        case var .numeric(numbers):
            numbers[position] = .nan
            return .numeric(numbers)
        case var .date(days):
            days[position] = Column.missingDate
            return .date(days)
        case let .categorical(factor):
            var codes = factor.codes
            codes[position] = Factor.missingCode
            return .categorical(Factor(levels: factor.levels, codes: codes))
        }
    }

    /// `target` with the value of `source` at `row` put at `position`.
    static func copying(_ source: Column.Values, row: Int, into target: Column.Values, at position: Int) -> Column.Values {
        switch (source, target) {
        case let (.numeric(from), .numeric(to)):
            var values = to
            values[position] = from[row]
            return .numeric(values)
        case let (.date(from), .date(to)):
            var values = to
            values[position] = from[row]
            return .date(values)
        case let (.categorical(from), .categorical(to)):
            var codes = to.codes
            codes[position] = from.value(at: row).flatMap { to.levels.firstIndex(of: $0) }.map(Int32.init) ?? Factor.missingCode
            return .categorical(Factor(levels: to.levels, codes: codes))
        default:
            return target
        }
    }

    static func settingVisits(_ values: Column.Values, rows: [Int], visits: [String]) -> Column.Values {
        switch values {
        case var .numeric(numbers):
            for (row, visit) in zip(rows, visits) { numbers[row] = Double(visit) ?? .nan }
            return .numeric(numbers)
        case let .categorical(factor):
            var codes = factor.codes
            for (row, visit) in zip(rows, visits) { codes[row] = Int32(factor.levels.firstIndex(of: visit) ?? -1) }
            return .categorical(Factor(levels: factor.levels, codes: codes))
        case .date:
            return values
        }
    }
}
