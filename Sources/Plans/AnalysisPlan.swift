#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Reporting
import TrialData
import Yams

/// A statistical analysis plan as a file: the data, the analyses and the outputs, kept in
/// version control and run by `trialstats run`. Each analysis is a `trialstats` command with its
/// options written as YAML keys, so a plan says exactly what the same commands typed by hand
/// would do. Every key is checked when the plan is read; a mistake names its line.
///
/// ```yaml
/// name: demo
/// title: Perineural dextrose vs saline vs triamcinolone
/// data:
///   path: trial.csv              # relative to the plan's folder
///   roles: {subject: subject, arm: arm, visit: week}
///   reference: {arm: saline}
/// labels: {vas: "Pain (VAS 0-10)"}  # what the report calls the variables
/// analyses:
///   - id: baseline
///     command: table1
///     options: {covariates: [age, sex]}
///   - id: mmrm
///     title: Pain over 12 weeks (MMRM)   # the section's heading
///     primary: true                      # stated first, in words, at the top of the report
///     command: fit
///     options: {formula: "vas ~ vas_bl + arm * visit + us(visit | subject)", emmeans: "arm | visit"}
/// formats: [md, html, docx]
/// ```
public struct AnalysisPlan: Sendable {
    /// The plan's name: its output folder. Defaults to the file's name without extension.
    public var name: String
    public var title: String
    public var file: String
    /// The plan's text, shown in the report.
    public var text: String
    public var data: DataSource
    public var analyses: [Analysis]
    /// Steps that add columns before the analyses (instrument scores, improvement, responders):
    /// `trialstats score` runs, each on the previous step's table.
    public var derive: [Analysis]
    /// Table formats to write besides each analysis's JSON: md, csv, tex, html, rtf; docx makes
    /// one Word document of the whole report.
    public var formats: [String]
    /// What the report calls the data's variables (`labels: {vas: "Pain (VAS 0-10)"}`), each with
    /// its line, for the check that it names a column of the data.
    public var labelEntries: [(variable: String, label: String, line: Int)] = []
    public var labels: [String: String] { Dictionary(labelEntries.map { ($0.variable, $0.label) }, uniquingKeysWith: { $1 }) }

    /// False for a plan of published summary numbers alone, which reads no trial data.
    public var hasData: Bool { !data.path.isEmpty }

    public struct DataSource: Sendable {
        /// The data file, resolved against the plan's folder.
        public var path: String
        public var inputFormat: String
        public var dictionary: String?
        public var adsl: String?
        public var param: String?
        /// A schema file (resolved), and the schema written into the plan itself; the plan's own
        /// keys take precedence.
        public var schemaFile: String?
        public var schema: DataSchema?
        /// Where each role's column was named: for "no such column" errors.
        public var roleLines: [(key: String, column: String, line: Int)]
        public var line: Int
    }

    public struct Analysis: Sendable {
        public var id: String
        public var command: String
        /// The report's heading for the step (`title:`), and the short name a sentence uses for it
        /// (`label:`); each stands in for the other when only one is given, and the id for both.
        public var title: String?
        public var label: String?
        /// A primary analysis: its results open the report, in words.
        public var primary = false
        public var heading: String { title ?? label ?? id }
        /// Options in the order written; a list gives the option once per value; `true` a flag.
        public var options: [Option]
        public var line: Int
        /// For the commands on published summary numbers (meta, reproduce, check, summary): the
        /// summary file they read (the `file` option, resolved against the plan's folder).
        public var input: String?
        /// Further files an option names (estimand's `ice`), resolved against the plan's folder.
        public var companions: [String] = []

        public init(id: String, command: String, options: [Option] = [], line: Int, input: String? = nil) {
            self.id = id
            self.command = command
            self.options = options
            self.line = line
            self.input = input
        }

        public struct Option: Sendable {
            public var name: String
            public var values: [String]
            public var isFlag: Bool
            public var line: Int
        }

        /// The command line, without the data argument and output options.
        public var arguments: [String] {
            options.flatMap { option -> [String] in
                let flag = "--" + option.name.replacingOccurrences(of: "_", with: "-")
                return option.isFlag ? [flag] : option.values.flatMap { [flag, $0] }
            }
        }
    }

    public static let topLevelKeys = ["name", "title", "data", "derive", "analyses", "formats", "labels"]
    public static let dataKeys = ["path", "input_format", "schema", "dictionary", "adsl", "param"] + DataSchema.topLevelKeys
    public static let analysisKeys = ["id", "command", "options", "title", "label", "primary"]
    /// A derive step adds columns and has no section of its own: no heading, nothing primary.
    public static let deriveKeys = ["id", "command", "options"]
    /// Names of files the run itself writes in a plan's folder (data.json, index.html, data-long.csv).
    public static let reservedIDs = ["data", "index", "data-long"]
    /// The commands a plan can run.
    public static let commands = ["describe", "table1", "descriptives", "compare", "responders", "plot", "lm", "fit", "estimand"] + summaryCommands
    /// The commands that read a file of published summary numbers (option `file`), not the trial data.
    public static let summaryCommands = ["summary", "meta", "reproduce", "check", "power"]
    /// The commands a derive step can run.
    public static let deriveCommands = ["score"]
    /// Every table format but JSON, which each analysis always writes in its own form.
    public static let tableFormats = TableFormat.allCases.filter { $0 != .json }.map(\.rawValue)

    public static func read(path: String) throws(PlanError) -> AnalysisPlan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .cannotOpen(file: path, reason: FileManager.default.fileExists(atPath: path) ? "not UTF-8 text" : "no such file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(PlanError) -> AnalysisPlan {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw PlanError.syntax(file: file, message: "the plan is empty") }
            root = node
        } catch let error as PlanError {
            throw error
        } catch {
            throw .syntax(file: file, message: "\(error)")
        }
        let folder = (file as NSString).deletingLastPathComponent
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
        }
        let top = try mapping(root, file: file, key: "the plan", allowed: topLevelKeys)
        var name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var namedAt: Int? = nil
        var title: String? = nil
        var data: DataSource? = nil
        var analyses: [Analysis]? = nil
        var derive: [Analysis] = []
        var formats = ["md", "html"]
        var labelEntries: [(variable: String, label: String, line: Int)] = []
        for (key, value) in top {
            switch key.name {
            case "name":
                name = try scalar(value, file: file, key: "name")
                namedAt = line(value)
                guard isFolderName(name) else {
                    throw .invalidValue(file: file, line: line(value), key: "name", expected: "letters, digits, - _ and . (it names the output folder)")
                }
            case "title": title = try scalar(value, file: file, key: "title")
            case "data": data = try dataSource(value, file: file, line: key.line, resolve: resolve)
            case "analyses": analyses = try analysisList(value, file: file, resolve: resolve)
            case "derive": derive = try analysisList(value, file: file, key: "derive", commands: deriveCommands, resolve: resolve)
            case "labels":
                for (variable, label) in try mapping(value, file: file, key: "labels", allowed: nil) {
                    let text = try scalar(label, file: file, key: "labels.\(variable.name)")
                    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw .invalidValue(file: file, line: variable.line, key: "labels.\(variable.name)", expected: "a label that is not empty")
                    }
                    labelEntries.append((variable.name, text, variable.line))
                }
            default:
                formats = try strings(value, file: file, key: "formats")
                for format in formats where !tableFormats.contains(format) {
                    throw .invalidValue(file: file, line: line(value), key: "formats",
                                        expected: "some of \(tableFormats.joined(separator: ", ")) (each analysis's JSON is always written)")
                }
            }
        }
        // The file's name names the folder when the plan does not: "...yaml" would be "..", the
        // folder above --out, and "<b>.yaml" would go into the index page as markup.
        if namedAt == nil, !isFolderName(name) {
            throw .invalidValue(file: file, line: 1, key: "name",
                                expected: "a name: key, since the file's name \"\(name)\" cannot name the output folder (letters, digits, - _ and ., not first .)")
        }
        guard let analyses, !analyses.isEmpty else {
            throw .missingKey(file: file, line: 1, key: "analyses", hint: "add a list of analyses, e.g. - {id: baseline, command: table1}")
        }
        try checkOutputNames(derive: derive, analyses: analyses, file: file)
        // A plan of published summary numbers alone (meta-analysis, reproduction) needs no trial data.
        let needsData = !derive.isEmpty || analyses.contains { $0.input == nil }
        guard let data = data ?? (needsData ? nil : DataSource(path: "", inputFormat: "csv", roleLines: [], line: 1)) else {
            throw .missingKey(file: file, line: 1, key: "data", hint: "add data: {path: FILE} with the trial's data file")
        }
        return AnalysisPlan(name: name, title: title ?? name, file: file, text: text, data: data, analyses: analyses, derive: derive,
                            formats: formats, labelEntries: labelEntries)
    }

    static func dataSource(_ node: Node, file: String, line dataLine: Int, resolve: (String) -> String) throws(PlanError) -> DataSource {
        let entries = try mapping(node, file: file, key: "data", allowed: dataKeys)
        var source = DataSource(path: "", inputFormat: "csv", roleLines: [], line: dataLine)
        var schemaEntries: [(Node, Node)] = []
        var pathLine = dataLine
        for (key, value) in entries {
            let name = "data." + key.name
            switch key.name {
            case "path":
                source.path = resolve(try scalar(value, file: file, key: name))
                pathLine = key.line
            case "input_format":
                source.inputFormat = try scalar(value, file: file, key: name)
                guard ["csv", "redcap", "adam"].contains(source.inputFormat) else {
                    throw .invalidValue(file: file, line: key.line, key: name, expected: "csv, redcap or adam")
                }
            case "schema": source.schemaFile = try existing(resolve(try scalar(value, file: file, key: name)), file: file, line: key.line, key: name)
            case "dictionary": source.dictionary = try existing(resolve(try scalar(value, file: file, key: name)), file: file, line: key.line, key: name)
            case "adsl": source.adsl = try existing(resolve(try scalar(value, file: file, key: name)), file: file, line: key.line, key: name)
            case "param": source.param = try scalar(value, file: file, key: name)
            default:
                schemaEntries.append((Node(key.name, Tag(.str), .plain), value))
                if key.name == "roles" { source.roleLines = try roleColumns(value, file: file) }
            }
        }
        if source.schemaFile != nil && !schemaEntries.isEmpty {
            throw .invalidValue(file: file, line: dataLine, key: "data", expected: "the schema either as a file (schema:) or written into data, not both")
        }
        guard !source.path.isEmpty else { throw .missingKey(file: file, line: dataLine, key: "data.path", hint: "name the trial's data file") }
        _ = try existing(source.path, file: file, line: pathLine, key: "data.path")
        if !schemaEntries.isEmpty {
            do {
                source.schema = try DataSchema.parse(node: .mapping(Node.Mapping(schemaEntries)), file: file)
            } catch {
                throw converted(error, prefix: "data.")
            }
        }
        return source
    }

    /// Each column a role names, with its line.
    static func roleColumns(_ node: Node, file: String) throws(PlanError) -> [(key: String, column: String, line: Int)] {
        guard case let .mapping(roles) = node else { return [] }
        var result: [(key: String, column: String, line: Int)] = []
        for (key, value) in roles {
            guard let role = key.string else { continue }
            switch value {
            case let .scalar(scalar): result.append(("data.roles." + role, scalar.string, line(value)))
            case let .sequence(sequence):
                for element in sequence { if let text = element.string { result.append(("data.roles." + role, text, line(element))) } }
            case let .mapping(mapping):
                for (_, column) in mapping { if let text = column.string { result.append(("data.roles." + role, text, line(column))) } }
            default: break
            }
        }
        return result
    }

    /// A list of analyses (or derive steps, whose ids are optional: `derive-1`, `derive-2` …).
    static func analysisList(_ node: Node, file: String, key listKey: String = "analyses",
                             commands: [String] = commands, resolve: (String) -> String) throws(PlanError) -> [Analysis] {
        guard case let .sequence(sequence) = node else {
            throw .invalidValue(file: file, line: line(node), key: listKey, expected: "a list of steps, each with id and command")
        }
        var analyses: [Analysis] = []
        var seen = Set<String>()
        for element in sequence {
            var id: String? = nil, command: String? = nil, title: String? = nil, label: String? = nil, primary = false
            let entries = try mapping(element, file: file, key: listKey, allowed: listKey == "derive" ? deriveKeys : analysisKeys)
            if listKey == "derive" { id = "derive-\(analyses.count + 1)" }
            var options: [Analysis.Option] = []
            for (key, value) in entries {
                switch key.name {
                case "id":
                    let text = try scalar(value, file: file, key: "id")
                    guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || "-_".contains($0) }) else {
                        throw .invalidValue(file: file, line: key.line, key: "id", expected: "letters, digits, - and _ (it names the output files)")
                    }
                    guard !reservedIDs.contains(text.lowercased()), !text.lowercased().hasPrefix("derive-") else {
                        throw .invalidValue(file: file, line: key.line, key: "id",
                                            expected: "an id other than \(reservedIDs.joined(separator: ", ")) or derive-N (the run writes files of those names)")
                    }
                    guard seen.insert(text).inserted else { throw .invalidValue(file: file, line: key.line, key: "id", expected: "an id not used before") }
                    id = text
                case "command":
                    let text = try scalar(value, file: file, key: "command")
                    guard commands.contains(text) else {
                        throw .unknownKey(file: file, line: key.line, key: text, allowed: commands, suggestion: nearest(text, among: commands))
                    }
                    command = text
                case "title", "label":
                    let text = try scalar(value, file: file, key: key.name).trimmingCharacters(in: .whitespaces)
                    guard !text.isEmpty else { throw .invalidValue(file: file, line: key.line, key: key.name, expected: "a \(key.name) that is not empty") }
                    if key.name == "title" { title = text } else { label = text }
                case "primary":
                    let text = try scalar(value, file: file, key: "primary")
                    guard ["true", "false"].contains(text) else { throw .invalidValue(file: file, line: key.line, key: "primary", expected: "true or false") }
                    primary = text == "true"
                default:
                    for (optionKey, optionValue) in try mapping(value, file: file, key: "options", allowed: nil) {
                        switch optionValue {
                        case let .scalar(scalar) where ["true", "false"].contains(scalar.string):
                            if scalar.string == "true" { options.append(.init(name: optionKey.name, values: [], isFlag: true, line: optionKey.line)) }
                        default:
                            options.append(.init(name: optionKey.name, values: try strings(optionValue, file: file, key: "options." + optionKey.name),
                                                 isFlag: false, line: optionKey.line))
                        }
                    }
                }
            }
            guard let id else { throw .missingKey(file: file, line: line(element), key: "id", hint: "give each analysis an id; it names the output files") }
            guard let command else {
                throw .missingKey(file: file, line: line(element), key: "command", hint: "one of \(commands.joined(separator: ", "))")
            }
            var input: String? = nil
            if summaryCommands.contains(command) {
                guard let index = options.firstIndex(where: { $0.name == "file" }), options[index].values.count == 1 else {
                    throw .missingKey(file: file, line: line(element), key: "options.file",
                                      hint: command == "power" ? "power reads a design file: options: {file: DESIGN.yaml}"
                                          : "\(command) reads a file of published summary numbers: options: {file: PATH}")
                }
                input = try existing(resolve(options[index].values[0]), file: file, line: options[index].line, key: "options.file")
                options.remove(at: index)
            }
            // An option that names a file (estimand's events) is read beside the plan, like the data.
            var companions: [String] = []
            for (index, option) in options.enumerated() where Self.fileOptions[command]?.contains(option.name) == true && option.values.count == 1 {
                let path = try existing(resolve(option.values[0]), file: file, line: option.line, key: "options." + option.name)
                options[index].values = [path]
                companions.append(path)
            }
            var analysis = Analysis(id: id, command: command, options: options, line: line(element), input: input)
            analysis.companions = companions
            analysis.title = title ?? label
            analysis.label = label ?? title
            analysis.primary = primary
            analyses.append(analysis)
        }
        return analyses
    }

    /// Every file the plan reads: the plan, its data and their companions, summary files, files options name.
    public var inputFiles: [String] {
        [file, data.path] + [data.schemaFile, data.dictionary, data.adsl].compactMap { $0 } + (derive + analyses).compactMap(\.input)
            + (derive + analyses).flatMap(\.companions)
    }

    /// Per command, the options that name a file to read.
    static let fileOptions: [String: [String]] = ["estimand": ["ice", "delta-file"]]

    /// A name that can be a folder of its own inside --out.
    static func isFolderName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// Options the run sets itself, which a step may not set.
    public static let runOptions = ["output", "format"]

    /// Every file a step writes is its id with an extension, in one folder: derive steps and
    /// analyses share one namespace, and a fit's `fitted:` file is a plain name in that folder
    /// that no step's files take.
    static func checkOutputNames(derive: [Analysis], analyses: [Analysis], file: String) throws(PlanError) {
        var ids: [String: Analysis] = [:]
        for step in derive + analyses {
            if let earlier = ids[step.id.lowercased()] {
                throw .invalidValue(file: file, line: step.line, key: "id",
                                    expected: "an id other than \(step.id), which the step on line \(earlier.line) uses (both would write \(step.id).csv)")
            }
            ids[step.id.lowercased()] = step
        }
        for step in derive + analyses {
            for option in step.options {
                if runOptions.contains(option.name) {
                    throw .invalidValue(file: file, line: option.line, key: "options.\(option.name)",
                                        expected: "no \(option.name) option: the run writes each step's files into the plan's folder in its formats")
                }
                guard option.name == "fitted" else { continue }
                let value = option.values.first ?? ""
                let stem = (value as NSString).deletingPathExtension.lowercased()
                guard option.values.count == 1, isFolderName(value), value.lowercased().hasSuffix(".csv"),
                      ids[stem] == nil, !reservedIDs.contains(stem), !stem.hasPrefix("derive-") else {
                    throw .invalidValue(file: file, line: option.line, key: "options.fitted",
                                        expected: "a file name such as vas-fitted.csv (letters, digits, - _ and ., ending .csv), written into the "
                                            + "plan's folder beside the report; not a path, and not the name of a step's own file"
                                            + (ids[stem].map { " (the step on line \($0.line) writes \(value))" } ?? ""))
                }
                ids[stem] = step
            }
        }
    }

    /// Checks that every column the plan's roles name is in the data file (a plain CSV; the
    /// REDCap and ADaM adapters name columns themselves).
    public func checkColumns(in path: String? = nil) throws(PlanError) {
        guard data.inputFormat == "csv", !data.roleLines.isEmpty || !labelEntries.isEmpty else { return }
        let path = path ?? data.path
        let columns: [String]
        do {
            columns = try CSVReader.read(path: path).columnNames
        } catch {
            return  // reading errors are the commands' to report, with their lines
        }
        for role in data.roleLines where !columns.contains(role.column) {
            throw .missingColumn(file: file, line: role.line, key: role.key, column: role.column, data: path, columns: columns,
                                 suggestion: nearest(role.column, among: columns))
        }
        // A label for a name the data do not have would be ignored: a misspelt variable is refused.
        for label in labelEntries where !columns.contains(label.variable) {
            throw .missingColumn(file: file, line: label.line, key: "labels", column: label.variable, data: path, columns: columns,
                                 suggestion: nearest(label.variable, among: columns))
        }
    }

    // MARK: YAML helpers: TrialData's, with a plan's errors (and a suggestion for an unknown key).

    typealias Key = YAMLReading.Key
    static func line(_ node: Node) -> Int { YAMLReading.line(node) }

    static func existing(_ path: String, file: String, line: Int, key: String) throws(PlanError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(file: file, line: line, key: key, path: path) }
        return path
    }

    static func converted(_ error: SchemaError, prefix: String = "") -> PlanError {
        switch error {
        case let .unknownKey(file, line, key, allowed):
            return .unknownKey(file: file, line: line, key: key, allowed: allowed, suggestion: nearest(key, among: allowed))
        case let .invalidValue(file, line, key, expected): return .invalidValue(file: file, line: line, key: prefix + key, expected: expected)
        case let .syntax(file, message): return .syntax(file: file, message: message)
        case let .cannotOpen(file, reason): return .cannotOpen(file: file, reason: reason)
        }
    }

    static func mapping(_ node: Node, file: String, key: String, allowed: [String]?) throws(PlanError) -> [(Key, Node)] {
        do { return try YAMLReading.mapping(node, file: file, key: key, allowed: allowed) } catch { throw converted(error) }
    }

    static func scalar(_ node: Node, file: String, key: String) throws(PlanError) -> String {
        do { return try YAMLReading.scalar(node, file: file, key: key) } catch { throw converted(error) }
    }

    static func strings(_ node: Node, file: String, key: String) throws(PlanError) -> [String] {
        do { return try YAMLReading.strings(node, file: file, key: key) } catch { throw converted(error) }
    }
}
