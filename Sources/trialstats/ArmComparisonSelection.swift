import Analyses
import ArgumentParser
import TrialData

/// What two-arm commands (`compare`, `responders`) select from a dataset: the outcome, the visit
/// named by `--at VISIT=VALUE`, and two arms that exist. Mistakes stop the command with exit 65
/// and a message listing what does exist.
struct ArmComparisonSelection {
    let outcome: String
    let visitIndex: Int

    init(_ dataset: TrialDataset, data: DataOptions, at: String, arms: [String], command: String) throws {
        guard let outcome = dataset.roles.outcomes.first, dataset.roles.outcomes.count == 1 else {
            throw ValidationError("name one outcome with --outcome (the outcomes are \(dataset.roles.outcomes.joined(separator: ", ")))")
        }
        self.outcome = outcome
        guard let equals = at.firstIndex(of: "=") else { throw ValidationError("--at \(at): expected VISIT=VALUE, e.g. week=12") }
        let name = String(at[..<equals]), value = String(at[at.index(after: equals)...])
        guard name == dataset.roles.visit || name == "visit" else {
            throw ValidationError("--at \(at): the visit column is \(dataset.roles.visit ?? "visit"), not \(name)")
        }
        guard let index = dataset.visits.labels.firstIndex(of: value) else {
            Self.fail(command, "no visit \(value); the visits are \(dataset.visits.labels.joined(separator: ", "))")
        }
        visitIndex = index
        for arm in arms where !dataset.arms.levels.contains(arm) {
            Self.fail(command, "no arm \"\(arm)\"; the arms are \(dataset.arms.levels.joined(separator: ", "))")
        }
    }

    /// A usage mistake (exit 64) or a selection the data do not have (exit 65, said here).
    static func failure(_ error: AnalysisError, command: String) -> Error {
        switch error {
        case .outcomeNotChosen, .visitColumnMismatch, .invalidOption:
            return ValidationError(error.description)
        case .noSuchVisit, .noSuchArm, .tooFewValues:
            StandardStreams.writeMessage("trialstats \(command): \(error)")
            return ExitStatus.dataError.exitCode
        }
    }

    static func fail(_ command: String, _ message: String) -> Never {
        StandardStreams.writeMessage("trialstats \(command): \(message)")
        TrialStats.exit(withError: ExitStatus.dataError.exitCode)
    }
}
