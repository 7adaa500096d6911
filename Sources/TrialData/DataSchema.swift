#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Yams

/// A data schema file (YAML): the roles, declarations and reading options for one trial's
/// files, kept beside them in version control instead of repeated as flags. Flags given on
/// the command line override it. Every key is checked: an unknown key or a value of the wrong
/// kind is an error naming its line.
///
/// ```yaml
/// format: {delimiter: ";", decimal: ",", na: ["-99"]}
/// roles:
///   subject: subject
///   arm: arm
///   visit: visit
///   visit_date: date
///   outcomes: [vas, bctq_sss]
///   baseline: {vas: vas_bl}
///   covariates: [age]
/// levels: {arm: [saline, dextrose, triamcinolone]}
/// reference: {arm: saline}
/// ranges: {vas: [0, 10]}
/// baseline_visit: 0
/// severity: {out-of-range: error}
/// recode: {arm: {"Dextrose 5%": dextrose}, sex: {1: female, 2: male}}
/// date_format: dd.mm.yyyy
/// ```
public struct DataSchema: Sendable, Equatable {
    public var roles = ColumnRoles()
    public var declarations = DataDeclarations()
    public var delimiter: UInt8?
    public var decimalSeparator: UInt8?
    public var missingValueCodes: [String] = []

    public init() {}

    public static let topLevelKeys = ["format", "roles", "levels", "reference", "ranges", "baseline_visit", "severity", "recode", "date_format"]
    static let formatKeys = ["delimiter", "decimal", "na"]
    static let roleKeys = ["subject", "arm", "visit", "visit_date", "outcomes", "baseline", "covariates"]

    public static func read(path: String) throws(SchemaError) -> DataSchema {
        try parse(try readText(path), file: path)
    }

    public static func parse(_ text: String, file: String) throws(SchemaError) -> DataSchema {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { return DataSchema() }
            root = node
        } catch let error as YamlError {
            throw .syntax(file: file, message: "\(error)")
        } catch {
            throw .syntax(file: file, message: "\(error)")
        }
        return try parse(node: root, file: file)
    }

    /// The schema from a YAML mapping already composed, such as the data section of an analysis
    /// plan; lines in errors are the node's own.
    public static func parse(node root: Node, file: String) throws(SchemaError) -> DataSchema {
        var schema = DataSchema()
        let top = try mapping(root, file: file, key: "the schema", allowed: topLevelKeys)
        for (key, value) in top {
            switch key.name {
            case "format":
                for (formatKey, formatValue) in try mapping(value, file: file, key: "format", allowed: formatKeys) {
                    switch formatKey.name {
                    case "delimiter":
                        let text = try scalar(formatValue, file: file, key: "format.delimiter")
                        let byte: UInt8? = text == "," ? 44 : text == ";" ? 59 : (text == "\t" || text == "tab") ? 9 : nil
                        guard let byte else { throw .invalidValue(file: file, line: line(formatValue), key: "format.delimiter", expected: ", ; or tab") }
                        schema.delimiter = byte
                    case "decimal":
                        let text = try scalar(formatValue, file: file, key: "format.decimal")
                        guard text == "." || text == "," else { throw .invalidValue(file: file, line: line(formatValue), key: "format.decimal", expected: ". or ,") }
                        schema.decimalSeparator = UInt8(ascii: text == "." ? "." : ",")
                    default:
                        schema.missingValueCodes = try strings(formatValue, file: file, key: "format.na")
                    }
                }
            case "roles":
                for (roleKey, roleValue) in try mapping(value, file: file, key: "roles", allowed: roleKeys) {
                    let name = "roles." + roleKey.name
                    switch roleKey.name {
                    case "subject": schema.roles.subject = try scalar(roleValue, file: file, key: name)
                    case "arm": schema.roles.arm = try scalar(roleValue, file: file, key: name)
                    case "visit": schema.roles.visit = try scalar(roleValue, file: file, key: name)
                    case "visit_date": schema.roles.visitDate = try scalar(roleValue, file: file, key: name)
                    case "outcomes": schema.roles.outcomes = try strings(roleValue, file: file, key: name)
                    case "covariates": schema.roles.covariates = try strings(roleValue, file: file, key: name)
                    default:
                        for (outcome, column) in try mapping(roleValue, file: file, key: name, allowed: nil) {
                            schema.roles.baselineColumns[outcome.name] = try scalar(column, file: file, key: "\(name).\(outcome.name)")
                        }
                    }
                }
            case "levels":
                for (column, levels) in try mapping(value, file: file, key: "levels", allowed: nil) {
                    schema.declarations.levels[column.name] = try strings(levels, file: file, key: "levels.\(column.name)")
                }
            case "reference":
                for (column, level) in try mapping(value, file: file, key: "reference", allowed: nil) {
                    schema.declarations.references[column.name] = try scalar(level, file: file, key: "reference.\(column.name)")
                }
            case "ranges":
                for (column, bounds) in try mapping(value, file: file, key: "ranges", allowed: nil) {
                    let key = "ranges.\(column.name)"
                    let values = try strings(bounds, file: file, key: key).compactMap(Double.init)
                    guard values.count == 2, values[0] <= values[1] else {
                        throw .invalidValue(file: file, line: line(bounds), key: key, expected: "[low, high] with low ≤ high, e.g. [0, 10]")
                    }
                    schema.declarations.ranges[column.name] = values[0]...values[1]
                }
            case "baseline_visit":
                schema.declarations.baselineVisit = try scalar(value, file: file, key: "baseline_visit")
            case "date_format":
                let text = try scalar(value, file: file, key: "date_format")
                guard let format = DateFormat(text: text) else {
                    throw .invalidValue(file: file, line: line(value), key: "date_format",
                                        expected: DateFormat.allCases.map(\.rawValue).joined(separator: ", "))
                }
                schema.declarations.dateFormat = format
            case "recode":
                for (column, labels) in try mapping(value, file: file, key: "recode", allowed: nil) {
                    var mapping: [String: String] = [:]
                    for (from, to) in try Self.mapping(labels, file: file, key: "recode.\(column.name)", allowed: nil) {
                        mapping[from.name] = try scalar(to, file: file, key: "recode.\(column.name).\(from.name)")
                    }
                    schema.declarations.recodes[column.name] = mapping
                }
            default:
                let rules = ValidationRule.allCases.filter { $0 != .notAnAnalysisRecord && $0 != .incompleteCase }
                for (ruleKey, level) in try mapping(value, file: file, key: "severity", allowed: rules.map(\.rawValue)) {
                    let text = try scalar(level, file: file, key: "severity.\(ruleKey.name)")
                    guard let rule = ValidationRule(rawValue: ruleKey.name), let severity = Severity(rawValue: text) else {
                        throw .invalidValue(file: file, line: line(level), key: "severity.\(ruleKey.name)", expected: "error or warning")
                    }
                    schema.declarations.severities[rule] = severity
                }
            }
        }
        return schema
    }

    typealias Key = YAMLReading.Key
    static func line(_ node: Node) -> Int { YAMLReading.line(node) }
    static func mapping(_ node: Node, file: String, key: String, allowed: [String]?) throws(SchemaError) -> [(Key, Node)] {
        try YAMLReading.mapping(node, file: file, key: key, allowed: allowed)
    }
    static func scalar(_ node: Node, file: String, key: String) throws(SchemaError) -> String { try YAMLReading.scalar(node, file: file, key: key) }
    static func strings(_ node: Node, file: String, key: String) throws(SchemaError) -> [String] { try YAMLReading.strings(node, file: file, key: key) }

    static func readText(_ path: String) throws(SchemaError) -> String {
        do {
            let scanner = try CSVScanner.open(path, displayName: path)
            defer { close(scanner) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(scanner, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw SchemaError.syntax(file: path, message: "the file is not valid UTF-8") }
            return text
        } catch let error as TrialDataError {
            throw .cannotOpen(file: path, reason: error.description)
        } catch let error as SchemaError {
            throw error
        } catch {
            throw .cannotOpen(file: path, reason: "\(error)")
        }
    }
}

/// What is wrong with a schema file.
public enum SchemaError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case syntax(file: String, message: String)
    case unknownKey(file: String, line: Int, key: String, allowed: [String])
    case invalidValue(file: String, line: Int, key: String, expected: String)

    public var isMissingInput: Bool {
        if case .cannotOpen = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .cannotOpen(_, reason): return reason
        case let .syntax(file, message): return "\(file): not valid YAML: \(message)"
        case let .unknownKey(file, line, key, allowed):
            return "\(file):\(line): unknown key \"\(key)\"; expected one of \(allowed.joined(separator: ", "))"
        case let .invalidValue(file, line, key, expected):
            return "\(file):\(line): \(key): expected \(expected)"
        }
    }
}
