import StatsCore

/// Result tables as RTF, in the manner of SAS ODS RTF tables: one section per table, its title
/// in the page header and its notes in the page footer with "Page X of Y", the column headers
/// repeated on every page, and a table longer than a page carried on to the next under
/// "(continued)". A wide table gets landscape pages. The file is 7-bit ASCII.
public struct RichTextDocument: Sendable {
    public let document: ReportDocument

    public init(_ document: ReportDocument) {
        self.document = document
    }

    /// Lines of 9-point text a page's body holds between the header and the footer: a body of
    /// 9.7 inches (portrait) or 6.3 (landscape), less the room footnotes take.
    static let portraitLines = 44, landscapeLines = 26

    public func text() -> String {
        var out = "{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}{\\f1\\fmodern\\fcharset0 Courier New;}}\n"
            + "{\\colortbl;\\red0\\green0\\blue0;\\red68\\green68\\blue68;}\n"
            + "{\\info{\\title \(OfficeText.rtf(document.title))}{\\author TrialStats}}\n"
            + "\\paperw\(TableLayout.pageWidth)\\paperh\(TableLayout.pageHeight)\\margl\(TableLayout.margin)\\margr\(TableLayout.margin)"
            + "\\margt\(TableLayout.margin)\\margb\(TableLayout.margin)\\headery708\\footery708\\fs18\n"
        let tables = document.blocks.compactMap { block -> ResultTable? in
            if case let .table(table) = block { return table }
            return nil
        }
        for (index, table) in tables.enumerated() {
            out += section(TableLayout(table), number: index + 1, first: index == 0)
        }
        if tables.isEmpty { out += "\\pard\\plain\\f0\\fs18 \(OfficeText.rtf(document.title))\\par\n" }
        return out + "}\n"
    }

    func section(_ layout: TableLayout, number: Int, first: Bool) -> String {
        var out = (first ? "\\sectd" : "\\sect\\sectd") + "\\sbkpage"
        if layout.landscape {
            out += "\\lndscpsxn\\pgwsxn\(TableLayout.pageHeight)\\pghsxn\(TableLayout.pageWidth)"
        } else {
            out += "\\pgwsxn\(TableLayout.pageWidth)\\pghsxn\(TableLayout.pageHeight)"
        }
        out += "\\marglsxn\(TableLayout.margin)\\margrsxn\(TableLayout.margin)\\margtsxn\(TableLayout.margin)\\margbsxn\(TableLayout.margin)\n"
        let title = "Table \(number). \(layout.table.title)"
        out += "{\\header\\pard\\plain\\qr\\f0\\fs16\\cf2 \(OfficeText.rtf(document.title))\\par"
            + "\\pard\\plain\\qc\\f0\\fs20\\b \(OfficeText.rtf(title))\\b0\\par}\n"
        out += "{\\footer"
        for note in layout.table.notes + document.tableFootnotes { out += "\\pard\\plain\\ql\\f0\\fs16 \(OfficeText.rtf(note))\\par" }
        out += "\\pard\\plain\\qc\\f0\\fs16 Page {\\field{\\*\\fldinst PAGE}{\\fldrslt 1}} of {\\field{\\*\\fldinst NUMPAGES}{\\fldrslt 1}}\\par}\n"
        // A 2-point paragraph before the table: LibreOffice drops a section's page break when the
        // section opens with a table.
        out += "\\pard\\plain\\f0\\fs4\\par\n"
        // Pages of rows: each row takes as many lines as its longest wrapped cell.
        let capacity = (layout.landscape ? Self.landscapeLines : Self.portraitLines)
            - 2 - (layout.table.notes.count + document.tableFootnotes.count)
        var pages: [[Int]] = [[]]
        var used = 0
        for row in layout.cells.indices {
            let lines = layout.lines(row: row)
            if used + lines > max(capacity, 4), !pages[pages.count - 1].isEmpty {
                pages.append([])
                used = 0
            }
            pages[pages.count - 1].append(row)
            used += lines
        }
        // A table without columns (nothing to show) is its title and notes.
        if layout.header.isEmpty { return out + "\\pard\\plain\\f0\\fs18\\par\n" }
        for (page, rows) in pages.enumerated() {
            if page > 0 { out += "\\pard\\plain\\pagebb\\ql\\f0\\fs18\\i (continued)\\i0\\par\n" }
            out += row(layout.header, layout: layout, header: true, last: rows.isEmpty)
            for (position, index) in rows.enumerated() {
                out += row(layout.cells[index], layout: layout, header: false, last: position == rows.count - 1)
            }
        }
        return out + "\\pard\\plain\\f0\\fs18\\par\n"
    }

    /// One table row: the header row bold, ruled below and marked to repeat on each page; the last
    /// row of a page ruled below; rows kept whole.
    func row(_ cells: [String], layout: TableLayout, header: Bool, last: Bool) -> String {
        var out = "\\trowd\\trgaph115\\trleft0\\trkeep" + (header ? "\\trhdr" : "")
        var right = 0
        for width in layout.fittedWidths {
            right += width
            out += (header ? "\\clbrdrt\\brdrs\\brdrw15\\clbrdrb\\brdrs\\brdrw15" : (last ? "\\clbrdrb\\brdrs\\brdrw15" : "")) + "\\cellx\(right)"
        }
        out += "\n"
        for (column, text) in cells.enumerated() {
            let alignment = layout.numeric[column] ? "\\qr" : "\\ql"
            out += "\\pard\\plain\\intbl\\keepn\(alignment)\\f0\\fs18" + (header ? "\\b " : " ") + OfficeText.rtf(text) + (header ? "\\b0" : "") + "\\cell\n"
        }
        return out + "\\row\n"
    }
}
