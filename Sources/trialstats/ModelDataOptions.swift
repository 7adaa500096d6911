import Analyses
import Foundation
import ArgumentParser
import ModelFrames
import TrialData

/// What a model command (fit, lm) reads: the file, and the declarations that shape its factors,
/// from --schema or, in a plan, from the plan's data section, with flags taking precedence. A
/// model must use the plan's reference arm and level order as every other command does.
struct ModelDataOptions: ParsableArguments {
    @OptionGroup var reading: ReadingOptions

    /// A REDCap or ADaM file is modelled in the long form its adapter reads.
    @OptionGroup var input: InputFormatOptions

    @Option(help: "A data schema (YAML): its format, NA codes, roles, levels, reference levels and ranges apply; flags override it.")
    var schema: String?

    @Option(help: "COLUMN=A,B,C: a factor's levels in order; the first is the reference unless --reference names another (repeatable).")
    var levels: [String] = []

    @Option(help: "VARIABLE=LEVEL: the reference level of a factor, e.g. arm=saline (repeatable).")
    var reference: [String] = []

    /// Everything that decides which table the options load.
    var key: [String] {
        reading.key + input.key + ["schema=" + (schema ?? ""), "levels=" + levels.joined(separator: "\u{1}"),
                                   "reference=" + reference.joined(separator: "\u{1}")]
    }

    /// What a model reads: the table's rows that passed the data checks, its declared factors in
    /// their declared order, the reference levels, and the rows the checks excluded.
    struct Loaded {
        var table: Table
        var references: [String: String]
        /// Rows excluded by the checks every command applies (a declared range, …), each with its
        /// reason; the model's ledger counts them among the rows read.
        var excluded: [RowLedger.Exclusion]
    }

    /// The table checked as a trial, through its adapter when it came through one.
    static func checked(_ table: Table, adapted: AdaptedInput?, roles: ColumnRoles,
                        declarations: DataDeclarations) throws(ValidationFailure) -> TrialDataset {
        if let adapted { return try adapted.load(roles: roles, declarations: declarations, requiresBaselineRows: false) }
        return try TrialDatasetLoader.load(table, roles: roles, declarations: declarations, requiresBaselineRows: false)
    }

    /// The table checked as trial data, as every other command checks it: the same roles, levels,
    /// ranges and rules, so that a model never uses a row that `compare` or `describe` excludes.
    /// A row failing an error-level rule (a subject seen twice at one visit, a value outside the
    /// declared levels) stops the command, as it stops them. Data that are not a trial in long form
    /// (no subject or visit column to be found: subject-level or lme4's example data) are modelled
    /// as they are, and a note says what could not be checked. Reference levels: the flags' as
    /// given (one naming no factor of the formula is an error), the schema's for the formula's
    /// factors.
    func load(formula: Formula?, command: String, inputs: StepInputs) throws -> Loaded {
        let schema = try inputs.schema(at: self.schema)
        var declarations = schema.declarations
        // --reference is the model's (it may name factor(week)); the schema's are checked with the data.
        declarations.levels.merge(try DataOptions.pairs(levels, option: "--levels").mapValues { $0.split(separator: ",").map(String.init) }) { $1 }
        let flagged = try DataOptions.pairs(reference, option: "--reference")
        // The columns of the formula's fixed and random-effect terms (not its grouping factors).
        let termColumns = (formula.map { $0.terms + $0.randomTerms.flatMap(\.terms) } ?? []).flatMap { $0.flatMap(\.columns) }
        let modelColumns = Set(termColumns)
        var references = declarations.references.filter { modelColumns.contains($0.key) }
        references.merge(flagged) { $1 }
        var roles = schema.roles
        if roles.outcomes.isEmpty, let response = formula?.response.columns.first { roles.outcomes = [response] }
        // The formula's other columns are covariates, so that a REDCap export carries them to every
        // event (it carries only the arm and the covariates it is told of).
        if input.inputFormat == .redcap {
            let keys = Set(ColumnRoles.subjectNames + ColumnRoles.armNames + ColumnRoles.visitNames)
            let named = Set([roles.subject, roles.arm, roles.visit].compactMap { $0 } + roles.outcomes + roles.covariates)
            for column in termColumns where !named.contains(column) && !keys.contains(column.lowercased()) && !roles.covariates.contains(column) {
                roles.covariates.append(column)
            }
        }
        let options = try reading.csvOptions(schema)
        let adapted = try input.adapted(reading.data, options: options, roles: roles)
        var table = try adapted?.table ?? reading.readTable(options, displayName: inputs.displayNames[reading.data])
        // A declaration for a column the file does not have would check nothing, silently.
        let declaredColumns = Set(declarations.levels.keys).union(declarations.references.keys).union(declarations.ranges.keys)
        if let missing = declaredColumns.sorted().first(where: { !table.columnNames.contains($0) }) {
            throw CommandFailure(status: .dataError,
                                 message: "trialstats \(command): \(table.source): a level order, reference or range is declared for column "
                                     + "\"\(missing)\", which the data do not have; the columns are \(table.columnNames.joined(separator: ", "))")
        }
        // factor(COLUMN) of a numeric column orders its levels as numbers; another declared order
        // cannot be honoured there, and is refused rather than ignored.
        for (name, levels) in declarations.levels.sorted(by: { $0.key < $1.key }) {
            guard let column = table.columns.first(where: { $0.name == name }), case .numeric = column.values else { continue }
            let numbers = levels.compactMap(Double.init)
            guard numbers.count == levels.count, zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ValidationError("--levels \(name)=\(levels.joined(separator: ",")): \(name) is numeric, and factor(\(name)) orders its levels "
                                      + "as numbers; name its reference level with --reference \(name)=\(levels.first ?? "")")
            }
        }
        var excluded: [RowLedger.Exclusion] = []
        do {
            // A model's factors need not be a trial's arms (a crossover's treatment varies within
            // subject): the arm rules apply only to an arm the schema or plan declares.
            var checkedRoles = roles
            if checkedRoles.arm == nil { checkedRoles.arm = ColumnRoles.singleArm }
            let dataset = try Self.checked(table, adapted: adapted, roles: checkedRoles, declarations: declarations)
            excluded = dataset.ledger.excluded
            let lines = Set(excluded.map(\.line))
            table = table.keepingRows((0..<table.rowCount).filter { !lines.contains(Int(table.lineNumbers[$0])) })
            for issue in dataset.warnings.prefix(LedgerText.shownExclusions) { StandardStreams.writeMessage("trialstats \(command): warning: \(issue)") }
        } catch let failure where failure.issues.isEmpty {
            // Not a trial in long form; nothing to check against.
            let declared = declarations.ranges.keys.sorted()
            StandardStreams.writeMessage("trialstats \(command): note: the data were not checked as a trial in long form ("
                                         + failure.roleProblems.map { $0.replacingOccurrences(of: #"; name one with --[a-z-]+(, or --arm none for a single-arm series)?"#,
                                                                                            with: "", options: .regularExpression) }
                                             .joined(separator: "; ") + ")"
                                         + (declared.isEmpty ? "" : "; the declared ranges of \(declared.joined(separator: ", ")) were not applied"))
        } catch {
            throw CommandFailure(status: .dataError, message: error.description)
        }
        do {
            return Loaded(table: try table.orderingLevels(declarations.levels), references: references, excluded: excluded)
        } catch {
            throw CommandFailure(.dataError, "\(error)")
        }
    }
}
