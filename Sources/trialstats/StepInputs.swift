import MetaAnalysis
import ModelFrames
import TrialData

/// What the steps of one run share: the plan's schema (for a step that names none), the names to
/// show for files the run made itself, and every dataset, loaded and checked once however many
/// steps read it the same way. A command typed by hand gets an empty one.
final class StepInputs {
    let schema: DataSchema?
    var displayNames: [String: String]
    private var datasets: [[String]: (dataset: TrialDataset, layout: String)] = [:]
    private var modelTables: [[String]: ModelDataOptions.Loaded] = [:]
    private var summaryFiles: [[String]: SummaryFile] = [:]

    init(schema: DataSchema? = nil, displayNames: [String: String] = [:]) {
        self.schema = schema
        self.displayNames = displayNames
    }

    /// The trial data as the options read and check them.
    func dataset(_ options: DataOptions) throws -> (dataset: TrialDataset, layout: String) {
        let key = options.key
        if let loaded = datasets[key] { return loaded }
        let loaded = try options.loadDataset(self)
        datasets[key] = loaded
        for note in loaded.dataset.readingNotes { StandardStreams.writeMessage("trialstats: \(loaded.dataset.source): note: \(note)") }
        if let summary = Self.exclusionSummary(loaded.dataset.ledger) { StandardStreams.writeMessage(summary) }
        return loaded
    }

    /// One line on standard error when the checks excluded rows or read labels as others, so that
    /// no command's result is taken for the whole file unawares; the ledger lists each row.
    static func exclusionSummary(_ ledger: RowLedger) -> String? {
        guard !ledger.excluded.isEmpty || !ledger.normalized.isEmpty else { return nil }
        var parts: [String] = []
        if !ledger.excluded.isEmpty {
            parts.append("\(ledger.excluded.count) row\(ledger.excluded.count == 1 ? "" : "s") excluded ("
                         + ledger.exclusionsByRule.map { "\($0.rule.rawValue) \($0.rows)" }.joined(separator: ", ") + ")")
        }
        if !ledger.normalized.isEmpty {
            parts.append("\(ledger.normalized.count) label\(ledger.normalized.count == 1 ? "" : "s") read as another (spaces or case)")
        }
        return "trialstats: \(ledger.source): " + parts.joined(separator: "; ") + "; the ledger lists each"
    }

    /// A model's table as the options read and check it for the formula's columns.
    func modelData(_ options: ModelDataOptions, formula: Formula, command: String) throws -> ModelDataOptions.Loaded {
        let key = options.key + ["formula=" + formula.text, "command=" + command]
        if let loaded = modelTables[key] { return loaded }
        let loaded = try options.load(formula: formula, command: command, inputs: self)
        modelTables[key] = loaded
        return loaded
    }

    /// A file of published summary numbers, with only the rows of an outcome and visit when asked.
    func summaryFile(_ path: String, command: String, outcome: String? = nil, visit: String? = nil) throws -> SummaryFile {
        let key = [path, command, outcome ?? "", visit ?? ""]
        if let file = summaryFiles[key] { return file }
        let file = try SummaryFileInput.read(path, command: command, outcome: outcome, visit: visit, displayName: displayNames[path])
        summaryFiles[key] = file
        return file
    }

    /// The schema a step's `--schema` names, or the plan's, or none.
    func schema(at path: String?) throws -> DataSchema {
        guard let path else { return schema ?? DataSchema() }
        do {
            return try DataSchema.read(path: path)
        } catch {
            throw CommandFailure(error.isMissingInput ? .missingInput : .dataError, "\(error)")
        }
    }
}
