import ArgumentParser
import TrialData

/// How to read a delimited file; shared by every command that reads one.
struct ReadingOptions: ParsableArguments {
    @Argument(help: "The trial data: a CSV (long or wide form), a REDCap raw export, or an ADaM BDS dataset as CSV.")
    var data: String

    @Option(help: "Field delimiter: , ; or tab (default: detected from the header).")
    var delimiter: String?

    @Option(help: "Decimal separator: . (default) or , (a decimal comma needs ; or tab as delimiter).")
    var decimal: String?

    @Option(name: .customLong("na"), help: "A further code for a missing value, e.g. -99 (repeatable). Empty, NA and . always are.")
    var missingCodes: [String] = []

    /// The options as the reader takes them, a schema's format filling what flags leave open.
    func csvOptions(_ schema: DataSchema = DataSchema()) throws -> CSVOptions {
        var options = CSVOptions()
        options.delimiter = schema.delimiter
        if let decimal = schema.decimalSeparator { options.decimalSeparator = decimal }
        options.missingValueCodes.formUnion(schema.missingValueCodes)
        if let delimiter {
            switch delimiter {
            case ",", ";": options.delimiter = UInt8(ascii: Unicode.Scalar(delimiter)!)
            case "tab", "\t", "\\t": options.delimiter = UInt8(ascii: "\t")
            default: throw ValidationError("--delimiter \(delimiter): expected , ; or tab")
            }
        }
        if let decimal {
            guard decimal == "." || decimal == "," else { throw ValidationError("--decimal \(decimal): expected . or ,") }
            options.decimalSeparator = UInt8(ascii: Unicode.Scalar(decimal)!)
        }
        options.missingValueCodes.formUnion(missingCodes)
        return options
    }

    /// The file as the flags, over the schema, say to read it.
    func source(_ schema: DataSchema, inputs: StepInputs) throws -> TrialDataSource {
        var source = TrialDataSource(path: data, schema: schema)
        source.csv = try csvOptions(schema)
        source.detectsDecimalComma = decimal == nil && schema.decimalSeparator == nil
        source.displayName = inputs.displayNames[data]
        return source
    }

    /// Everything that decides how the file is read.
    var key: [String] {
        ["data=" + data, "delimiter=" + (delimiter ?? ""), "decimal=" + (decimal ?? ""), "na=" + missingCodes.joined(separator: "\u{1}")]
    }
}

/// How to read a trial file and what its columns mean; shared by every command that reads data.
struct DataOptions: ParsableArguments {
    @OptionGroup var reading: ReadingOptions

    var data: String { reading.data }

    @OptionGroup var input: InputFormatOptions

    @Option(help: "A data schema (YAML) with the roles, levels, ranges and format; flags override it.")
    var schema: String?

    @Option(help: "The subject column (default: subject, id, patient, USUBJID …).")
    var subject: String?

    @Option(help: "The arm column (default: arm, group, treatment, TRT01P …).")
    var arm: String?

    @Option(help: "The visit column (default: visit, week, AVISITN, AVISIT …).")
    var visit: String?

    @Option(help: "An outcome column (repeatable; default: every other numeric column).")
    var outcome: [String] = []

    @Option(help: "OUTCOME=COLUMN: a column holding the outcome's baseline on every row (repeatable).")
    var baseline: [String] = []

    @Option(name: [.customLong("covariate"), .customLong("covariates")],
            help: "Covariate columns, e.g. age,sex (repeatable).")
    var covariate: [String] = []

    @Option(help: "The column with each visit's date (YYYY-MM-DD), to check that visits happened in order.")
    var visitDate: String?

    @Option(help: "How the visit dates are written: \(DateFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: told from the dates; ambiguous ones are refused).")
    var dateFormat: String?

    @Option(help: "COLUMN=A,B,C: the levels of a column, in order; for arm and visit also the only allowed values (repeatable).")
    var levels: [String] = []

    @Option(help: "COLUMN=LEVEL: the reference level, e.g. arm=saline (repeatable).")
    var reference: [String] = []

    @Option(help: "COLUMN=LOW:HIGH: the plausible range, e.g. vas=0:10 (repeatable).")
    var range: [String] = []

    @Option(help: "The baseline visit (default: the first visit).")
    var baselineVisit: String?

    @Option(help: "RULE=error|warning: change a rule's severity (repeatable). Rules: \(ValidationRule.allCases.map(\.rawValue).joined(separator: ", ")).")
    var severity: [String] = []

    @Option(help: "long, wide or auto (default): how the file is laid out.")
    var layout: Layout = .auto

    @Option(help: "The wide column-name pattern, with {outcome} and {visit} (default: {outcome}_{visit}, which also reads vas_w12, vas.12, vas_bl).")
    var widePattern: String = WideLayout.defaultPattern

    @OptionGroup var steps: RowStepOptions

    enum Layout: String, ExpressibleByArgument, CaseIterable {
        case auto, long, wide
    }

    /// Everything that decides which dataset the options load.
    var key: [String] {
        func list(_ values: [String]) -> String { values.joined(separator: "\u{1}") }
        return reading.key + input.key + [
            "schema=" + (schema ?? ""), "subject=" + (subject ?? ""), "arm=" + (arm ?? ""), "visit=" + (visit ?? ""),
            "outcome=" + list(outcome), "baseline=" + list(baseline), "covariate=" + list(covariate), "visitDate=" + (visitDate ?? ""),
            "levels=" + list(levels), "reference=" + list(reference), "range=" + list(range), "baselineVisit=" + (baselineVisit ?? ""),
            "severity=" + list(severity), "layout=" + layout.rawValue, "widePattern=" + widePattern,
            "dateFormat=" + (dateFormat ?? ""),
        ] + steps.key
    }

    /// The schema's roles with every role given by a flag taking its place.
    func roles(_ schema: DataSchema) throws -> ColumnRoles {
        var roles = schema.roles
        if let subject { roles.subject = subject }
        if let arm { roles.arm = arm }
        if let visit { roles.visit = visit }
        if let visitDate { roles.visitDate = visitDate }
        let outcomes = outcome.flatMap { $0.split(separator: ",").map(String.init) }
        if !outcomes.isEmpty { roles.outcomes = outcomes }
        roles.baselineColumns.merge(try Self.pairs(baseline, option: "--baseline")) { $1 }
        let covariates = covariate.flatMap { $0.split(separator: ",").map(String.init) }
        if !covariates.isEmpty { roles.covariates = covariates }
        return roles
    }

    /// The schema's declarations with the flags' entries taking precedence.
    func declarations(_ schema: DataSchema) throws -> DataDeclarations {
        var declarations = schema.declarations
        if let baselineVisit { declarations.baselineVisit = baselineVisit }
        declarations.levels.merge(try Self.pairs(levels, option: "--levels").mapValues { $0.split(separator: ",").map(String.init) }) { $1 }
        declarations.references.merge(try Self.pairs(reference, option: "--reference")) { $1 }
        for (column, text) in try Self.pairs(range, option: "--range") {
            let bounds = text.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 2, let low = Double(bounds[0]), let high = Double(bounds[1]), low <= high else {
                throw ValidationError("--range \(column)=\(text): expected LOW:HIGH with LOW ≤ HIGH, e.g. vas=0:10")
            }
            declarations.ranges[column] = low...high
        }
        for (rule, level) in try Self.pairs(severity, option: "--severity") {
            guard let rule = ValidationRule(rawValue: rule) else {
                throw ValidationError("--severity \(rule): no such rule; the rules are \(ValidationRule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let level = Severity(rawValue: level) else { throw ValidationError("--severity \(rule.rawValue)=\(level): expected error or warning") }
            guard rule != .notAnAnalysisRecord, rule != .notSelected else {
                throw ValidationError("--severity \(rule.rawValue): such rows are always excluded and counted; the rule has no severity to change")
            }
            declarations.severities[rule] = level
        }
        if let dateFormat {
            guard let format = DateFormat(text: dateFormat) else {
                throw ValidationError("--date-format \(dateFormat): expected one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            declarations.dateFormat = format
        }
        return declarations
    }

    /// KEY=VALUE options into a dictionary; a key given twice is an error.
    static func pairs(_ values: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw ValidationError("\(option) \(value): expected NAME=VALUE")
            }
            let key = String(value[..<equals]), rest = String(value[value.index(after: equals)...])
            guard result[key] == nil else { throw ValidationError("\(option): \(key) is given twice") }
            result[key] = rest
        }
        return result
    }

    /// The file and how the flags, over the schema, say to read and check it.
    func source(_ inputs: StepInputs) throws -> TrialDataSource {
        let schema = try inputs.schema(at: self.schema)
        var source = try reading.source(schema, inputs: inputs)
        input.apply(to: &source)
        source.roles = try roles(schema)
        source.declarations = try declarations(schema)
        source.layout = TrialDataSource.Layout(rawValue: layout.rawValue) ?? .auto
        source.widePattern = widePattern
        try steps.apply(to: &source)
        return source
    }

    /// Reads, reshapes if wide, and validates. Commands load through `StepInputs.dataset`, which
    /// keeps what one run has loaded.
    func loadDataset(_ inputs: StepInputs) throws -> (dataset: TrialDataset, layout: String) {
        do {
            return try source(inputs).load()
        } catch let error as TrialDataSource.LoadError {
            throw CommandFailure(error)
        }
    }
}
