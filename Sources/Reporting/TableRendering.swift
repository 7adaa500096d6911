import Foundation
import StatsCore

/// The formats a result table can be written in.
public enum TableFormat: String, Codable, Sendable, CaseIterable {
    case md, csv, json, tex, html, rtf, docx

    /// A Word document is a ZIP package, not text: it is written by `TableRendering.file`.
    public var isBinary: Bool { self == .docx }
}

/// Renders result tables. Markdown, LaTeX and HTML show numbers for people; CSV and JSON keep
/// full precision (17 significant digits) so that output can be compared with R.
public enum TableRendering {
    public enum Failure: Error, CustomStringConvertible {
        case notText(TableFormat)
        public var description: String {
            switch self { case let .notText(format): return "a \(format.rawValue) file is not text; write it with TableRendering.file" }
        }
    }

    /// The tables in a text format; a Word document, which is not text, comes from `file`.
    public static func render(_ tables: [ResultTable], as format: TableFormat) throws(Failure) -> String {
        switch format {
        case .rtf: return RichTextDocument(ReportDocument(tables: tables)).text()
        case .docx: throw .notText(format)
        case .md: return tables.map(markdown).joined(separator: "\n\n") + "\n"
        case .csv: return tables.map(csv).joined(separator: "\n")
        case .json: return json(tables)
        case .tex: return tables.map(latex).joined(separator: "\n\n") + "\n"
        case .html: return html(tables)
        }
    }

    /// The tables as a file's bytes, in any format.
    public static func file(_ tables: [ResultTable], as format: TableFormat, title: String = "TrialStats") throws -> Data {
        switch format {
        case .docx: return try WordDocument(ReportDocument(tables: tables, title: title)).data()
        case .rtf: return Data(RichTextDocument(ReportDocument(tables: tables, title: title)).text().utf8)
        default: return Data(try render(tables, as: format).utf8)
        }
    }

    static func human(_ cell: ResultTable.Cell, _ style: ResultTable.NumberStyle) -> String {
        switch cell {
        case let .text(text): return text
        case let .number(value): return NumberFormatting.text(value, style: style)
        case let .interval(lower, upper):
            return NumberFormatting.text(lower, style: style) + " to " + NumberFormatting.text(upper, style: style)
        case .missing: return ""
        }
    }

    static func precise(_ value: Double) -> String {
        value.isFinite ? String(format: "%.17g", value) : (value.isNaN ? "NA" : (value > 0 ? "Inf" : "-Inf"))
    }

    static func markdown(_ table: ResultTable) -> String {
        var lines = ["### \(table.title)", ""]
        lines.append("| " + table.columns.map { escapePipes($0.name) }.joined(separator: " | ") + " |")
        lines.append("|" + table.columns.map { $0.style == .text ? "---" : "---:" }.joined(separator: "|") + "|")
        for row in table.rows {
            lines.append("| " + zip(row, table.columns).map { escapePipes(human($0, $1.style)) }.joined(separator: " | ") + " |")
        }
        if !table.notes.isEmpty { lines.append("") ; lines += table.notes.map { "- \($0)" } }
        return lines.joined(separator: "\n")
    }

    static func escapePipes(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    /// CSV cells that begin with = + - @ are prefixed with ' against spreadsheet formula
    /// injection, except numbers, which are written as numbers.
    static func csv(_ table: ResultTable) -> String {
        var columns: [String] = []
        for column in table.columns {
            columns.append(column.name)
        }
        var header = columns
        // An interval becomes two columns, lower and upper.
        var expanded: [[String]] = []
        let intervalColumns = Set(table.columns.indices.filter { index in table.rows.contains { if case .interval = $0[index] { return true } else { return false } } })
        header = table.columns.enumerated().flatMap { index, column in
            intervalColumns.contains(index) ? [column.name + " lower", column.name + " upper"] : [column.name]
        }
        for row in table.rows {
            expanded.append(row.enumerated().flatMap { index, cell -> [String] in
                switch cell {
                case let .text(text): return [csvField(text)]
                case let .number(value): return intervalColumns.contains(index) ? [precise(value), ""] : [precise(value)]
                case let .interval(lower, upper): return [precise(lower), precise(upper)]
                case .missing: return intervalColumns.contains(index) ? ["NA", "NA"] : ["NA"]
                }
            })
        }
        return ([header.map(csvField)] + expanded).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        var field = text
        if let first = field.first, "=+-@".contains(first), Double(field) == nil { field = "'" + field }
        if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
            field = "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }

    static func json(_ tables: [ResultTable]) -> String {
        struct Output: Encodable {
            struct Table: Encodable {
                var title: String
                var columns: [String]
                var rows: [[Value?]]
                var notes: [String]
            }
            enum Value: Encodable {
                case text(String), number(Double), interval(Double, Double)
                func encode(to encoder: any Encoder) throws {
                    var container = encoder.singleValueContainer()
                    switch self {
                    case let .text(text): try container.encode(text)
                    case let .number(value): try container.encode(value)
                    case let .interval(lower, upper): try container.encode([lower, upper])
                    }
                }
            }
            var tables: [Table]
        }
        let output = Output(tables: tables.map { table in
            Output.Table(title: table.title, columns: table.columns.map(\.name), rows: table.rows.map { row in
                row.map { cell in
                    switch cell {
                    case let .text(text): return .text(text)
                    case let .number(value): return .number(value)
                    case let .interval(lower, upper): return .interval(lower, upper)
                    case .missing: return nil
                    }
                }
            }, notes: table.notes)
        })
        return (try? JSONText.encode(output)) ?? "{}"
    }

    /// booktabs LaTeX.
    static func latex(_ table: ResultTable) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(character)
                case "~": out += "\\textasciitilde{}"
                case "^": out += "\\textasciicircum{}"
                case "\\": out += "\\textbackslash{}"
                case "<": out += "$<$"
                default: out.append(character)
                }
            }
            return out
        }
        var lines = ["\\begin{table}[ht]", "\\centering", "\\caption{\(escape(table.title))}",
                     "\\begin{tabular}{" + table.columns.map { $0.style == .text ? "l" : "r" }.joined() + "}",
                     "\\toprule", table.columns.map { escape($0.name) }.joined(separator: " & ") + " \\\\", "\\midrule"]
        for row in table.rows {
            lines.append(zip(row, table.columns).map { escape(human($0, $1.style)) }.joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        if !table.notes.isEmpty { lines.append("\\par\\smallskip\\footnotesize " + table.notes.map(escape).joined(separator: " ")) }
        lines.append("\\end{table}")
        return lines.joined(separator: "\n")
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let tableStyle = "table{border-collapse:collapse;margin:1em 0}th,td{padding:.2em .6em;border-bottom:1px solid #ccc}"
        + "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}caption{font-weight:bold;text-align:left}"

    /// A self-contained HTML page; all text is escaped.
    static func html(_ tables: [ResultTable]) -> String {
        var lines = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TrialStats</title>",
                     "<style>\(tableStyle)</style>", "</head><body>"]
        lines.append(htmlTables(tables))
        lines.append("</body></html>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The tables alone, as HTML elements, for a page that holds more than tables.
    public static func htmlTables(_ tables: [ResultTable]) -> String {
        var lines: [String] = []
        for table in tables {
            lines.append("<table><caption>\(escapeHTML(table.title))</caption>")
            lines.append("<thead><tr>" + table.columns.map { "<th>\(escapeHTML($0.name))</th>" }.joined() + "</tr></thead><tbody>")
            for row in table.rows {
                lines.append("<tr>" + zip(row, table.columns).map { cell, column in
                    if case .text = cell { return "<td>\(escapeHTML(human(cell, column.style)))</td>" }
                    return "<td class=\"n\">\(escapeHTML(human(cell, column.style)))</td>"
                }.joined() + "</tr>")
            }
            lines.append("</tbody></table>")
            for note in table.notes { lines.append("<p><small>\(escapeHTML(note))</small></p>") }
        }
        return lines.joined(separator: "\n")
    }
}
