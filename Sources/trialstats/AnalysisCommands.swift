import Analyses
import ArgumentParser
import TrialData

/// What the commands built on `Analyses` share: reading `--at VISIT=VALUE`, and turning an
/// `AnalysisError` into the CLI's answer (exit 64 for a usage mistake; exit 65 with a message
/// listing what does exist for a selection the data do not have).
enum AnalysisCommands {
    /// `--at VISIT=VALUE` as the visit column's name and the visit.
    static func visit(_ at: String) throws -> (column: String, visit: String) {
        guard let equals = at.firstIndex(of: "=") else { throw ValidationError("--at \(at): expected VISIT=VALUE, e.g. week=12") }
        return (String(at[..<equals]), String(at[at.index(after: equals)...]))
    }

    /// A usage mistake (exit 64) or a selection the data do not have (exit 65, said here).
    static func failure(_ error: AnalysisError, command: String) -> Error {
        switch error {
        case .outcomeNotChosen, .visitColumnMismatch, .invalidOption, .conflictingOptions, .invalidFormula:
            return ValidationError(error.description)
        case .noSuchVisit, .noSuchArm, .tooFewValues, .noResponderData, .computation:
            return CommandFailure(.dataError, command: command, "\(error)")
        }
    }
}
