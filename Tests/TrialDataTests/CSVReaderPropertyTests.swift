import Foundation
import Testing
@testable import TrialData

/// Random tables with quoting, line breaks in quotes, CRLF, blank lines, missing codes and
/// mixed types, written out and read back at several chunk sizes, must give exactly what a
/// plain whole-file RFC 4180 parser gives. The chunk sizes put record and field boundaries at
/// every position relative to the buffer's end.
struct CSVReaderPropertyTests {
    /// SplitMix64: a test-local, seeded generator.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let words = ["saline", "dextrose", "triamcinolone", "P001", "a b", "x,y", "say \"hi\"", "two\nlines", "é", "Ω-ω", "NAN?"]

    /// A field's logical value and how it is written in the file.
    static func randomField(kind: Int, _ random: inout Generator) -> (value: String, written: String) {
        switch kind {
        case 0:  // numbers
            switch random.below(6) {
            case 0: let v = String(random.below(100_000) - 50_000); return (v, v)
            case 1: let v = "\(random.below(200)).\(random.below(10_000))"; return (v, v)
            case 2: let v = "-\(random.below(10)).\(String(random.below(1000)))e\(random.below(40) - 20)"; return (v, v)
            case 3: let v = "0.000\(random.below(99_999_999))"; return (v, v)
            case 4: let v = "\(random.below(Int.max))\(random.below(1000))"; return (v, v)  // many digits: slow path
            default: return ("", random.below(2) == 0 ? "NA" : "")
            }
        default:  // text, possibly needing quotes
            if random.below(6) == 0 { return ("", ".") }
            let word = words[random.below(words.count)]
            let needsQuotes = word.contains(",") || word.contains("\"") || word.contains("\n")
            if needsQuotes || random.below(4) == 0 {
                return (word, "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
            return (word, word)
        }
    }

    /// A whole-file RFC 4180 parser, written for clarity, not speed.
    static func referenceParse(_ text: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var index = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var inQuotes = false
        var fieldWasQuoted = false
        func endField() {
            var bytes = field
            if !fieldWasQuoted, bytes.last == 0x0D { bytes.removeLast() }
            record.append(String(decoding: bytes, as: UTF8.self))
            field = []
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while index < text.count {
            let byte = text[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < text.count, text[index + 1] == 0x22 { field.append(0x22); index += 2; continue }
                    inQuotes = false
                    // A CR right after the closing quote belongs to the line end.
                    if index + 2 < text.count + 1, index + 1 < text.count, text[index + 1] == 0x0D { index += 1 }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x22 && field.isEmpty {
                inQuotes = true
                fieldWasQuoted = true
            } else if byte == 0x2C {
                endField()
            } else if byte == 0x0A {
                endRecord()
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    static let missingCodes: Set<String> = ["", "NA", "."]

    @Test(arguments: 1...12)
    func randomTablesReadExactlyAsAWholeFileParserReadsThem(seed: Int) throws {
        var random = Generator(state: UInt64(seed) &* 7919)
        let columns = 1 + random.below(6)
        let kinds = (0..<columns).map { _ in random.below(2) }
        var text = random.below(3) == 0 ? "\u{FEFF}" : ""
        text += (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        var rows: [[String]] = []
        for _ in 0..<(50 + random.below(300)) {
            if random.below(20) == 0 { text += random.below(2) == 0 ? "\n" : "\r\n" }
            var fields = kinds.map { Self.randomField(kind: $0, &random) }
            // In a one-column file an empty field is a blank line, which is skipped, not a row.
            if columns == 1, fields[0].written.isEmpty { fields[0].written = "NA" }
            rows.append(fields.map(\.value))
            text += fields.map(\.written).joined(separator: ",") + (random.below(3) == 0 ? "\r\n" : "\n")
        }
        if random.below(2) == 0, text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        let path = try FixtureFiles.temporary(Array(text.utf8))
        let reference = Self.referenceParse(Array(text.utf8))
        #expect(reference.count == rows.count + 1, "the reference parser itself must see every row")

        for chunkSize in [64, 65, 97, 256, 1 << 22] {
            let table = try CSVReader.read(path: path, options: CSVOptions(chunkSize: chunkSize))
            #expect(table.rowCount == rows.count, "chunk \(chunkSize)")
            for (columnIndex, column) in table.columns.enumerated() {
                let expected = reference.dropFirst().map { $0[columnIndex] }
                for (row, raw) in expected.enumerated() {
                    let trimmed = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
                    let isMissing = Self.missingCodes.contains(trimmed)
                    #expect(column.isMissing(row) == isMissing, "chunk \(chunkSize) column \(columnIndex) row \(row) \"\(raw)\"")
                    guard !isMissing else { continue }
                    switch column.values {
                    case let .numeric(values):
                        #expect(values[row].bitPattern == Double(trimmed)?.bitPattern,
                                "chunk \(chunkSize) column \(columnIndex) row \(row): \(values[row]) from \"\(raw)\"")
                    case let .categorical(factor):
                        #expect(factor.value(at: row) == raw, "chunk \(chunkSize) column \(columnIndex) row \(row)")
                    case .date:
                        Issue.record("no dates were generated")
                    }
                }
            }
        }
    }

    @Test func numbersMatchTheCLibrarysCorrectlyRoundedParse() {
        var random = Generator(state: 42)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let integerDigits = random.below(12), fractionDigits = random.below(12)
            var text = random.below(3) == 0 ? "-" : ""
            text += String((0..<integerDigits).map { _ in Character(String(random.below(10))) })
            if fractionDigits > 0 || integerDigits == 0 {
                text += "." + String((0..<max(fractionDigits, 1)).map { _ in Character(String(random.below(10))) })
            }
            if random.below(5) == 0 { text += "e\(random.below(60) - 30)" }
            let bytes = Array(text.utf8) + [UInt8](repeating: UInt8(ascii: ","), count: 8)
            let expected = strtod(text, nil)
            let general = bytes.withUnsafeBufferPointer {
                NumberParser.parse(UnsafeBufferPointer(rebasing: $0[0..<text.utf8.count]), decimalSeparator: UInt8(ascii: "."))
            }
            let padded = bytes.withUnsafeBufferPointer {
                NumberParser.parsePadded($0.baseAddress!, count: text.utf8.count, decimalSeparator: UInt8(ascii: "."))
            }
            if general?.bitPattern != expected.bitPattern || padded?.bitPattern != expected.bitPattern {
                mismatches.append("\(text): strtod \(expected), parse \(String(describing: general)), padded \(String(describing: padded))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, e.g. \(mismatches.prefix(5))")
    }

    @Test func notNumbersAreNotNumbers() {
        for text in ["", "-", ".", "1e", "1e+", "1.2.3", "1,5", "0x10", "inf", "NaN", "1 2", "12a", "--1", "e5"] {
            let parsed = Array(text.utf8).withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: UInt8(ascii: ".")) }
            #expect(parsed == nil, "\"\(text)\" parsed as \(String(describing: parsed))")
        }
        let spaced = Array("  7.5\t".utf8).withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: UInt8(ascii: ".")) }
        #expect(spaced == 7.5)
    }
}
