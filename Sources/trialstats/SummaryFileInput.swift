import Analyses
import ArgumentParser
import MetaAnalysis
import StatsCore

/// Reading a summary file for `summary`, `meta`, `reproduce` and `check`: a problem is printed
/// with the file, line, column and value, and ends the command with 66 (missing file) or 65 (data).
enum SummaryFileInput {
    static func read(_ path: String, command: String, outcome: String? = nil, visit: String? = nil, displayName: String? = nil) throws -> SummaryFile {
        do {
            return try SummaryFile.read(path: path, displayName: displayName).selecting(outcome: outcome, visit: visit)
        } catch {
            throw failure(command, error)
        }
    }

    /// Reads the file, runs the command's analysis on it and returns the result with its tables.
    static func outcome<Result: Encodable>(_ path: String, command: String, outcome: String? = nil, visit: String? = nil,
                                           inputs: StepInputs, analysis: (SummaryFile) throws -> Result,
                                           tables: @escaping (Result) -> [ResultTable], figures: @escaping (Result) -> [(kind: String, svg: String)] = { _ in [] })
        throws -> StepOutcome {
        let file = try inputs.summaryFile(path, command: command, outcome: outcome, visit: visit)
        do {
            let result = try analysis(file)
            return StepOutcome(json: { try JSONText.encode(result) }, tables: { tables(result) }, figures: { figures(result) })
        } catch let error as MetaAnalysisError {
            throw failure(command, error)
        } catch let error as AnalysisError {
            throw AnalysisCommands.failure(error, command: command)
        }
    }

    static func failure(_ command: String, _ error: MetaAnalysisError) -> CommandFailure {
        CommandFailure(error.isMissingInput ? .missingInput : .dataError, command: command, "\(error)")
    }
}
