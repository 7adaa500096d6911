/// The first pass over a file: reads the header, then each record's values into one
/// `ColumnBuilder` per column, checking that every record has a field per column.
struct ValueLoader: CSVRecordHandler {
    let file: String
    let decimal: UInt8
    let missingCodes: MissingValueCodes
    let expectedRows: Int
    var textColumns: Set<String> = []
    private(set) var header: [String]?
    private(set) var builders: [ColumnBuilder] = []
    private(set) var lineNumbers: [Int32] = []
    private(set) var blankLines: [Int] = []
    private var headerFields: [String] = []
    private var scratch: [UInt8] = []

    init(file: String, decimal: UInt8, missingCodes: MissingValueCodes, expectedRows: Int) {
        self.file = file
        self.decimal = decimal
        self.missingCodes = missingCodes
        self.expectedRows = expectedRows
        lineNumbers.reserveCapacity(expectedRows)
    }

    @inline(__always)
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, escapedQuotes: Bool, line: Int) throws(TrialDataError) {
        guard header != nil else {
            let text = CSVReader.withFieldBytes(bytes, escapedQuotes: escapedQuotes, scratch: &scratch) {
                String(validating: $0, as: UTF8.self)
            }
            guard let text else { throw .invalidUTF8(file: file, line: line) }
            headerFields.append(text)
            return
        }
        // Extra fields are counted by the scanner and reported at the end of the record.
        guard column < builders.count else { return }
        // A column already known to be text (subjects, arms) is not parsed as a number again.
        let isText = builders.withUnsafeBufferPointer { $0[column].kind == .text }
        // The scanner's buffer is padded, so the word-at-a-time parser may read past the field.
        if !isText, !escapedQuotes && !missingCodes.includesNumbers, let base = bytes.baseAddress,
           let number = NumberParser.parsePadded(base, count: bytes.count, decimalSeparator: decimal) {
            builders.withUnsafeMutableBufferPointer { $0[column].appendNumber(number, bytes: bytes, line: line) }
            return
        }
        let codes = missingCodes, decimal = decimal
        CSVReader.withFieldBytes(bytes, escapedQuotes: escapedQuotes, scratch: &scratch) { value in
            builders.withUnsafeMutableBufferPointer { builders in
                if codes.matches(value) {
                    builders[column].appendMissing()
                } else {
                    builders[column].append(value, number: isText ? nil : NumberParser.parse(value, decimalSeparator: decimal), line: line)
                }
            }
        }
    }

    mutating func endRecord(line: Int, fieldCount: Int) throws(TrialDataError) {
        guard let header else {
            header = try Self.checkedHeader(headerFields, file: file)
            builders = header!.map { ColumnBuilder(name: $0, forceText: textColumns.contains($0), expectedRows: expectedRows) }
            return
        }
        guard fieldCount == header.count else {
            throw .raggedRow(file: file, line: line, expected: header.count, got: fieldCount)
        }
        lineNumbers.append(Int32(clamping: line))
    }

    mutating func blankLine(_ line: Int) {
        blankLines.append(line)
    }

    /// Names must be present and distinct.
    static func checkedHeader(_ fields: [String], file: String) throws(TrialDataError) -> [String] {
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (position, field) in fields.enumerated() {
            let name = field.trimmingSpaces()
            guard !name.isEmpty else { throw .unnamedColumn(file: file, position: position + 1) }
            if let first = seen[name] {
                throw .duplicateColumnName(file: file, name: name, positions: [first + 1, position + 1])
            }
            seen[name] = position
            names.append(name)
        }
        return names
    }
}

/// The second pass, for columns that looked numeric and then held text: re-reads them as text
/// from the start so that every value keeps its exact spelling.
struct TextRereader: CSVRecordHandler {
    let columns: [Int]
    let missingCodes: MissingValueCodes
    private(set) var builders: [ColumnBuilder]
    private var positionOfColumn: [Int: Int]
    private var seenHeader = false
    private var scratch: [UInt8] = []

    init(columns: [Int], names: [String], missingCodes: MissingValueCodes) {
        self.columns = columns
        self.missingCodes = missingCodes
        builders = names.map { ColumnBuilder(name: $0, forceText: true) }
        positionOfColumn = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, escapedQuotes: Bool, line: Int) throws(TrialDataError) {
        guard seenHeader, let position = positionOfColumn[column] else { return }
        let codes = missingCodes
        CSVReader.withFieldBytes(bytes, escapedQuotes: escapedQuotes, scratch: &scratch) { value in
            if codes.matches(value) {
                builders[position].appendMissing()
            } else {
                builders[position].append(value, number: nil, line: line)
            }
        }
    }

    mutating func endRecord(line: Int, fieldCount: Int) throws(TrialDataError) {
        seenHeader = true
    }

    mutating func blankLine(_ line: Int) {}
}
