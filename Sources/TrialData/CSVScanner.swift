#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a delimited file into records and fields to RFC 4180, reading it a chunk at a time,
/// so memory stays bounded by the longest record, not the file.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks. Records end at LF or
/// CRLF. A UTF-8 byte-order mark at the start is skipped. A quote inside an unquoted field is
/// kept as a character, as R and data.table do.
struct CSVScanner {
    let path: String
    let displayName: String
    let delimiter: UInt8
    let chunkSize: Int

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Opens `path`; throws `.cannotOpen` with the system's reason.
    static func open(_ path: String, displayName: String) throws(TrialDataError) -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .cannotOpen(file: displayName, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        if fstat(descriptor, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                close(descriptor)
                throw .cannotOpen(file: displayName, reason: "it is a directory, not a file")
            }
            // Detection, the row estimate and the passes each read the file from the start.
            if (status.st_mode & S_IFMT) != S_IFREG {
                close(descriptor)
                throw .notARegularFile(file: displayName)
            }
        }
        return descriptor
    }

    /// Hands every field of every record to `handler`, in order, then the end of the record.
    /// The bytes passed for a field are valid only during that call.
    func scan<Handler: CSVRecordHandler>(_ handler: inout Handler) throws(TrialDataError) {
        let descriptor = try Self.open(path, displayName: displayName)
        defer { close(descriptor) }
        // A file smaller than a chunk gets a buffer of its size: zeroing 4 MB for a 100 KB file
        // costs more than reading it.
        var status = stat()
        let fileSize = fstat(descriptor, &status) == 0 && status.st_size > 0 ? Int(status.st_size) : chunkSize
        var capacity = max(min(chunkSize, fileSize + 1), 16)
        // Padding after the data lets word-at-a-time loads run past the last byte safely.
        let padding = WordScanning.paddingBytes
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + padding)
        buffer.initialize(repeating: 0, count: capacity + padding)
        defer { buffer.deallocate() }
        var filled = 0
        var position = 0
        var atEnd = false
        var line = 1
        var firstRead = true

        while true {
            // Parse every complete record in the buffer. A record cut off by the end of the
            // buffer is parsed again, whole, after the next read; the handler only sees a
            // record's fields once the record is known to be complete.
            // Fast path: with no quote in the rest of the buffer every newline ends a record, so
            // all records up to the last newline are complete and can be emitted in one pass.
            if position < filled, memchr(buffer + position, Int32(Self.quote), filled - position) == nil {
                let regionEnd: Int
                if atEnd {
                    regionEnd = filled
                } else {
                    // The last newline; only the tail of one record lies after it.
                    var last = filled - 1
                    while last >= position, buffer[last] != Self.newline { last -= 1 }
                    regionEnd = last + 1
                }
                if regionEnd > position {
                    line = try emitUnquotedRecords(buffer, from: position, to: regionEnd, line: line, handler: &handler)
                    position = regionEnd
                }
            }
            while position < filled {
                guard let (next, linesSpanned) = try completeRecordEnd(buffer, from: position, filled: filled, atEnd: atEnd, line: line)
                else { break }
                try emitRecord(buffer, from: position, to: next, line: line, handler: &handler)
                line += linesSpanned
                position = next
            }
            if atEnd { return }
            if position > 0 {
                memmove(buffer, buffer + position, filled - position)
                filled -= position
                position = 0
            }
            // A buffer sized to the file needs room for the read that finds its end; a chunk
            // buffer grows when less than half a chunk is left.
            if capacity - filled < (capacity < chunkSize ? 1 : max(chunkSize / 2, 1)) {
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + padding)
                larger.initialize(repeating: 0, count: capacity * 2 + padding)
                larger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let count = read(descriptor, buffer + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .readFailed(file: displayName, reason: String(cString: strerror(errno)))
            }
            if count == 0 { atEnd = true }
            filled += count
            if firstRead, filled >= 3 || atEnd {
                firstRead = false
                if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
                if filled >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
                    throw .utf16(file: displayName)
                }
            }
        }
    }

    /// Where the record starting at `start` ends (the start of the next) and how many lines it
    /// spans, or nil when the buffer ends first. Checks quoting, so that `emitRecord` need not.
    @inline(__always)
    private func completeRecordEnd(
        _ buffer: UnsafeMutablePointer<UInt8>, from start: Int, filled: Int, atEnd: Bool, line: Int
    ) throws(TrialDataError) -> (Int, Int)? {
        var index = start
        var lines = 1
        while true {
            if index == filled { return atEnd ? (index, lines) : nil }
            if buffer[index] == Self.quote {
                var cursor = index + 1
                var newlinesInside = 0
                while true {
                    if cursor >= filled {
                        guard atEnd else { return nil }
                        throw .unterminatedQuote(file: displayName, line: line + lines - 1)
                    }
                    let byte = buffer[cursor]
                    if byte == Self.quote {
                        if cursor + 1 >= filled && !atEnd { return nil }
                        if cursor + 1 < filled && buffer[cursor + 1] == Self.quote {
                            cursor += 2
                            continue
                        }
                        break
                    }
                    if byte == Self.newline { newlinesInside += 1 }
                    cursor += 1
                }
                lines += newlinesInside
                index = cursor + 1
                if index >= filled { return atEnd ? (index, lines) : nil }
                let after = buffer[index]
                if after == delimiter { index += 1; continue }
                if after == Self.newline { return (index + 1, lines) }
                if after == Self.carriageReturn {
                    if index + 1 >= filled { return atEnd ? (index + 1, lines) : nil }
                    if buffer[index + 1] == Self.newline { return (index + 2, lines) }
                }
                let shown = after < 0x20 || after >= 0x7F
                    ? "byte 0x" + String(after, radix: 16) : "\"\(Character(UnicodeScalar(after)))\""
                throw .unexpectedAfterQuote(file: displayName, line: line + lines - 1, character: shown)
            }
            // An unquoted field: jump eight bytes at a time to the delimiter or line end.
            index = WordScanning.firstMatch(in: buffer, from: index, end: filled, delimiter, Self.newline)
            if index == filled { return atEnd ? (index, lines) : nil }
            if buffer[index] == Self.newline { return (index + 1, lines) }
            index += 1  // the delimiter
        }
    }

    /// Emits every record in [start, end), which holds no quote and ends at a line end or the end
    /// of the file, finding fields and records in a single pass. Returns the next line number.
    @inline(__always)
    private func emitUnquotedRecords<Handler: CSVRecordHandler>(
        _ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, line firstLine: Int, handler: inout Handler
    ) throws(TrialDataError) -> Int {
        var index = start
        var line = firstLine
        while index < end {
            var column = 0
            // A blank line: LF, CRLF, or a lone CR ending the file (as the general path reads it).
            let carriageReturnLine = buffer[index] == Self.carriageReturn && (index + 1 == end || buffer[index + 1] == Self.newline)
            if buffer[index] == Self.newline || carriageReturnLine {
                handler.blankLine(line)
                index += buffer[index] == Self.newline || index + 1 == end ? 1 : 2
                line += 1
                continue
            }
            while true {
                let cursor = WordScanning.firstMatch(in: buffer, from: index, end: end, delimiter, Self.newline)
                let atLineEnd = cursor == end || buffer[cursor] == Self.newline
                var fieldEnd = cursor
                if atLineEnd, fieldEnd > index, buffer[fieldEnd - 1] == Self.carriageReturn { fieldEnd -= 1 }
                try handler.field(column, UnsafeBufferPointer(start: buffer + index, count: fieldEnd - index),
                                  quoted: false, escapedQuotes: false, line: line)
                column += 1
                if atLineEnd {
                    index = cursor + 1
                    break
                }
                index = cursor + 1
                if index == end {
                    // A delimiter at the very end of the file: one more, empty field.
                    try handler.field(column, UnsafeBufferPointer(start: buffer + index, count: 0),
                                      quoted: false, escapedQuotes: false, line: line)
                    column += 1
                    break
                }
            }
            try handler.endRecord(line: line, fieldCount: column)
            line += 1
        }
        return line
    }

    /// Hands the fields of one complete, already-checked record to the handler.
    @inline(__always)
    private func emitRecord<Handler: CSVRecordHandler>(
        _ buffer: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, line: Int, handler: inout Handler
    ) throws(TrialDataError) {
        // Drop the line end.
        var stop = end
        if stop > start, buffer[stop - 1] == Self.newline { stop -= 1 }
        if stop > start, buffer[stop - 1] == Self.carriageReturn { stop -= 1 }
        if stop == start {
            handler.blankLine(line)
            return
        }
        var index = start
        var column = 0
        while true {
            if index < stop, buffer[index] == Self.quote {
                var cursor = index + 1
                var escaped = false
                while true {
                    if buffer[cursor] == Self.quote {
                        if cursor + 1 < stop, buffer[cursor + 1] == Self.quote {
                            escaped = true
                            cursor += 2
                            continue
                        }
                        break
                    }
                    cursor += 1
                }
                try handler.field(column, UnsafeBufferPointer(start: buffer + index + 1, count: cursor - index - 1),
                                  quoted: true, escapedQuotes: escaped, line: line)
                index = cursor + 1
            } else {
                let cursor = WordScanning.firstMatch(in: buffer, from: index, end: stop, delimiter, delimiter)
                try handler.field(column, UnsafeBufferPointer(start: buffer + index, count: cursor - index),
                                  quoted: false, escapedQuotes: false, line: line)
                index = cursor
            }
            column += 1
            if index >= stop { break }
            index += 1  // the delimiter
            if index == stop {
                // A delimiter at the end: one more, empty field.
                try handler.field(column, UnsafeBufferPointer(start: buffer + index, count: 0),
                                  quoted: false, escapedQuotes: false, line: line)
                column += 1
                break
            }
        }
        try handler.endRecord(line: line, fieldCount: column)
    }

    /// The header line's most frequent candidate delimiter outside quotes (comma on ties).
    static func detectDelimiter(path: String, displayName: String) throws(TrialDataError) -> UInt8 {
        let descriptor = try open(path, displayName: displayName)
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return UInt8(ascii: ",") }
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        for byte in bytes[0..<count] {
            if byte == quote { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == newline { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!
        let best = counts.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }!
        return best.value > comma ? best.key : UInt8(ascii: ",")
    }
}

/// Receives a scanned file: each field of a record in order, then the end of the record.
protocol CSVRecordHandler {
    /// One field; `bytes` still holds doubled quotes when `escapedQuotes` is set.
    mutating func field(_ column: Int, _ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, escapedQuotes: Bool, line: Int) throws(TrialDataError)
    mutating func endRecord(line: Int, fieldCount: Int) throws(TrialDataError)
    mutating func blankLine(_ line: Int)
}
