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

    @Option(name: .customLong("add-baseline"),
            help: "OUTCOME: add the subject's value at the baseline visit as the column OUTCOME_bl, for a baseline covariate (repeatable).")
    var addBaseline: [String] = []

    @Option(name: .customLong("add-change"),
            help: "OUTCOME: add the change from the subject's baseline value as the column OUTCOME_change, for a change-from-baseline response (repeatable).")
    var addChange: [String] = []

    @OptionGroup var steps: RowStepOptions

    /// Everything that decides which table the options load.
    var key: [String] {
        reading.key + input.key + ["schema=" + (schema ?? ""), "levels=" + levels.joined(separator: "\u{1}"),
                                   "reference=" + reference.joined(separator: "\u{1}"), "addBaseline=" + addBaseline.joined(separator: "\u{1}"),
                                   "addChange=" + addChange.joined(separator: "\u{1}")] + steps.key
    }

    /// What a model reads: the table's rows that passed the data checks, its declared factors in
    /// their declared order, the reference levels, the rows the checks excluded, and what the
    /// checks could not do.
    struct Loaded {
        var table: Table
        var references: [String: String]
        var excluded: [RowLedger.Exclusion]
        var normalized: [LevelNormalization]
        var note: String?
    }

    /// The table checked as trial data, as every other command checks it (`TrialDataSource.modelData`).
    /// Reference levels: the flags' as given, the declared ones for the formula's factors. What the
    /// checks say is said on standard error, once per load.
    func load(formula: Formula, command: String, inputs: StepInputs) throws -> Loaded {
        let schema = try inputs.schema(at: self.schema)
        var source = try reading.source(schema, inputs: inputs)
        input.apply(to: &source)
        source.addedBaselines = addBaseline
        source.addedChanges = addChange
        try steps.apply(to: &source)
        // --reference is the model's (it may name factor(week)); the declared ones are checked with the data.
        source.declarations.levels.merge(try DataOptions.pairs(levels, option: "--levels").mapValues { $0.split(separator: ",").map(String.init) }) { $1 }
        let flagged = try DataOptions.pairs(reference, option: "--reference")
        let loaded: (table: TrialDataSource.ModelTable, references: [String: String])
        do {
            loaded = try source.modelData(for: formula)
        } catch {
            switch error.kind {
            case let .numericLevelOrder(column, levels):
                throw ValidationError("--levels \(column)=\(levels.joined(separator: ",")): \(column) is numeric, and factor(\(column)) orders its "
                                      + "levels as numbers; name its reference level with --reference \(column)=\(levels.first ?? "")")
            case .missingInput, .invalidData: throw CommandFailure(error, command: command)
            }
        }
        for warning in loaded.table.warnings.prefix(LedgerText.shownExclusions) { StandardStreams.writeMessage("trialstats \(command): warning: \(warning)") }
        if let note = loaded.table.note { StandardStreams.writeMessage("trialstats \(command): note: \(note)") }
        return Loaded(table: loaded.table.table, references: loaded.references.merging(flagged) { $1 }, excluded: loaded.table.excluded,
                      normalized: loaded.table.normalized, note: loaded.table.note)
    }
}
