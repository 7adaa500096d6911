/// A CDISC ADaM Basic Data Structure dataset (ADQS, ADVS …) as CSV, with ADSL when given.
///
/// - USUBJID is the subject; AVISITN (or AVISIT) the visit; the treatment is TRT01P, TRTP or
///   TRT01A, from the BDS or from ADSL.
/// - One parameter at a time: `parameter` selects a PARAMCD; a file with one PARAMCD needs
///   none. AVAL becomes a column named after the PARAMCD, and BASE its baseline column.
/// - The baseline visit is the one whose records carry ABLFL = "Y".
/// - Records of other parameters, and records with ANL01FL other than "Y" (when the column
///   exists), are excluded and recorded in the ledger.
/// - ADSL columns are merged on USUBJID; a column present in both keeps the BDS value.
public enum ADaMDataset {
    public static func read(
        path: String, adslPath: String? = nil, parameter: String? = nil, options: CSVOptions = CSVOptions()
    ) throws(TrialDataError) -> AdaptedInput {
        var table = try CSVReader.read(path: path, options: options)
        for required in ["USUBJID", "PARAMCD", "AVAL"] where !table.columnNames.contains(required) {
            throw .unknownColumn(file: table.source, column: required, available: table.columnNames)
        }
        let parameters = table.texts(of: "PARAMCD")!
        let distinct = parameters.reduce(into: [String]()) { if let code = $1, !$0.contains(code) { $0.append(code) } }
        let chosen: String
        if let parameter {
            guard distinct.contains(parameter) else {
                throw .invalidOption(name: "--param", value: parameter, expected: "one of the PARAMCD values: \(distinct.joined(separator: ", "))")
            }
            chosen = parameter
        } else {
            guard distinct.count == 1 else {
                throw .invalidOption(name: "--param", value: "(not given)", expected: "a PARAMCD to analyse, since \(table.source) has "
                                     + "\(distinct.count): \(distinct.joined(separator: ", "))")
            }
            chosen = distinct[0]
        }

        var exclusions: [RowLedger.Exclusion] = []
        var excludedRows = Set<Int>()
        let analysisFlags = table.texts(of: "ANL01FL")
        for row in 0..<table.rowCount {
            let line = Int(table.lineNumbers[row])
            if parameters[row] != chosen {
                excludedRows.insert(row)
                exclusions.append(RowLedger.Exclusion(line: line, rule: .notAnAnalysisRecord, column: "PARAMCD",
                                                      value: parameters[row] ?? "", reason: "is another parameter than \(chosen)"))
            } else if let analysisFlags, analysisFlags[row] != "Y" {
                excludedRows.insert(row)
                exclusions.append(RowLedger.Exclusion(line: line, rule: .notAnAnalysisRecord, column: "ANL01FL",
                                                      value: analysisFlags[row] ?? "", reason: "is not Y, so the record is not for analysis"))
            }
        }

        // The baseline visit: where ABLFL = "Y" among the records kept.
        let visitName = table.columnNames.contains("AVISITN") ? "AVISITN" : "AVISIT"
        var declarations = DataDeclarations()
        if let flags = table.texts(of: "ABLFL"), let visits = table.texts(of: visitName) {
            let baselineVisits = Set((0..<table.rowCount).filter { !excludedRows.contains($0) && flags[$0] == "Y" }.compactMap { visits[$0] })
            if baselineVisits.count == 1 { declarations.baselineVisit = baselineVisits.first }
        }

        table = table.removingRows(excludedRows)
        if let adslPath {
            table = try mergingSubjectLevel(table, adslPath: adslPath, options: options)
        }
        // AVAL and BASE under the parameter's name.
        var roles = ColumnRoles(subject: "USUBJID", visit: visitName, outcomes: [chosen])
        if let aval = table.columns.first(where: { $0.name == "AVAL" }) {
            table.replaceColumn(Column(name: chosen, values: aval.values))
        }
        if let base = table.columns.first(where: { $0.name == "BASE" }) {
            let name = chosen + "_BASE"
            table.replaceColumn(Column(name: name, values: base.values))
            roles.baselineColumns[chosen] = name
        }
        table = table.removingColumns(["AVAL", "BASE"])
        return AdaptedInput(table: table, roles: roles, declarations: declarations, priorExclusions: exclusions)
    }

    /// ADSL's columns on every BDS row of the same USUBJID.
    static func mergingSubjectLevel(_ table: Table, adslPath: String, options: CSVOptions) throws(TrialDataError) -> Table {
        let adsl = try CSVReader.read(path: adslPath, options: options)
        guard let adslSubjects = adsl.texts(of: "USUBJID") else {
            throw .unknownColumn(file: adsl.source, column: "USUBJID", available: adsl.columnNames)
        }
        let rowOfSubject = Dictionary(adslSubjects.enumerated().compactMap { row, subject in subject.map { ($0, row) } },
                                      uniquingKeysWith: { first, _ in first })
        let subjects = table.texts(of: "USUBJID")!
        var merged = table
        for column in adsl.columns where column.name != "USUBJID" && !table.columnNames.contains(column.name) {
            // A subject missing from ADSL gets a missing value: row −1 is appended as missing.
            let rows = subjects.map { $0.flatMap { rowOfSubject[$0] } ?? -1 }
            merged.replaceColumn(Column(name: column.name, values: column.values.selectingAllowingMissing(rows)))
        }
        return merged
    }
}

extension Column.Values {
    /// Like `selecting`, with −1 giving a missing value.
    func selectingAllowingMissing(_ rows: [Int]) -> Column.Values {
        switch self {
        case let .numeric(values): return .numeric(rows.map { $0 < 0 ? .nan : values[$0] })
        case let .categorical(factor):
            return .categorical(Factor(levels: factor.levels, codes: rows.map { $0 < 0 ? Factor.missingCode : factor.codes[$0] }))
        case let .date(days): return .date(rows.map { $0 < 0 ? Column.missingDate : days[$0] })
        }
    }
}
