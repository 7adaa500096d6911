import Analyses
import ArgumentParser
import TrialData

/// `trialstats reshape`: writes trial data in long or wide form. The data are validated
/// first; rows a warning excludes are left out and listed on standard error.
struct Reshape: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "reshape",
        abstract: "Write trial data in long (one row per subject and visit) or wide (one row per subject) form.")

    @OptionGroup var data: DataOptions

    @Option(help: "The form to write: long or wide.")
    var to: Form

    @Option(help: "Column names for wide output, with {outcome} and {visit} (default {outcome}_w{visit}).")
    var outputPattern: String?

    @Flag(help: "Long output: add each outcome's baseline, change and percent change (missing where the baseline is 0).")
    var derived = false

    @Option(name: .shortAndLong, help: "Write to this file (default: standard output). The file is replaced only when complete.")
    var output: String?

    enum Form: String, ExpressibleByArgument, CaseIterable {
        case long, wide
    }

    func validate() throws {
        if derived && to == .wide { throw ValidationError("--derived goes with --to long") }
        if let outputPattern, !(outputPattern.contains("{outcome}") && outputPattern.contains("{visit}")) {
            throw ValidationError("--output-pattern \(outputPattern): expected both {outcome} and {visit}")
        }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let dataset = try inputs.dataset(data).dataset
        let table = to == .long ? dataset.longTable(derived: derived) : dataset.wideTable(pattern: outputPattern)
        var warnings = dataset.ledger.excluded.isEmpty ? [] : [LedgerText.lines(dataset.ledger).joined(separator: "\n")]
        if to == .wide, outputPattern == nil, let note = Self.readingBackNote(table, dataset: dataset) { warnings.append(note) }
        return StepOutcome(json: { "" }, tables: { [] }, warnings: warnings, derivedTable: CSVWriter.text(table))
    }

    /// When the wide columns' names do not tell their visits by themselves (labels such as
    /// "pre-op"), the declaration that reads the file back; nil when they do.
    static func readingBackNote(_ table: Table, dataset: TrialDataset) -> String? {
        let keys = Set(table.columns.prefix(2).map(\.name) + dataset.covariates.map(\.name))
        let visits = dataset.visits.labels
        if let found = WideLayout.detect(in: table, excluding: keys), Set(found.cells.map(\.visit)) == Set(visits) { return nil }
        let quoted = visits.contains { $0.contains(",") || $0.contains(" ") }
        return "trialstats reshape: note: the visit labels \(visits.joined(separator: ", ")) are not ones a wide file's column names tell by themselves; "
            + "read the file back with --levels \(quoted ? "'" : "")visit=\(visits.joined(separator: ","))\(quoted ? "'" : "")"
            + " (in a schema: levels: {visit: [\(visits.joined(separator: ", "))]})"
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let outcome = try outcome(StepInputs())
        outcome.warnings.forEach(StandardStreams.writeMessage)
        let text = outcome.derivedTable ?? ""
        if let output {
            try AtomicFile.write(text, to: output)
        } else {
            try StandardStreams.writeResult(text)
        }
    }
}
