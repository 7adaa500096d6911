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

    /// The table checked as trial data, as every other command checks it (`TrialDataSource.loadForModel`).
    /// Reference levels: the flags' as given, the schema's for the formula's factors. What the
    /// checks say is said on standard error, once per load.
    func load(formula: Formula?, command: String, inputs: StepInputs) throws -> Loaded {
        let schema = try inputs.schema(at: self.schema)
        var source = try reading.source(schema, inputs: inputs)
        input.apply(to: &source)
        // --reference is the model's (it may name factor(week)); the schema's are checked with the data.
        source.declarations.levels.merge(try DataOptions.pairs(levels, option: "--levels").mapValues { $0.split(separator: ",").map(String.init) }) { $1 }
        let flagged = try DataOptions.pairs(reference, option: "--reference")
        // The columns of the formula's fixed and random-effect terms (not its grouping factors).
        let termColumns = formula?.termColumns ?? []
        var references = source.declarations.references.filter { Set(termColumns).contains($0.key) }
        references.merge(flagged) { $1 }
        let loaded: TrialDataSource.ModelTable
        do {
            loaded = try source.loadForModel(termColumns: termColumns, response: formula?.response.columns.first)
        } catch {
            if error.kind == .invalidRequest { throw ValidationError(error.description) }
            throw CommandFailure(error)
        }
        for warning in loaded.warnings.prefix(LedgerText.shownExclusions) { StandardStreams.writeMessage("trialstats \(command): warning: \(warning)") }
        if let note = loaded.note { StandardStreams.writeMessage("trialstats \(command): note: \(note)") }
        return Loaded(table: loaded.table, references: references, excluded: loaded.excluded)
    }
}
