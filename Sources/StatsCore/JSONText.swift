import Foundation

/// Every JSON TrialStats writes: keys sorted and indented, so that the same value gives the same
/// bytes, a number that does not exist (NaN, ±∞) written as null, never as a string that a
/// reader would have to know to look for, and one final newline.
public enum JSONText {
    public static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: marker, negativeInfinity: marker, nan: marker)
        return String(decoding: replacingMarkers(in: try encoder.encode(value)), as: UTF8.self) + "\n"
    }

    /// The encoded bytes with every quoted marker replaced by `null`, in one pass over bytes
    /// (Foundation's string replacement took longer than the encoding of a small result).
    static func replacingMarkers(in encoded: Data) -> [UInt8] {
        let pattern = Array(encodedMarker.utf8), null = Array("null".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count)
        encoded.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var index = 0
            let count = bytes.count
            while index < count {
                // The marker's backslash (its second byte) is rare in JSON; test the rest only there.
                if bytes[index] == pattern[0], index + pattern.count <= count, bytes[index + 1] == pattern[1],
                   pattern.indices.allSatisfy({ bytes[index + $0] == pattern[$0] }) {
                    output.append(contentsOf: null)
                    index += pattern.count
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
        }
        return output
    }

    /// Starts with U+0001, which the encoder writes as \u0001 and no text TrialStats writes holds.
    private static let marker = "\u{1}trialstats-not-a-number"
    private static let encodedMarker = "\"\\u0001trialstats-not-a-number\""
}
