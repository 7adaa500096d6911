import Foundation

/// Every JSON TrialStats writes: keys sorted and indented, so that the same value gives the same
/// bytes, a number that does not exist (NaN, ±∞) written as null, never as a string that a
/// reader would have to know to look for, and one final newline.
public enum JSONText {
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: encodedMarker, with: "null") + "\n"
    }

    /// Starts with U+0001, which the encoder writes as \u0001 and no text TrialStats writes holds.
    private static let marker = "\u{1}trialstats-not-a-number"
    private static let encodedMarker = "\"\\u0001trialstats-not-a-number\""
}
