/// Why scoring could not be set up or a threshold could not be used.
public enum InstrumentError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownInstrument(String, known: [String])
    /// The item columns given do not match the instrument's item count.
    case wrongItemCount(instrument: String, expected: Int, got: Int)
    case unknownItemColumn(String, available: [String])
    case invalidOption(name: String, value: String, expected: String)
    /// An instrument whose coding must be stated (PGIC) was scored without it.
    case codingRequired(instrument: String, choices: [String])
    /// A between-group MID was used to classify individual patients.
    case betweenGroupThresholdForIndividuals(entry: String, source: String)
    case unknownThreshold(String, known: [String])

    public var description: String {
        switch self {
        case let .unknownInstrument(name, known):
            return "unknown instrument \"\(name)\"; expected one of \(known.joined(separator: ", "))"
        case let .wrongItemCount(instrument, expected, got):
            return "\(instrument) has \(expected) items; \(got) item columns were given"
        case let .unknownItemColumn(name, available):
            return "no item column named \"\(name)\"; the columns are \(available.joined(separator: ", "))"
        case let .invalidOption(name, value, expected):
            return "option \(name): \"\(value)\"; expected \(expected)"
        case let .codingRequired(instrument, choices):
            return "\(instrument) is numbered in both directions in the literature; say which with --coding "
                + choices.joined(separator: " or ")
        case let .betweenGroupThresholdForIndividuals(entry, source):
            return "\(entry) (\(source)) is a between-group minimal important difference; it interprets differences "
                + "between group means and cannot classify individual patients as responders. Use a within-person threshold."
        case let .unknownThreshold(name, known):
            return "no catalogue entry \"\(name)\"; entries for this instrument: \(known.joined(separator: ", "))"
        }
    }
}
