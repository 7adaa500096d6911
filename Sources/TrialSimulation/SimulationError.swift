/// What stops a simulation before it starts.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The design's problems, each naming its field.
    case design([String])
    case shard(String)

    public var description: String {
        switch self {
        case let .design(problems): return "the design: " + problems.joined(separator: "; ")
        case let .shard(message): return message
        }
    }
}
