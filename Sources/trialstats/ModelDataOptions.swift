import ArgumentParser
import ModelFrames
import TrialData

/// What a model command (fit, lm) reads: the file, and the declarations that shape its factors,
/// from --schema or, in a plan, from the plan's data section, with flags taking precedence. A
/// model must use the plan's reference arm and level order as every other command does.
struct ModelDataOptions: ParsableArguments {
    @OptionGroup var reading: ReadingOptions

    @Option(help: "A data schema (YAML): its format, NA codes, levels and reference levels apply; flags override it.")
    var schema: String?

    @Option(help: "COLUMN=A,B,C: a factor's levels in order; the first is the reference unless --reference names another (repeatable).")
    var levels: [String] = []

    @Option(help: "VARIABLE=LEVEL: the reference level of a factor, e.g. arm=saline (repeatable).")
    var reference: [String] = []

    /// The table, its declared factors in their declared order, and the reference levels for a
    /// formula over `formula`: the flags' as given (a flag naming no factor of the formula is an
    /// error), the schema's for the formula's factors.
    func load(formula: Formula?) throws -> (table: Table, references: [String: String]) {
        let schema = try DataOptions.schema(at: self.schema)
        var declaredLevels = schema.declarations.levels
        declaredLevels.merge(try DataOptions.pairs(levels, option: "--levels").mapValues { $0.split(separator: ",").map(String.init) }) { $1 }
        let flagged = try DataOptions.pairs(reference, option: "--reference")
        let modelColumns = Set((formula.map { $0.terms + $0.randomTerms.flatMap(\.terms) } ?? []).flatMap { $0.flatMap(\.columns) })
        var references = schema.declarations.references.filter { modelColumns.contains($0.key) }
        references.merge(flagged) { $1 }
        let table = try reading.readTable(try reading.csvOptions(schema))
        do {
            return (try table.orderingLevels(declaredLevels), references)
        } catch {
            StandardStreams.writeMessage("trialstats: \(error)")
            throw ExitStatus.dataError.exitCode
        }
    }
}
