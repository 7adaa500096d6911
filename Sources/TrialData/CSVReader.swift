#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a delimited text file into a typed `Table`.
///
/// The header names the columns. A column whose every non-missing value is a number is
/// numeric; otherwise it is categorical (a `Factor` with levels sorted by byte value, which is
/// R's order in the C locale), or a date column when every value is an ISO date (2024-03-31).
/// Every record must have as many fields as the header: a ragged row, an unterminated quote or
/// invalid UTF-8 stops the read with an error naming the line.
public enum CSVReader {
    public static func read(path: String, displayName: String? = nil, options: CSVOptions = CSVOptions()) throws(TrialDataError) -> Table {
        let name = displayName ?? path
        let detected = options.delimiter == nil
            ? try CSVScanner.detectDelimiter(path: path, displayName: name) : UInt8(ascii: ",")
        let (delimiter, decimal) = try options.validated(detectedDelimiter: detected)
        let scanner = CSVScanner(path: path, displayName: name, delimiter: delimiter, chunkSize: options.chunkSize)
        let missingCodes = MissingValueCodes(options.missingValueCodes, decimalSeparator: decimal)
        let expectedRows = estimatedRows(path: path)

        // Pass 1: header, types, values.
        var loader = ValueLoader(file: name, decimal: decimal, missingCodes: missingCodes, expectedRows: expectedRows)
        loader.textColumns = options.textColumns
        try scanner.scan(&loader)
        guard let header = loader.header else { throw .emptyFile(file: name) }
        var builders = loader.builders

        // Pass 2, only when needed: columns that turned out to be text after numeric values.
        let reread = builders.indices.filter { builders[$0].needsTextReread }
        if !reread.isEmpty {
            var rereader = TextRereader(columns: reread, names: reread.map { header[$0] }, missingCodes: missingCodes)
            try scanner.scan(&rereader)
            for (position, column) in reread.enumerated() {
                // The file changed between the passes if the counts differ.
                guard rereader.builders[position].count == loader.lineNumbers.count else {
                    throw .readFailed(file: name, reason: "the file changed while it was being read")
                }
                builders[column] = rereader.builders[position]
            }
        }

        var columns: [Column] = []
        columns.reserveCapacity(builders.count)
        for builder in builders {
            columns.append(try finish(builder, file: name))
        }
        return Table(source: name, columns: columns, lineNumbers: loader.lineNumbers, blankLines: loader.blankLines,
                     decimalSeparator: decimal)
    }

    /// Calls `body` with a field's bytes, with doubled quotes collapsed (in `scratch`) when it has any.
    @inline(__always)
    static func withFieldBytes<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>, escapedQuotes: Bool, scratch: inout [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard escapedQuotes else { return body(bytes) }
        scratch.removeAll(keepingCapacity: true)
        var skipNext = false
        for byte in bytes {
            if skipNext { skipNext = false; continue }
            scratch.append(byte)
            if byte == UInt8(ascii: "\"") { skipNext = true }
        }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// A row-count guess from the file size and its first lines, so columns are allocated once.
    private static func estimatedRows(path: String) -> Int {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size > 0 else { return 0 }
        guard let file = fopen(path, "r") else { return 0 }
        defer { fclose(file) }
        var sample = [UInt8](repeating: 0, count: 1 << 16)
        let count = fread(&sample, 1, sample.count, file)
        let lines = sample[0..<count].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        guard lines > 1 else { return 0 }
        let bytesPerLine = Double(count) / Double(lines)
        return Int(Double(status.st_size) / bytesPerLine * 1.02) + 16
    }

    /// Turns a builder into a typed column: numeric, date, or categorical with sorted levels.
    private static func finish(_ builder: ColumnBuilder, file: String) throws(TrialDataError) -> Column {
        switch builder.kind {
        case .undecided:
            return Column(name: builder.name, values: .numeric([Double](repeating: .nan, count: builder.count)))
        case .numeric:
            return Column(name: builder.name, values: .numeric(builder.numbers))
        case .text:
            var levels: [String] = []
            levels.reserveCapacity(builder.levelBytes.count)
            for (index, bytes) in builder.levelBytes.enumerated() {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw .invalidUTF8(file: file, line: Int(builder.levelFirstLine[index]))
                }
                // Tabs and the line breaks of a quoted multi-line field are text; NUL, escapes and the like are not.
                if let control = text.unicodeScalars.first(where: { ($0.value < 0x20 && ![9, 10, 13].contains($0.value)) || $0.value == 0x7F }) {
                    let shown = text.unicodeScalars.map { $0 == control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
                    throw .controlCharacter(file: file, line: Int(builder.levelFirstLine[index]), column: builder.name, value: shown, code: control.value)
                }
                levels.append(text)
            }
            if let days = ISODate.daysSinceEpoch(levels) {
                let values = builder.codes.map { $0 == Factor.missingCode ? Column.missingDate : days[Int($0)] }
                return Column(name: builder.name, values: .date(values))
            }
            // Sorted by UTF-8 bytes: R's order under LC_COLLATE=C, the same on every machine.
            let order = levels.indices.sorted { levels[$0].utf8.lexicographicallyPrecedes(levels[$1].utf8) }
            var newCode = [Int32](repeating: 0, count: levels.count)
            for (position, old) in order.enumerated() { newCode[old] = Int32(position) }
            let codes = builder.codes.map { $0 == Factor.missingCode ? $0 : newCode[Int($0)] }
            return Column(name: builder.name, values: .categorical(Factor(levels: order.map { levels[$0] }, codes: codes)))
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
