import Foundation

/// A trial file and everything that decides how it is read and checked: its format (CSV, a
/// REDCap export, an ADaM dataset), the reader's options, the roles of its columns, the
/// declared levels, references and ranges, and its layout. The one way from a file to the data
/// an analysis takes, for every command and for a Swift caller alike.
public struct TrialDataSource: Sendable, Equatable {
    public enum InputFormat: String, Sendable, CaseIterable { case csv, redcap, adam }
    public enum Layout: String, Sendable, CaseIterable { case auto, long, wide }

    public var path: String
    public var inputFormat: InputFormat = .csv
    /// REDCap: the data dictionary. ADaM: the ADSL dataset and the PARAMCD to analyse.
    public var dictionary: String?
    public var adsl: String?
    public var parameter: String?
    public var csv: CSVOptions
    public var roles: ColumnRoles
    public var declarations: DataDeclarations
    public var layout: Layout = .auto
    public var widePattern = WideLayout.defaultPattern
    /// The name results give the file (a table a run derived shows its plain name).
    public var displayName: String?
    /// Data steps for a model: each outcome's baseline value (the subject's value at the baseline
    /// visit) as a column `OUTCOME_bl` on every row, then only the rows that meet every condition
    /// (`visit > 0`: the post-baseline visits); the rows left out are counted in the ledger.
    public var addedBaselines: [String] = []
    /// Data steps for a model: each outcome's change from the subject's baseline value as a column
    /// `OUTCOME_change` (missing where either is).
    public var addedChanges: [String] = []
    public var selection: [RowCondition] = []

    /// Read numbers with a decimal comma when a `;`- or tab-delimited file writes them so
    /// (`DecimalCommaDetection`); off when the decimal separator was given.
    public var detectsDecimalComma = true

    static let decimalCommaNote = "numbers are read with a decimal comma (the fields are separated by ; or tab and numbers are "
        + "written like 8,8); give the decimal separator to read them otherwise"

    /// The reader's options, with a decimal comma when the file uses one and none was given; and
    /// whether it was detected, for the layout's description.
    func readerOptions() -> (options: CSVOptions, detectedDecimalComma: Bool) {
        guard detectsDecimalComma, csv.decimalSeparator == UInt8(ascii: "."),
              DecimalCommaDetection.usesDecimalComma(path: path, delimiter: csv.delimiter) else { return (csv, false) }
        var options = csv
        options.decimalSeparator = UInt8(ascii: ",")
        return (options, true)
    }

    /// The file read as a schema says, nothing overridden.
    public init(path: String, schema: DataSchema = DataSchema()) {
        self.path = path
        var options = CSVOptions()
        options.delimiter = schema.delimiter
        if let decimal = schema.decimalSeparator { options.decimalSeparator = decimal }
        options.missingValueCodes.formUnion(schema.missingValueCodes)
        csv = options
        roles = schema.roles
        declarations = schema.declarations
    }

    /// Why a source could not be read: its file is missing, or its contents or declarations are
    /// not what the source says. The description is the whole message for a person.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// A file does not exist or cannot be read.
            case missingInput
            /// The contents fail to read or to validate.
            case invalidData
            /// A declared level order for a numeric column, which a model's factor() orders as
            /// numbers: its reference level should be named instead.
            case numericLevelOrder(column: String, levels: [String])
        }

        public var kind: Kind
        public var description: String

        init(isMissingInput: Bool, description: String) {
            kind = isMissingInput ? .missingInput : .invalidData
            self.description = description
        }

        init(_ kind: Kind, _ description: String) {
            self.kind = kind
            self.description = description
        }
    }

    /// The file as a plain table, named as results show it.
    public func readTable() throws(LoadError) -> Table { try readTable(readerOptions().options) }

    func readTable(_ options: CSVOptions) throws(LoadError) -> Table {
        do {
            var table = try CSVReader.read(path: path, options: options)
            if let displayName { table.source = displayName }
            return table
        } catch {
            throw LoadError(isMissingInput: error.isMissingInput, description: "trialstats: \(error)")
        }
    }

    /// A REDCap export or ADaM dataset in the long form its adapter reads; nil for a plain CSV.
    public func adapted(roles requested: ColumnRoles? = nil) throws(LoadError) -> AdaptedInput? {
        guard inputFormat != .csv else { return nil }
        var adapted: AdaptedInput
        do {
            adapted = inputFormat == .redcap
                ? try REDCapExport.read(path: path, dictionaryPath: dictionary, options: csv, roles: requested ?? roles)
                : try ADaMDataset.read(path: path, adslPath: adsl, parameter: parameter, options: csv)
        } catch {
            throw LoadError(isMissingInput: error.isMissingInput, description: "trialstats: \(error)")
        }
        adapted.table = try recoded(adapted.table)
        return adapted
    }

    /// The table with the declared recodes applied (`DataDeclarations.recodes`).
    func recoded(_ table: Table) throws(LoadError) -> Table {
        do {
            return try table.recoding(declarations.recodes)
        } catch {
            throw LoadError(isMissingInput: false, description: "trialstats: \(error)")
        }
    }

    /// Reads, reshapes a wide file to long, and validates; with how the file was laid out.
    public func load() throws(LoadError) -> (dataset: TrialDataset, layout: String) {
        if let adapted = try adapted() {
            let dataset: TrialDataset
            do {
                dataset = try adapted.load(roles: roles, declarations: declarations)
            } catch {
                throw LoadError(isMissingInput: false, description: error.description)
            }
            return (try selecting(dataset, from: adapted.table),
                    "\(inputFormat == .redcap ? "REDCap export" : "ADaM BDS"): \(dataset.ledger.rowsRead) records")
        }
        let reader = readerOptions()
        let (table, layoutDescription) = try longTable(reader)
        var dataset: TrialDataset
        do {
            dataset = try TrialDatasetLoader.load(table, roles: roles, declarations: declarations)
        } catch {
            throw LoadError(isMissingInput: false, description: error.description)
        }
        dataset = try selecting(dataset, from: table)
        if reader.detectedDecimalComma { dataset.readingNotes.insert(Self.decimalCommaNote, at: 0) }
        return (dataset, layoutDescription)
    }

    /// The file read, a wide file reshaped to long form, the recodes applied; with how it was laid out.
    func longTable(_ reader: (options: CSVOptions, detectedDecimalComma: Bool)) throws(LoadError) -> (table: Table, layout: String) {
        var table = try readTable(reader.options)
        var layoutDescription = "long form: \(table.rowCount) rows" + (reader.detectedDecimalComma ? "; decimal comma detected" : "")
        let keyColumns = Set([roles.subject, roles.arm, roles.visit].compactMap { $0 } + roles.covariates)
        // A file with a visit column (named in the roles, or by a usual name: visit, week, AVISITN …)
        // is long whatever its other columns look like (item columns such as sss_1 … sss_11 match
        // the wide pattern too); the wide layout, declared, overrides.
        let namedVisitColumn = (roles.visit.map { table.columnNames.contains($0) } ?? false) || roles.recognized(in: table).visit != nil
        if layout == .wide || (layout == .auto && !namedVisitColumn),
           let wide = WideLayout.detect(in: table, pattern: widePattern, excluding: keyColumns,
                                        declaredVisits: declarations.levels[roles.visit ?? "visit"]) {
            let wideRows = table.rowCount
            do {
                table = try wide.longTable(from: table)
            } catch {
                throw LoadError(isMissingInput: false, description: "trialstats: \(error)")
            }
            layoutDescription = "wide form: \(wideRows) rows × \(Set(wide.cells.map(\.visit)).count) visits → \(table.rowCount) subject-visit records"
        } else if layout == .wide {
            throw LoadError(isMissingInput: false, description: "trialstats: \(path): no wide columns match \(widePattern); expected names like vas_w0, vas_w12")
        }
        return (try recoded(table), layoutDescription)
    }

    /// Per row in `rows` (rows of `table`), whether it meets every condition of the selection;
    /// and an exclusion, rule not-selected, for each row that does not.
    func selectedRows(of table: Table, among rows: [Int]) throws(LoadError) -> (keep: [Bool], excluded: [RowLedger.Exclusion]) {
        var keep = [Bool](repeating: true, count: rows.count), excluded: [RowLedger.Exclusion] = []
        for condition in selection {
            guard let meets = condition.rows(in: table) else {
                throw LoadError(isMissingInput: false, description: "trialstats: \(table.source): where \(condition): no column \(condition.column), "
                                    + "or a number compared with text; the columns are \(table.columnNames.joined(separator: ", "))")
            }
            let column = table.columns.first { $0.name == condition.column }!
            for (index, row) in rows.enumerated() where keep[index] && !meets[row] {
                keep[index] = false
                excluded.append(RowLedger.Exclusion(line: Int(table.lineNumbers[row]), rule: .notSelected, column: condition.column,
                                                    value: column.isMissing(row) ? "" : column.text(at: row),
                                                    reason: "is not selected by where \(condition)"))
            }
        }
        return (keep, excluded)
    }

    /// The dataset's rows that meet the selection; each subject's baseline was taken before it.
    func selecting(_ dataset: TrialDataset, from table: Table) throws(LoadError) -> TrialDataset {
        guard !selection.isEmpty else { return dataset }
        let (keep, notSelected) = try selectedRows(of: table, among: dataset.tableRows)
        return dataset.keepingRows(keep.indices.filter { keep[$0] }, notSelected: notSelected)
    }

    /// What a model reads: the rows that passed the data checks, the declared factors in their
    /// declared order, and the rows the checks excluded, with what the checks said.
    public struct ModelTable: Sendable, Equatable {
        public var table: Table
        /// Rows excluded by the checks every command applies (a declared range, …), each with its
        /// reason; a model's ledger counts them among the rows read.
        public var excluded: [RowLedger.Exclusion]
        /// Labels read as another (spaces, case): the table holds them as read.
        public var normalized: [LevelNormalization]
        /// Warnings of the checks, and a note when the data could not be checked as a trial.
        public var warnings: [String]
        public var note: String?
    }

    /// The table checked as trial data, as every other analysis checks it: the same roles, levels,
    /// ranges and rules, so that a model never uses a row that a comparison or description
    /// excludes. A row failing an error-level rule (a subject seen twice at one visit, a value
    /// outside the declared levels) stops the load. Data that are not a trial in long form (no
    /// subject or visit column to be found: subject-level or lme4's example data) are modelled as
    /// they are, and the note says what could not be checked. `termColumns`: the columns of the
    /// formula's terms; `response`: its response column.
    public func loadForModel(termColumns: [String], response: String?) throws(LoadError) -> ModelTable {
        var roles = self.roles
        // A column the data steps add is not the file's: its outcome is.
        let addedColumns = Set(addedBaselines.map { $0 + "_bl" } + addedChanges.map { $0 + "_change" })
        if roles.outcomes.isEmpty, let response, !addedColumns.contains(response) { roles.outcomes = [response] }
        for outcome in addedBaselines + addedChanges where !roles.outcomes.contains(outcome) { roles.outcomes.append(outcome) }
        // The formula's other columns are covariates, so that a REDCap export carries them to every
        // event (it carries only the arm and the covariates it is told of).
        if inputFormat == .redcap {
            let keys = Set(ColumnRoles.subjectNames + ColumnRoles.armNames + ColumnRoles.visitNames)
            let named = Set([roles.subject, roles.arm, roles.visit].compactMap { $0 } + roles.outcomes + roles.covariates)
            for column in termColumns where !named.contains(column) && !keys.contains(column.lowercased()) && !roles.covariates.contains(column) {
                roles.covariates.append(column)
            }
        }
        let adapted = try self.adapted(roles: roles)
        let reader = readerOptions()
        var table: Table
        if let adapted {
            table = adapted.table
        } else {
            // A wide file is modelled in long form when the formula names what only the long form
            // has (vas, visit); a formula of its own columns (vas_w12 ~ vas_w0 + arm) models it as it is.
            // Recodes apply to the table modelled, after any reshape (a wide file's visit column
            // exists only in long form).
            let raw = try readTable(reader.options)
            let named = termColumns + [response].compactMap { $0 }
            func hasAll(_ candidate: Table) -> Bool { named.allSatisfy { candidate.columnNames.contains($0) || addedColumns.contains($0) } }
            table = raw
            if !hasAll(raw) {
                let long = try longTable(reader).table
                if hasAll(long) { table = long }
            }
            if table.rowCount == raw.rowCount && table.columnNames == raw.columnNames { table = try recoded(raw) }
        }
        // A declaration for a column the file does not have would check nothing, silently.
        let declaredColumns = Set(declarations.levels.keys).union(declarations.references.keys).union(declarations.ranges.keys)
        if let missing = declaredColumns.sorted().first(where: { !table.columnNames.contains($0) }) {
            throw LoadError(isMissingInput: false,
                            description: "trialstats: \(table.source): a level order, reference or range is declared for column \"\(missing)\", "
                                + "which the data do not have; the columns are \(table.columnNames.joined(separator: ", "))")
        }
        // factor(COLUMN) of a numeric column orders its levels as numbers; another declared order
        // cannot be honoured there, and is refused rather than ignored.
        for (name, levels) in declarations.levels.sorted(by: { $0.key < $1.key }) {
            guard let column = table.columns.first(where: { $0.name == name }), case .numeric = column.values else { continue }
            let numbers = levels.compactMap(Double.init)
            guard numbers.count == levels.count, zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw LoadError(.numericLevelOrder(column: name, levels: levels),
                                "levels \(name)=\(levels.joined(separator: ",")): \(name) is numeric, and factor(\(name)) orders its levels as "
                                    + "numbers; name its reference level instead (\(name)=\(levels.first ?? ""))")
            }
        }
        var excluded: [RowLedger.Exclusion] = [], warnings: [String] = [], note: String? = nil
        // Per table row, whether it is at the baseline visit (known once the rows are read as a trial).
        var atBaselineVisit: [Bool] = [], visitColumn = "", baselineVisit = ""
        var visitLevels = declarations.levels
        var normalized: [LevelNormalization] = []
        // A model's factors need not be a trial's arms (a crossover's treatment varies within
        // subject): the arm rules apply only to a declared arm.
        var checkedRoles = roles
        if checkedRoles.arm == nil { checkedRoles.arm = ColumnRoles.singleArm }
        let checked: Result<TrialDataset, ValidationFailure>
        if let adapted {
            checked = Result { () throws(ValidationFailure) in
                try adapted.load(roles: checkedRoles, declarations: declarations, requiresBaselineRows: false)
            }
        } else {
            checked = Result { () throws(ValidationFailure) in
                try TrialDatasetLoader.load(table, roles: checkedRoles, declarations: declarations, requiresBaselineRows: false)
            }
        }
        switch checked {
        case let .success(dataset):
            // Labelled visits in the order every analysis uses (the labels' own, not the text's),
            // so that a model's factor(visit), its covariance between visits and its marginal means follow it.
            if let visit = dataset.roles.visit, visitLevels[visit] == nil,
               let column = table.columns.first(where: { $0.name == visit }), case .categorical = column.values {
                visitLevels[visit] = dataset.visits.labels
            }
            excluded = dataset.ledger.excluded
            // The dataset's rows, in its order (by subject, then visit, whatever the file's).
            table = table.keepingRows(dataset.tableRows)
            atBaselineVisit = dataset.visitCodes.map { $0 == Int32(dataset.visits.baselineIndex) }
            baselineVisit = dataset.visits.baselineLabel
            visitColumn = dataset.roles.visit ?? ""
            for outcome in addedBaselines {
                let name = outcome + "_bl"
                guard !table.columnNames.contains(name) else {
                    throw LoadError(isMissingInput: false, description: "trialstats: \(table.source): the data already have a column \(name); "
                                        + "use it, or leave out the baseline step for \(outcome)")
                }
                // The dataset's rows are the table's rows, in order.
                table.columns.append(Column(name: name, values: .numeric(dataset.baselines[outcome] ?? [])))
            }
            for outcome in addedChanges {
                let name = outcome + "_change"
                guard !table.columnNames.contains(name) else {
                    throw LoadError(isMissingInput: false, description: "trialstats: \(table.source): the data already have a column \(name); "
                                        + "use it, or leave out the change step for \(outcome)")
                }
                table.columns.append(Column(name: name, values: .numeric(dataset.change(outcome))))
            }
            warnings = dataset.readingNotes + dataset.warnings.map(\.description)
        case .failure(_) where !addedBaselines.isEmpty || !addedChanges.isEmpty:
            throw LoadError(isMissingInput: false, description: "trialstats: \(table.source): a baseline or change column needs the subject and "
                                + "visit columns, and the data could not be read as a trial in long form")
        case let .failure(failure) where failure.issues.isEmpty:
            // Not a trial in long form; nothing to check against.
            let declared = declarations.ranges.keys.sorted()
            note = "the data were not checked as a trial in long form ("
                + failure.roleProblems.map { $0.replacingOccurrences(of: #"; name one with --[a-z-]+(, or --arm none for a single-arm series)?"#,
                                                                   with: "", options: .regularExpression) }.joined(separator: "; ")
                + ")" + (declared.isEmpty ? "" : "; the declared ranges of \(declared.joined(separator: ", ")) were not applied")
        case let .failure(failure):
            throw LoadError(isMissingInput: false, description: failure.description)
        }
        // The data step's conditions: rows that do not meet one are left out, and counted.
        if !selection.isEmpty {
            let (keep, notSelected) = try selectedRows(of: table, among: Array(0..<table.rowCount))
            excluded += notSelected
            table = table.keepingRows(keep.indices.filter { keep[$0] })
            if !atBaselineVisit.isEmpty { atBaselineVisit = keep.indices.filter { keep[$0] }.map { atBaselineVisit[$0] } }
            excluded.sort { $0.line < $1.line }
        }
        // An outcome modelled on its own baseline value at the baseline visit is explained exactly
        // there (a residual variance of 0): the fit cannot be right, so it is not run.
        if let row = atBaselineVisit.firstIndex(of: true), let response {
            let count = atBaselineVisit.filter { $0 }.count
            let rows = "\(visitColumn) = \(baselineVisit); \(count) rows, the first on line \(table.lineNumbers[row])"
            let advice = "model the post-baseline visits (where: '\(visitColumn) != \(baselineVisit)')"
            if addedBaselines.contains(response), termColumns.contains(response + "_bl") {
                throw LoadError(isMissingInput: false,
                                description: "trialstats: \(table.source): \(response)_bl is \(response) itself at the baseline visit (\(rows)), so the model "
                                    + "would fit those rows exactly; \(advice), or leave \(response)_bl out of the formula")
            }
            if let outcome = addedChanges.first(where: { $0 + "_change" == response }) {
                throw LoadError(isMissingInput: false,
                                description: "trialstats: \(table.source): \(response) is 0 at the baseline visit by definition (\(rows)), so those rows "
                                    + "have no variance to model; \(advice), or model \(outcome) itself")
            }
        }
        // Labels of the model's factors that differ only by spaces or case are one level, said.
        for name in Set(termColumns + visitLevels.keys.filter { !declarations.levels.keys.contains($0) }).sorted() {
            guard let column = table.columns.first(where: { $0.name == name }), case let .categorical(factor) = column.values else { continue }
            normalized += LevelNormalization.normalizing(factor, column: name, declared: declarations.levels[name], lineNumbers: table.lineNumbers).1
        }
        table = table.applying(normalized)
        do {
            if adapted == nil && reader.detectedDecimalComma { warnings.insert(Self.decimalCommaNote, at: 0) }
            return ModelTable(table: try table.orderingLevels(visitLevels), excluded: excluded, normalized: normalized, warnings: warnings, note: note)
        } catch {
            throw LoadError(isMissingInput: false, description: "trialstats: \(error)")
        }
    }
}
