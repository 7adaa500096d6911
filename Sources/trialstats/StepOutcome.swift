import ArgumentParser
import StatsCore

/// What an analysis command produced, whether typed by hand or run as a step of a plan: its typed
/// result as JSON, its display tables and figures (made only when someone reads them), the
/// warnings it says on standard error, and the files it writes beside its result.
struct StepOutcome {
    var json: () throws -> String
    var tables: () -> [ResultTable]
    /// Figures drawn from the typed result: (kind, SVG).
    var figures: () -> [(kind: String, svg: String)] = { [] }
    /// The main results in words, with the plan's names for the variables, for the summary that
    /// opens a report; empty for a step that has none to state.
    var findings: (DisplayNames) -> [String] = { _ in [] }
    var warnings: [String] = []
    /// False for a fit that did not converge (a failure under `run --strict`).
    var converged = true
    /// Files named by the command's options (a fit's fitted values), with their text.
    var files: [(name: String, text: String)] = []
    /// A derive step's table (scores, a reshaped file) as CSV, which the next step reads.
    var derivedTable: String? = nil
}

/// A command a plan can run as a step: it turns its options into a typed analysis, which runs on
/// inputs the plan's steps share (each dataset loaded once), and returns what it produced.
protocol StepCommand: ParsableCommand {
    /// The data file the command reads, which a plan sets (the trial data, or a table derived in
    /// the plan's folder); nil for the commands on a summary file.
    var dataPath: String? { get set }
    func outcome(_ inputs: StepInputs) throws -> StepOutcome
}

/// The options that name the file a command reads.
protocol DataFileOptions {
    var reading: ReadingOptions { get set }
}

extension DataOptions: DataFileOptions {}
extension ModelDataOptions: DataFileOptions {}

/// A step on the trial data: the plan sets the file its options name.
protocol TrialFileCommand: StepCommand {
    associatedtype FileOptions: DataFileOptions
    var data: FileOptions { get set }
}

extension TrialFileCommand {
    var dataPath: String? {
        get { data.reading.data }
        set { if let newValue { data.reading.data = newValue } }
    }
}

/// A step on a file of published summary numbers, which the plan names as it is.
protocol SummaryFileCommand: StepCommand {}

extension SummaryFileCommand {
    var dataPath: String? {
        get { nil }
        set {}
    }
}

extension TableOutputOptions {
    /// The outcome of a command typed by hand: its warnings, files, and result in the chosen format.
    func emit(_ outcome: StepOutcome) throws {
        for warning in outcome.warnings { StandardStreams.writeMessage(warning) }
        for file in outcome.files { try AtomicFile.write(file.text, to: file.name) }
        try write(document: outcome.json, tables: outcome.tables())
    }
}
