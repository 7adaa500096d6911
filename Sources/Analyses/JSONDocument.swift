import StatsCore

/// How every result is written as JSON (see `JSONText`): the same result gives the same bytes,
/// and a number that does not exist is null.
public enum JSONDocument {
    public static func encode<Document: Encodable>(_ document: Document) throws -> String {
        try JSONText.encode(document) + "\n"
    }
}
