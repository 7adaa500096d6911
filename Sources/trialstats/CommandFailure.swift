import TrialData

/// Why a command stopped, said once: the message for standard error and the exit status. A
/// command typed by hand prints it and exits with the status; a plan reports it in the step's
/// place and goes on with the other steps.
struct CommandFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    /// What standard error gets: "trialstats COMMAND: REASON", or a report of its own.
    var message: String
    /// The reason alone, for a report that already says which step and data.
    var reason: String

    init(status: ExitStatus, message: String, reason: String? = nil) {
        self.status = status
        self.message = message
        self.reason = reason ?? message
    }

    /// "trialstats COMMAND: REASON" (or "trialstats: REASON").
    init(_ status: ExitStatus, command: String? = nil, _ reason: String) {
        self.init(status: status, message: "trialstats\(command.map { " " + $0 } ?? ""): \(reason)", reason: reason)
    }

    var description: String { message }

    /// A data source that could not be read: a missing file (66) or bad contents (65). A reader's
    /// message names no command ("trialstats: …"); the command's name goes in when given.
    init(_ error: TrialDataSource.LoadError, command: String? = nil) {
        let status: ExitStatus = error.kind == .missingInput ? .missingInput : .dataError
        let prefix = "trialstats: "
        if let command, error.description.hasPrefix(prefix) {
            self.init(status, command: command, String(error.description.dropFirst(prefix.count)))
        } else {
            self.init(status: status, message: error.description)
        }
    }
}
