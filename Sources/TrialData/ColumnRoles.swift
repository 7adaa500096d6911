import Foundation

/// What each column means to the analysis. Any role left empty is looked for under the names
/// trial files commonly use (see `recognized(in:)`).
public struct ColumnRoles: Codable, Sendable, Equatable {
    public var subject: String?
    public var arm: String?
    /// The visit: numeric time (0, 4, 12) or labels whose order is declared or sorted.
    public var visit: String?
    /// The outcome columns; empty means every numeric column without another role.
    public var outcomes: [String]
    /// Per outcome, a column holding its baseline value on every row (ADaM's BASE). Outcomes
    /// not listed take their baseline from the baseline visit's row.
    public var baselineColumns: [String: String]
    public var covariates: [String]
    /// The date of each visit, for checking that visits happened in their declared order.
    public var visitDate: String?

    public init(
        subject: String? = nil, arm: String? = nil, visit: String? = nil, outcomes: [String] = [],
        baselineColumns: [String: String] = [:], covariates: [String] = [], visitDate: String? = nil
    ) {
        self.subject = subject
        self.arm = arm
        self.visit = visit
        self.outcomes = outcomes
        self.baselineColumns = baselineColumns
        self.covariates = covariates
        self.visitDate = visitDate
    }

    /// Names recognised when a role is not given, compared without regard to case.
    /// Spaces, hyphens and dots count as underscores ("Patient ID" is patient_id).
    public static let subjectNames = ["subject", "subject_id", "subjid", "subjectid", "id", "patient", "patient_id", "patientid", "participant",
                                      "participant_id", "usubjid", "record_id"]
    public static let armNames = ["arm", "group", "treatment", "treatment_group", "trt01p", "trtp", "trt01a", "trta"]
    /// The arm role's value for a single-arm series: no arm column, every subject in one group.
    public static let singleArm = "none"
    /// How that one group is labelled in tables.
    public static let singleArmLabel = "all subjects"
    public static let visitNames = ["visit", "week", "avisitn", "avisit", "visitnum", "time", "timepoint", "time_point"]

    /// These roles with the unset ones filled in from the table's column names and types.
    public func recognized(in table: Table) -> ColumnRoles {
        var roles = self
        func find(_ candidates: [String]) -> String? {
            for candidate in candidates {
                if let column = table.columnNames.first(where: { Self.comparable($0) == candidate }) { return column }
            }
            return nil
        }
        roles.subject = subject ?? find(Self.subjectNames)
        roles.arm = arm ?? find(Self.armNames)
        roles.visit = visit ?? find(Self.visitNames)
        if roles.outcomes.isEmpty {
            let taken = Set([roles.subject, roles.arm, roles.visit, visitDate].compactMap { $0 } + covariates + baselineColumns.values)
            let candidates = table.columns.filter { column in
                !taken.contains(column.name) && Self.isMostlyNumeric(column, decimalSeparator: table.decimalSeparator)
            }
            // A numeric column that never changes within a subject (age, height) describes the
            // subject, not an outcome over the visits: a covariate, unless declared otherwise.
            let subjects = roles.subject.flatMap { name in table.columns.first { $0.name == name } }
            let constant = Set(candidates.filter { column in
                guard let subjects, roles.visit.map({ table.columnNames.contains($0) }) == true else { return false }
                return Self.isConstantWithinSubjects(column, subjects: subjects)
            }.map(\.name))
            roles.outcomes = candidates.map(\.name).filter { !constant.contains($0) }
            if roles.covariates.isEmpty { roles.covariates = candidates.map(\.name).filter { constant.contains($0) } }
        }
        return roles
    }

    /// A column name as the recognised names are written: lower case, spaces, hyphens and dots as underscores.
    static func comparable(_ name: String) -> String {
        name.lowercased().trimmingCharacters(in: .whitespaces).map { " -.".contains($0) ? "_" : String($0) }.joined()
    }

    /// Numeric, the same value on every row of each subject, and some subject has it on two rows.
    static func isConstantWithinSubjects(_ column: Column, subjects: Column) -> Bool {
        guard case let .numeric(values) = column.values else { return false }
        var first: [String: Double] = [:], repeated = false
        for row in values.indices where !values[row].isNaN && !subjects.isMissing(row) {
            let subject = subjects.text(at: row)
            if let seen = first[subject] {
                guard seen == values[row] else { return false }
                repeated = true
            } else {
                first[subject] = values[row]
            }
        }
        return repeated
    }

    /// A numeric column, or a text column in which at least half of the values are numbers:
    /// an outcome with a few typing errors, which validation then reports one by one.
    static func isMostlyNumeric(_ column: Column, decimalSeparator: UInt8) -> Bool {
        // A column with no values at all says nothing; it is no outcome.
        guard column.missingCount < column.count else { return false }
        switch column.values {
        case .numeric: return true
        case .date: return false
        case let .categorical(factor):
            let numeric = factor.levels.map { level in
                Array(level.utf8).withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: decimalSeparator) != nil }
            }
            var numbers = 0, present = 0
            for code in factor.codes where code >= 0 {
                present += 1
                if numeric[Int(code)] { numbers += 1 }
            }
            return present > 0 && numbers * 2 >= present
        }
    }
}
