/// Turns a table into a `TrialDataset`: resolves the roles, applies the declarations, runs
/// every validation rule, excludes the rows that fail a warning-level rule (recording each
/// in the ledger), and stops with `ValidationFailure` when an error-level rule fails.
public enum TrialDatasetLoader {
    /// `priorExclusions` are rows an input adapter (REDCap, ADaM) already set aside; they are
    /// not in `table` but are counted in the ledger, so every row of the file is accounted for.
    public static func load(
        _ table: Table, roles requested: ColumnRoles = ColumnRoles(), declarations: DataDeclarations = DataDeclarations(),
        priorExclusions: [RowLedger.Exclusion] = [], requiresBaselineRows: Bool = true
    ) throws(ValidationFailure) -> TrialDataset {
        let roles = requested.recognized(in: table)
        var problems: [String] = []
        func column(_ name: String?, role: String, flag: String) -> Column? {
            guard let name else {
                problems.append("\(table.source): no \(role) column; name one with \(flag)"
                                + (role == "arm" ? ", or --arm none for a single-arm series" : "")
                                + " (columns: \(table.columnNames.joined(separator: ", ")))")
                return nil
            }
            guard let found = table.columns.first(where: { $0.name == name }) else {
                problems.append("\(table.source): no column named \"\(name)\" for the \(role); the columns are \(table.columnNames.joined(separator: ", "))")
                return nil
            }
            return found
        }
        let subjectColumn = column(roles.subject, role: "subject", flag: "--subject")
        // A single-arm series (a clinic's registry) says so with arm "none": every subject is in
        // one group, labelled as such in every table. A missing arm column is never taken to
        // mean this, since pooling the arms of a trial by mistake would be silent.
        let armColumn: Column?
        if roles.arm == ColumnRoles.singleArm && !table.columnNames.contains(ColumnRoles.singleArm) {
            armColumn = Column(name: ColumnRoles.singleArmLabel,
                               values: .categorical(Factor(levels: [ColumnRoles.singleArmLabel], codes: Array(repeating: 0, count: table.rowCount))))
        } else {
            armColumn = column(roles.arm, role: "arm", flag: "--arm")
        }
        let visitColumn = column(roles.visit, role: "visit", flag: "--visit")
        let outcomeColumns = roles.outcomes.compactMap { column($0, role: "outcome", flag: "--outcome") }
        let baselineColumns = roles.baselineColumns.compactMapValues { column($0, role: "baseline", flag: "--baseline") }
        // A declaration for a column the file does not have would silently check nothing.
        let declaredColumns = Set(declarations.levels.keys).union(declarations.references.keys).union(declarations.ranges.keys)
        for name in declaredColumns.sorted() where !table.columnNames.contains(name) {
            problems.append("\(table.source): a level order, reference or range is declared for column \"\(name)\", which the file "
                            + "does not have; the columns are \(table.columnNames.joined(separator: ", "))")
        }
        let covariateColumns = roles.covariates.compactMap { column($0, role: "covariate", flag: "--covariate") }
        let visitDateColumn = roles.visitDate.flatMap { column($0, role: "visit date", flag: "--visit-date") }
        if roles.outcomes.isEmpty { problems.append("\(table.source): no outcome column; name one with --outcome") }
        guard problems.isEmpty, let subjectColumn, let armColumn, let visitColumn else {
            throw ValidationFailure(source: table.source, issues: [], roleProblems: problems)
        }

        var checker = RuleChecker(table: table, declarations: declarations)
        let subjects = checker.keyFactor(subjectColumn, declaredLevels: nil, reference: nil)
        let arms = checker.keyFactor(armColumn, declaredLevels: declarations.levels[armColumn.name],
                                     reference: declarations.references[armColumn.name], normalizingLabels: true)
        let (visitAxis, visitCodes) = checker.visits(visitColumn, subjects: subjects, declarations: declarations)
        guard !visitAxis.labels.isEmpty else {
            throw ValidationFailure(source: table.source, issues: checker.issues,
                                    roleProblems: ["\(table.source): the visit column \(visitColumn.name) has no values, so there are no visits"])
        }
        // Each numeric column once, in a fixed order, so issues are reported once and always alike.
        var numericValues: [String: [Double]] = [:]
        let baselineColumnList = baselineColumns.keys.sorted().compactMap { baselineColumns[$0] }
        for numeric in outcomeColumns + baselineColumnList where numericValues[numeric.name] == nil {
            numericValues[numeric.name] = checker.numbers(numeric)
        }
        // Declared ranges and levels are checked on any column they name, not only role columns.
        let keyNames = Set([subjectColumn.name, armColumn.name, visitColumn.name])
        for name in declarations.ranges.keys.sorted() where numericValues[name] == nil && !keyNames.contains(name) {
            if let ranged = table.columns.first(where: { $0.name == name }) { numericValues[name] = checker.numbers(ranged) }
        }
        for name in Set(declarations.levels.keys).union(declarations.references.keys).sorted() where !keyNames.contains(name) {
            if let other = table.columns.first(where: { $0.name == name }) {
                _ = checker.keyFactor(other, declaredLevels: declarations.levels[name], reference: declarations.references[name])
            }
        }
        checker.checkMissingKeys(subjects: subjects, arms: arms, visitCodes: visitCodes,
                                 names: (subjectColumn.name, armColumn.name, visitColumn.name))
        checker.checkSubjectsInOneArm(subjects: subjects, arms: arms, armColumn: armColumn.name)
        checker.checkDuplicates(subjects: subjects, visitCodes: visitCodes, visitAxis: visitAxis, visitColumn: visitColumn.name)
        if let visitDateColumn {
            checker.checkVisitOrder(subjects: subjects, visitCodes: visitCodes, visitAxis: visitAxis, dates: visitDateColumn)
        }
        // Change from baseline needs each subject's baseline row; a model of the observed values
        // (a mixed model uses every row it has) does not, and says so with requiresBaselineRows.
        let needsBaselineRow = requiresBaselineRows && outcomeColumns.contains { baselineColumns[$0.name] == nil }
        if needsBaselineRow {
            checker.checkBaselineRows(subjects: subjects, visitCodes: visitCodes, visitAxis: visitAxis, subjectColumn: subjectColumn.name)
        }

        if !checker.roleProblems.isEmpty {
            throw ValidationFailure(source: table.source, issues: checker.issues, roleProblems: checker.roleProblems)
        }
        let issues = checker.issues.sorted { ($0.severity == .error ? 0 : 1, $0.line) < ($1.severity == .error ? 0 : 1, $1.line) }
        if issues.contains(where: { $0.severity == .error }) {
            throw ValidationFailure(source: table.source, issues: issues, roleProblems: [])
        }

        // Keep the rows no warning excluded, in one order whatever the file's: by subject (their
        // labels sorted), then visit. No sum, table or figure then depends on how the file was sorted.
        let used = (0..<table.rowCount).filter { checker.exclusionReason[$0] == nil }
            .sorted { (subjects.codes[$0], visitCodes[$0], table.lineNumbers[$0]) < (subjects.codes[$1], visitCodes[$1], table.lineNumbers[$1]) }
        let usedSubjects = Factor(levels: subjects.levels, codes: used.map { subjects.codes[$0] })
        let usedArms = Factor(levels: arms.levels, codes: used.map { arms.codes[$0] })
        let usedVisits = used.map { visitCodes[$0] }
        var outcomes: [String: [Double]] = [:]
        var baselines: [String: [Double]] = [:]
        for outcome in outcomeColumns {
            let values = numericValues[outcome.name]!
            let usedValues = used.map { values[$0] }
            outcomes[outcome.name] = usedValues
            if let baselineColumn = baselineColumns[outcome.name] {
                let baseline = numericValues[baselineColumn.name]!
                baselines[outcome.name] = used.map { baseline[$0] }
            } else {
                baselines[outcome.name] = baselineFromVisit(usedValues, subjects: usedSubjects, visitCodes: usedVisits,
                                                            baselineIndex: visitAxis.baselineIndex)
            }
        }
        let covariates = covariateColumns.map { covariate in
            Column(name: covariate.name, values: covariate.values.selecting(used))
        }
        let excluded = ((0..<table.rowCount).compactMap { checker.exclusionReason[$0] } + priorExclusions).sorted { $0.line < $1.line }
        var ledger = RowLedger(source: table.source, rowsRead: table.rowCount + priorExclusions.count,
                               blankLinesSkipped: table.blankLines.count, excluded: excluded)
        ledger.normalized = checker.normalizations
        var dataset = TrialDataset(
            source: table.source, roles: roles, subjects: usedSubjects, arms: usedArms, visits: visitAxis,
            visitCodes: usedVisits, outcomes: outcomes, covariates: covariates,
            lineNumbers: used.map { table.lineNumbers[$0] }, ledger: ledger, warnings: issues, baselines: baselines)
        dataset.tableRows = used
        dataset.readingNotes = checker.readingNotes
        if visitAxis.order == .rows, visitAxis.labels.count > 1 {
            dataset.readingNotes.append("the visits \(visitAxis.labels.joined(separator: ", ")) are in the order of the subjects' rows, "
                                        + "which their labels do not state; declare the order (levels: \(visitColumn.name)) to be sure")
        }
        return dataset
    }

    /// Each row's subject's value at the baseline visit (NaN if that value is missing).
    static func baselineFromVisit(_ values: [Double], subjects: Factor, visitCodes: [Int32], baselineIndex: Int) -> [Double] {
        var baselineOfSubject = [Double](repeating: .nan, count: subjects.levels.count)
        for row in values.indices where visitCodes[row] == Int32(baselineIndex) && subjects.codes[row] >= 0 {
            baselineOfSubject[Int(subjects.codes[row])] = values[row]
        }
        return subjects.codes.map { $0 >= 0 ? baselineOfSubject[Int($0)] : .nan }
    }
}

extension Column.Values {
    /// The values at `rows`, in that order.
    public func selecting(_ rows: [Int]) -> Column.Values {
        switch self {
        case let .numeric(values): return .numeric(rows.map { values[$0] })
        case let .categorical(factor): return .categorical(Factor(levels: factor.levels, codes: rows.map { factor.codes[$0] }))
        case let .date(days): return .date(rows.map { days[$0] })
        }
    }
}
