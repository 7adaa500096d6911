import Analyses
import ArgumentParser
import TrialData

/// How the commands that select arms and a visit (`compare`, `responders`, `plot`) say that a
/// selection names nothing in the data: exit 65 and a message listing what does exist.
enum ArmComparisonSelection {
    /// The visit of `--at VISIT=VALUE`.
    static func visitIndex(_ dataset: TrialDataset, at: String, command: String) throws -> Int {
        guard let equals = at.firstIndex(of: "=") else { throw ValidationError("--at \(at): expected VISIT=VALUE, e.g. week=12") }
        do {
            return try ArmVisitSelection(dataset, visitColumn: String(at[..<equals]), visit: String(at[at.index(after: equals)...]), arms: [])
                .visitIndex
        } catch {
            throw failure(error, command: command)
        }
    }

    /// A usage mistake (exit 64) or a selection the data do not have (exit 65, said here).
    static func failure(_ error: AnalysisError, command: String) -> Error {
        switch error {
        case .outcomeNotChosen, .visitColumnMismatch, .invalidOption:
            return ValidationError(error.description)
        case .noSuchVisit, .noSuchArm, .tooFewValues, .noResponderData, .computation:
            StandardStreams.writeMessage("trialstats \(command): \(error)")
            return ExitStatus.dataError.exitCode
        }
    }

    static func fail(_ command: String, _ message: String) -> Never {
        StandardStreams.writeMessage("trialstats \(command): \(message)")
        TrialStats.exit(withError: ExitStatus.dataError.exitCode)
    }
}
