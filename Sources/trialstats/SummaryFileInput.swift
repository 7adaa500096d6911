import Analyses
import ArgumentParser
import MetaAnalysis
import StatsCore

/// Reading a summary file for `summary`, `meta`, `reproduce` and `check`: a problem is printed
/// with the file, line, column and value, and ends the command with 66 (missing file) or 65 (data).
enum SummaryFileInput {
    static func read(_ path: String, command: String, outcome: String? = nil, visit: String? = nil) throws -> SummaryFile {
        do {
            var file = try SummaryFile.read(path: path, displayName: PlanContext.displayNames[path])
            // Design rows (totals, arm sizes) belong to every outcome and visit.
            if let outcome { file.rows = file.rows.filter { $0.kind == .design || $0.outcome == outcome } }
            if let visit { file.rows = file.rows.filter { $0.kind == .design || $0.visit == visit } }
            if !file.rows.contains(where: { $0.kind != .design }) && (outcome != nil || visit != nil) {
                fail(command, .notComputable("no rows of \(path) have\(outcome.map { " outcome \($0)" } ?? "")\(visit.map { " visit \($0)" } ?? "")"))
            }
            return file
        } catch {
            fail(command, error)
        }
    }

    /// Reads the file, runs the command's analysis on it and writes the result (its JSON, or its
    /// tables); a data problem ends the command as `read` does.
    static func write<Result: Encodable>(_ path: String, command: String, outcome: String? = nil, visit: String? = nil,
                                         output: TableOutputOptions, analysis: (SummaryFile) throws -> Result,
                                         tables: (Result) -> [ResultTable]) throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let file = try read(path, command: command, outcome: outcome, visit: visit)
        do {
            let result = try analysis(file)
            try output.write(document: { try JSONText.encode(result) }, tables: tables(result))
        } catch let error as MetaAnalysisError {
            fail(command, error)
        } catch let error as AnalysisError {
            throw AnalysisCommands.failure(error, command: command)
        }
    }

    static func fail(_ command: String, _ error: MetaAnalysisError) -> Never {
        StandardStreams.writeMessage("trialstats \(command): \(error)")
        let status = error.isMissingInput ? ExitStatus.missingInput : ExitStatus.dataError
        TrialStats.exit(withError: status.exitCode)
    }
}
