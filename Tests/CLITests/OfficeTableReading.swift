import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads back the tables of a Word document and of an RTF file as the text of their cells, so
/// that tests can hold them against the JSON a command writes.
enum OfficeTableReading {
    enum Failure: Error { case notAPackage, noDocument, unreadableXML(String) }

    /// A part of a Word package (word/document.xml …) as text.
    static func part(_ name: String, of docx: Data) throws -> String {
        guard let archive = try? Archive(data: docx, accessMode: .read) else { throw Failure.notAPackage }
        guard let entry = archive[name] else { throw Failure.noDocument }
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every w:tbl of word/document.xml: its rows, each row its cells' text (the runs' w:t joined).
    static func wordTables(_ docx: Data) throws -> [[[String]]] {
        let xml = try part("word/document.xml", of: docx)
        let reader = WordTableParser()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw Failure.unreadableXML(parser.parserError.map { "\($0)" } ?? "unknown") }
        return reader.tables
    }

    final class WordTableParser: NSObject, XMLParserDelegate {
        var tables: [[[String]]] = []
        var row: [String]?
        var cell: String?
        var inText = false

        func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch element {
            case "w:tbl": tables.append([])
            case "w:tr": row = []
            case "w:tc": cell = ""
            case "w:t": inText = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
            switch element {
            case "w:t": inText = false
            case "w:tc": if let cell { row?.append(cell) }; cell = nil
            case "w:tr": if let row { tables[tables.count - 1].append(row) }; row = nil
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText, cell != nil { cell! += string }
        }
    }

    /// The rows of an RTF file's tables (every \trowd … \row), each its cells' text, with control
    /// words dropped and \uN? read back to the character.
    static func rtfRows(_ rtf: String) -> [[String]] {
        var rows: [[String]] = []
        for chunk in rtf.components(separatedBy: "\\trowd").dropFirst() {
            guard let end = chunk.range(of: "\\row") else { continue }
            let body = chunk[..<end.lowerBound]
            // The cell definitions end at the last \cellx; the cells' text follows.
            let cellsText = body.components(separatedBy: "\\cellx").last.map { $0.drop { $0 != "\n" } } ?? ""
            let cells = cellsText.components(separatedBy: "\\cell").dropLast().map(plainText)
            rows.append(cells)
        }
        return rows
    }

    /// RTF with its groups, control words and escapes read as text.
    static func plainText<S: StringProtocol>(_ rtf: S) -> String {
        var out: [UInt16] = []
        let characters = Array(rtf.unicodeScalars)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 1
                guard index < characters.count else { break }
                let next = characters[index]
                if "\\{}".unicodeScalars.contains(next) { out.append(UInt16(next.value)); index += 1; continue }
                var word = ""
                while index < characters.count, characters[index].properties.isAlphabetic { word.unicodeScalars.append(characters[index]); index += 1 }
                var number = ""
                while index < characters.count, characters[index] == "-" || ("0"..."9").contains(characters[index]) {
                    number.unicodeScalars.append(characters[index]); index += 1
                }
                if index < characters.count, characters[index] == " " { index += 1 }
                if word == "u", let value = Int(number) {
                    out.append(UInt16(bitPattern: Int16(value)))
                    if index < characters.count, characters[index] == "?" { index += 1 }
                }
                continue
            }
            if character == "{" || character == "}" || character == "\n" { index += 1; continue }
            out.append(contentsOf: String(character).utf16)
            index += 1
        }
        return String(decoding: out, as: UTF16.self).trimmingCharacters(in: .whitespaces)
    }
}
