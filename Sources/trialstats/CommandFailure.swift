/// Why a command stopped, said once: the message for standard error and the exit status. A
/// command typed by hand prints it and exits with the status; a plan reports it in the step's
/// place and goes on with the other steps.
struct CommandFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    /// The reason alone, for a report that already says which step and data (the message with
    /// its "trialstats COMMAND: " prefix when not given).
    var reason: String?

    init(status: ExitStatus, message: String, reason: String? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
    }

    /// The reason for a report.
    var shownReason: String {
        if let reason { return reason }
        guard message.hasPrefix("trialstats "), let colon = message.range(of: ": ") else { return message }
        return String(message[colon.upperBound...])
    }

    var description: String { message }
}
