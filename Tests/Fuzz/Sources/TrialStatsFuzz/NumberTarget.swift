#if canImport(Glibc)
import Glibc
#endif
@testable import TrialData

/// The CSV number parsers against the C library's correctly rounded `strtod`: `parse`, and
/// `parsePadded`, the CSV loop's word-at-a-time fast path, which reads up to 8 bytes past the
/// field's end.
///
/// Invariants: the parsers accept exactly the decimal grammar documented (spaces and tabs
/// around an optionally signed decimal with an optional exponent, `.` or `,` as the separator),
/// and what they accept is bit for bit what `strtod` gives, or nil where `strtod` overflows;
/// the bytes after the field (here the input's own, then padding) never change the result.
///
/// Input: the first byte picks the separator (bit 0) and, with the second, how much of the rest
/// is the field; the bytes after the field stand for what follows it in the scanner's buffer.
struct NumberTarget: FuzzTarget {
    func run(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let separator = bytes[0] & 1 == 0 ? UInt8(ascii: ".") : UInt8(ascii: ",")
        let rest = Array(bytes.dropFirst(2))
        let length = rest.isEmpty ? 0 : (Int(bytes[0] >> 1) << 8 | Int(bytes[1])) % (rest.count + 1)
        let field = Array(rest[..<length])
        let parsed = field.withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: separator) }
        let expected = Self.reference(field, separator: separator)
        // The fast path sees the field inside a buffer: the bytes after it, then 8 of padding.
        let buffer = rest + [UInt8](repeating: 0, count: WordScanning.paddingBytes)
        let padded = buffer.withUnsafeBufferPointer { NumberParser.parsePadded($0.baseAddress!, count: length, decimalSeparator: separator) }
        require(padded?.bitPattern == expected?.bitPattern,
                "parsePadded read \"\(text(field))\" (followed by \(rest[length...].prefix(8).map { $0 })) as \(String(describing: padded)), strtod gives \(String(describing: expected))")
        switch (parsed, expected) {
        case (nil, nil): break
        case let (value?, reference?):
            require(value.bitPattern == reference.bitPattern,
                    "\"\(text(field))\" parsed as \(value), strtod gives \(reference)")
        case let (value, reference):
            violated("\"\(text(field))\" (separator \(UnicodeScalar(separator))) parsed as \(String(describing: value)), the grammar and strtod give \(String(describing: reference))")
        }
    }

    /// The grammar checked byte by byte, then `strtod` on the number with `.` as its separator.
    static func reference(_ field: [UInt8], separator: UInt8) -> Double? {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var start = 0, end = field.count
        while start < end, isBlank(field[start]) { start += 1 }
        while end > start, isBlank(field[end - 1]) { end -= 1 }
        var index = start
        if index < end, field[index] == 0x2B || field[index] == 0x2D { index += 1 }
        var digits = 0
        while index < end, isDigit(field[index]) { index += 1; digits += 1 }
        if index < end, field[index] == separator {
            index += 1
            while index < end, isDigit(field[index]) { index += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if index < end, field[index] == 0x45 || field[index] == 0x65 {
            index += 1
            if index < end, field[index] == 0x2B || field[index] == 0x2D { index += 1 }
            var exponentDigits = 0
            while index < end, isDigit(field[index]) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == end else { return nil }
        var number = field[start..<end].map { CChar(bitPattern: $0 == separator ? 0x2E : $0) }
        number.append(0)
        let value = strtod(number, nil)
        return value.isFinite ? value : nil
    }
}
