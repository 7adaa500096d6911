#if canImport(Glibc)
import Glibc
#endif
@testable import TrialData

/// The CSV number parser against the C library's correctly rounded `strtod`.
///
/// Invariants: the parser accepts exactly the decimal grammar it documents (spaces and tabs
/// around an optionally signed decimal with an optional exponent, `.` or `,` as the separator),
/// and what it accepts is bit for bit what `strtod` gives, or nil where `strtod` overflows.
struct NumberTarget: FuzzTarget {
    func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let separator = first & 1 == 0 ? UInt8(ascii: ".") : UInt8(ascii: ",")
        let field = Array(bytes.dropFirst())
        let parsed = field.withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: separator) }
        let expected = Self.reference(field, separator: separator)
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
