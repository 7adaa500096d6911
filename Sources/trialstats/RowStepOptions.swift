import ArgumentParser
import TrialData

/// The data steps every command takes: labels read as others (`--recode`) and the rows kept
/// (`--where`). One group, so that a data command and a model command parse them alike.
struct RowStepOptions: ParsableArguments {
    @Option(help: "COLUMN:LABEL=MEANT: read a label as another, e.g. 'arm:Dextrose 5%=dextrose' or 'sex:1=female' (repeatable; applied before the checks).")
    var recode: [String] = []

    @Option(name: .customLong("where"),
            help: "COLUMN OP VALUE: keep only the rows that meet it, e.g. 'age >= 50' or 'visit > 0' (repeatable; the rows left out are counted; baselines are taken before).")
    var conditions: [String] = []

    func validate() throws {
        _ = try recodes()
        for condition in conditions where RowCondition(condition) == nil {
            throw ValidationError("--where \(condition): expected COLUMN OP VALUE with OP one of "
                                  + RowCondition.Operator.allCases.map(\.rawValue).joined(separator: " ") + ", e.g. 'visit > 0'")
        }
    }

    /// Everything the steps decide, for the cache of loaded tables.
    var key: [String] { ["recode=" + recode.joined(separator: "\u{1}"), "where=" + conditions.joined(separator: "\u{1}")] }

    /// --recode COLUMN:LABEL=MEANT options as column → label → meant label; a label given twice is an error.
    func recodes() throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for value in recode {
            guard let colon = value.firstIndex(of: ":"), colon != value.startIndex,
                  let equals = value[value.index(after: colon)...].firstIndex(of: "=") else {
                throw ValidationError("--recode \(value): expected COLUMN:LABEL=MEANT, e.g. 'arm:Dextrose 5%=dextrose'")
            }
            let column = String(value[..<colon]), label = String(value[value.index(after: colon)..<equals])
            let meant = String(value[value.index(after: equals)...])
            guard !meant.isEmpty else { throw ValidationError("--recode \(value): the meant label is empty") }
            guard result[column]?[label] == nil else { throw ValidationError("--recode: \(column):\(label) is given twice") }
            result[column, default: [:]][label] = meant
        }
        return result
    }

    /// The source with the steps applied: the recodes over any the schema declares, the conditions.
    func apply(to source: inout TrialDataSource) throws {
        for (column, mapping) in try recodes() { source.declarations.recodes[column, default: [:]].merge(mapping) { $1 } }
        source.selection = conditions.compactMap(RowCondition.init)
    }
}
