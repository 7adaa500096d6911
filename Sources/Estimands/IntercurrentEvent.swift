/// A subject's intercurrent event (ICH E9(R1)): the first visit it affects, and the strategy
/// for the values from that visit on.
public struct IntercurrentEvent: Codable, Sendable, Equatable {
    public var subject: String
    /// The first visit affected; the values at it and after it are handled by `strategy`.
    public var visit: String
    public var strategy: ImputationStrategy
    /// Where the event was read ("events.csv, line 4"), for messages; nil when derived.
    public var origin: String?

    public init(subject: String, visit: String, strategy: ImputationStrategy, origin: String? = nil) {
        self.subject = subject
        self.visit = visit
        self.strategy = strategy
        self.origin = origin
    }
}
