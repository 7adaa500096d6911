import Foundation

/// How every result is written as JSON: keys sorted, indented, slashes as they are, so that the
/// same result gives the same bytes.
public enum JSONDocument {
    public static func encode<Document: Encodable>(_ document: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
