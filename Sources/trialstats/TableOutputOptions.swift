#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Reporting
import StatsCore

extension TableFormat: ExpressibleByArgument {}

/// Where and how a command writes its result tables.
struct TableOutputOptions: ParsableArguments {
    @Option(help: "Output format: md, csv, json, tex, html, rtf or docx (a Word document). JSON and CSV keep full precision.")
    var format: TableFormat = .md

    @Option(name: .shortAndLong, help: "Write to this file (default: standard output). The file is replaced only when complete.")
    var output: String?

    /// A Word document is refused for a terminal before anything is computed or written.
    func validate() throws {
        if format.isBinary, output == nil, isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("a Word document is not text and is not written to a terminal; name a file with -o FILE, or redirect standard output")
        }
    }

    /// A typed result: its JSON document in --format json, its display tables otherwise. The
    /// tables are made only when they are written.
    func write(document: () throws -> String, tables: @autoclosure () -> [ResultTable]) throws {
        guard format == .json else { return try write(tables()) }
        let text = try document()
        if let output { try AtomicFile.write(text, to: output) } else { try StandardStreams.writeResult(text) }
    }

    func write(_ tables: [ResultTable]) throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try TableRendering.file(tables, as: format))
        } catch {
            StandardStreams.writeMessage("trialstats: \(error)")
            throw ExitStatus.internalError.exitCode
        }
        // A Word document is written as it is (validate() has refused a terminal).
        if format.isBinary {
            if let output { try AtomicFile.write(bytes: bytes, to: output) } else { try StandardStreams.writeResult(bytes: bytes) }
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // CSV has no place for notes (methods, exclusions); they go to standard error instead of being lost.
        if format == .csv {
            let notes = tables.flatMap { table in table.notes.map { "\(table.title): \($0)" } }
            if !notes.isEmpty { StandardStreams.writeMessage(notes.joined(separator: "\n")) }
        }
        // A file gets the bytes standard output would: the text and one final newline.
        if let output { try AtomicFile.write(text.hasSuffix("\n") ? text : text + "\n", to: output) } else { try StandardStreams.writeResult(text) }
    }
}
