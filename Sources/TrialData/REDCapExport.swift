/// A REDCap raw-data export (CSV, codes not labels), with its data dictionary when given.
///
/// - `redcap_event_name` becomes the visit: `baseline_arm_1`, `week_4_arm_1`, `week_12_arm_1`
///   give visits 0, 4 and 12; events that are not numbered keep their names, in the order
///   the export lists them (REDCap's event order).
/// - The first column, the record ID, is the subject.
/// - Radio, dropdown, yes/no and true/false fields become labelled levels in the dictionary's
///   choice order; checkbox columns (`name___1`) stay 0/1. Validation minima and maxima become
///   declared ranges.
/// - Fields entered at one event only (demographics, the randomised arm) are carried to the
///   record's other events.
/// - Repeating-instrument rows are not visits: they are excluded and recorded in the ledger.
/// - `redcap_*` bookkeeping columns and `*_complete` form-status columns are dropped.
public enum REDCapExport {
    public static func read(
        path: String, dictionaryPath: String? = nil, options: CSVOptions = CSVOptions(),
        roles requested: ColumnRoles = ColumnRoles()
    ) throws(TrialDataError) -> AdaptedInput {
        var table = try CSVReader.read(path: path, options: options)
        guard let recordColumn = table.columns.first?.name else { throw .emptyFile(file: path) }
        guard let events = table.texts(of: "redcap_event_name") else {
            throw .unknownColumn(file: table.source, column: "redcap_event_name", available: table.columnNames)
        }
        var declarations = DataDeclarations()

        // Repeating-instrument rows are not visit records.
        var exclusions: [RowLedger.Exclusion] = []
        var repeatRows = Set<Int>()
        if let instruments = table.texts(of: "redcap_repeat_instrument") {
            let instances = table.texts(of: "redcap_repeat_instance")
            for row in 0..<table.rowCount {
                guard let instrument = instruments[row] else { continue }
                repeatRows.insert(row)
                exclusions.append(RowLedger.Exclusion(
                    line: Int(table.lineNumbers[row]), rule: .notAnAnalysisRecord, column: "redcap_repeat_instrument",
                    value: instrument, reason: "is a repeating-instrument row (instance \(instances?[row] ?? "?")), not a visit record"))
            }
        }

        // Events become the visit column.
        let (visitColumn, visitOrder) = visitColumn(from: events)
        table.replaceColumn(visitColumn)
        if let visitOrder { declarations.levels["visit"] = visitOrder }

        if let dictionaryPath {
            let dictionary = try REDCapDictionary.read(path: dictionaryPath, options: options)
            for field in dictionary.fields {
                if let choices = field.choices, let column = table.columns.first(where: { $0.name == field.name }) {
                    table.replaceColumn(Column(name: field.name, values: .categorical(Self.labelled(column, choices: choices))))
                    // The choices are the only allowed values: an undefined code fails unknown-level.
                    declarations.levels[field.name] = choices.map(\.label)
                }
                if let range = field.range { declarations.ranges[field.name] = range }
            }
        }

        // Subject-level fields are carried to the record's other events.
        let resolved = requested.recognized(in: table)
        for name in ([resolved.arm].compactMap { $0 } + requested.covariates) where name != recordColumn {
            table = table.fillingWithinKey(name, key: recordColumn)
        }
        table = table.removingRows(repeatRows)
        let bookkeeping = Set(table.columnNames.filter { $0.hasPrefix("redcap_") || $0.hasSuffix("_complete") })
        table = table.removingColumns(bookkeeping)
        let roles = ColumnRoles(subject: recordColumn, visit: "visit")
        return AdaptedInput(table: table, roles: roles, declarations: declarations, priorExclusions: exclusions)
    }

    /// Numbered events give a numeric visit (baseline = 0); otherwise the stripped event names
    /// in the order of first appearance, returned as the level order.
    static func visitColumn(from events: [String?]) -> (Column, [String]?) {
        let stripped = events.map { $0.map(stripArm) }
        var order: [String] = []
        for event in stripped { if let event, !order.contains(event) { order.append(event) } }
        // Numbers only when every event uses the same visit word: week 4 and month 3 stay labels.
        let parts = order.map { WideLayout.visitParts($0.replacing("_", with: "")) }
        let words = Set(parts.compactMap { $0?.word }.filter { $0 != WideLayout.baselineMarker })
        let times: [Double?] = words.count <= 1 ? parts.map { $0?.number } : order.map { _ in nil }
        if times.allSatisfy({ $0 != nil }) {
            let time = Dictionary(uniqueKeysWithValues: zip(order, times.map { $0! }))
            return (Column(name: "visit", values: .numeric(stripped.map { $0.flatMap { time[$0] } ?? .nan })), nil)
        }
        let code = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, Int32($0)) })
        let factor = Factor(levels: order, codes: stripped.map { $0.flatMap { code[$0] } ?? Factor.missingCode })
        return (Column(name: "visit", values: .categorical(factor)), order)
    }

    /// `week_4_arm_1` → `week_4`.
    static func stripArm(_ event: String) -> String {
        let parts = event.split(separator: "_")
        if parts.count >= 3, parts[parts.count - 2] == "arm", parts.last!.allSatisfy(\.isNumber) {
            return parts.dropLast(2).joined(separator: "_")
        }
        return event
    }

    /// `baseline` → 0, `week_4` / `week4` / `w4` / `month_3` → 4 / 4 / 4 / 3, else nil.
    static func eventTime(_ event: String) -> Double? {
        WideLayout.visitParts(event.replacing("_", with: ""))?.number
    }

    /// Codes replaced by their labels, levels in choice order; a value that is not a code keeps
    /// its text as an extra level, so validation can report it.
    static func labelled(_ column: Column, choices: [(code: String, label: String)]) -> Factor {
        var levels = choices.map(\.label)
        let labelOfCode = Dictionary(choices.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
        var codes: [Int32] = []
        codes.reserveCapacity(column.count)
        for row in 0..<column.count {
            if column.isMissing(row) {
                codes.append(Factor.missingCode)
                continue
            }
            let text = column.text(at: row)
            let label = labelOfCode[text] ?? text
            if let index = levels.firstIndex(of: label) {
                codes.append(Int32(index))
            } else {
                levels.append(label)
                codes.append(Int32(levels.count - 1))
            }
        }
        return Factor(levels: levels, codes: codes)
    }
}

/// The parts of a REDCap data dictionary that TrialStats uses.
struct REDCapDictionary {
    struct Field {
        var name: String
        var choices: [(code: String, label: String)]?
        var range: ClosedRange<Double>?
    }

    var fields: [Field]

    static func read(path: String, options: CSVOptions) throws(TrialDataError) -> REDCapDictionary {
        let table = try CSVReader.read(path: path, options: options)
        func column(_ prefix: String) -> [String?]? {
            guard let name = table.columnNames.first(where: { $0.lowercased().hasPrefix(prefix) }) else { return nil }
            return table.texts(of: name)
        }
        guard let names = column("variable"), let types = column("field type") else {
            throw .unknownColumn(file: table.source, column: "Variable / Field Name and Field Type", available: table.columnNames)
        }
        let choices = column("choices"), minima = column("text validation min"), maxima = column("text validation max")
        var fields: [Field] = []
        for row in 0..<table.rowCount {
            guard let name = names[row] else { continue }
            var field = Field(name: name)
            switch types[row] ?? "" {
            case "radio", "dropdown":
                field.choices = choices?[row].map(parseChoices)
            case "yesno":
                field.choices = [("1", "Yes"), ("0", "No")]
            case "truefalse":
                field.choices = [("1", "True"), ("0", "False")]
            default:
                break
            }
            if let low = minima?[row].flatMap(Double.init), let high = maxima?[row].flatMap(Double.init), low <= high {
                field.range = low...high
            }
            fields.append(field)
        }
        return REDCapDictionary(fields: fields)
    }

    /// "1, Dextrose | 2, Saline" → [("1", "Dextrose"), ("2", "Saline")].
    static func parseChoices(_ text: String) -> [(code: String, label: String)] {
        text.split(separator: "|").compactMap { (choice: Substring) -> (code: String, label: String)? in
            let parts = choice.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]).trimmingSpaces(), String(parts[1]).trimmingSpaces())
        }
    }
}
