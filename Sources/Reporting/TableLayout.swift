import StatsCore

/// A result table as a page shows it: every cell's text at display precision (the text Markdown
/// and HTML show), and column widths from the longest text in each column, so that numbers and
/// intervals are never broken over lines and a table too wide for a portrait page is put on a
/// landscape one.
struct TableLayout {
    /// Page geometry in twips (1/1440 inch): A4 with 1-inch margins.
    static let pageWidth = 11906, pageHeight = 16838, margin = 1440
    static let portraitTextWidth = pageWidth - 2 * margin
    static let landscapeTextWidth = pageHeight - 2 * margin
    /// A cell is padded by 115 twips on each side, and given 40 more, since viewers round.
    static let cellPadding = 270
    /// Text columns wrap beyond this width (methods, labels), about 48 characters; numbers never
    /// wrap, and a text column is narrowed to no less than about 22 characters to keep a table
    /// on a portrait page.
    static let widestTextColumn = 4800, narrowestTextColumn = 2200

    /// Advance widths of Arial (metric-compatible with Helvetica) in thousandths of an em, for
    /// printable ASCII from the space; other characters are taken as 600.
    static let arialWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]

    /// The width of text in 9-point Arial, in twips (an em is 180); bold is about 8% wider.
    static func width(of text: String, bold: Bool = false) -> Int {
        let thousandths = text.unicodeScalars.reduce(0) { sum, scalar in
            let index = Int(scalar.value) - 32
            return sum + (arialWidths.indices.contains(index) ? arialWidths[index] : 600)
        }
        return Int((Double(thousandths) * 0.18 * (bold ? 1.08 : 1)).rounded(.up))
    }

    let table: ResultTable
    let header: [String]
    let cells: [[String]]
    /// Right-aligned: every column of numbers.
    let numeric: [Bool]
    /// Column widths in twips.
    let widths: [Int]

    init(_ table: ResultTable) {
        self.table = table
        let header = table.columns.map(\.name)
        // A row shorter than the header is shown with empty cells, never read past its end.
        let cells = table.rows.map { row in
            table.columns.indices.map { index in index < row.count ? TableRendering.human(row[index], table.columns[index].style) : "" }
        }
        let numeric = table.columns.map { $0.style != .text }
        self.header = header
        self.cells = cells
        self.numeric = numeric
        widths = table.columns.indices.map { column in
            let widest = max(Self.width(of: header[column], bold: true), cells.map { Self.width(of: $0[column]) }.max() ?? 0)
            return max(numeric[column] ? widest : min(widest, Self.widestTextColumn), 300) + Self.cellPadding
        }
        let portrait = Self.fitted(widths, numeric: numeric, into: Self.portraitTextWidth)
        landscape = portrait.reduce(0, +) > Self.portraitTextWidth
        fittedWidths = landscape ? Self.fitted(widths, numeric: numeric, into: Self.landscapeTextWidth) : portrait
    }

    /// A table too wide for a portrait page is put on a landscape one.
    let landscape: Bool
    /// The widths on the page: text columns narrowed (down to `narrowestTextColumn` characters)
    /// so that the table fits; numbers keep their width. A table that still does not fit a
    /// landscape page runs over its right margin rather than breaking its numbers.
    let fittedWidths: [Int]

    /// The widest text columns are narrowed first, all to one cap, until the table fits.
    static func fitted(_ widths: [Int], numeric: [Bool], into room: Int) -> [Int] {
        guard widths.reduce(0, +) > room else { return widths }
        let textRoom = room - zip(widths, numeric).filter(\.1).map(\.0).reduce(0, +)
        let text = zip(widths, numeric).filter { !$0.1 }.map(\.0)
        let floor = narrowestTextColumn + cellPadding
        func total(cap: Int) -> Int { text.map { min($0, cap) }.reduce(0, +) }
        guard let widest = text.max(), total(cap: floor) < textRoom else {
            return zip(widths, numeric).map { $1 ? $0 : min($0, floor) }
        }
        // The largest cap that fits, by bisection between the floor and the widest column.
        var low = floor, high = widest
        while high - low > 1 {
            let middle = (low + high) / 2
            if total(cap: middle) <= textRoom { low = middle } else { high = middle }
        }
        return zip(widths, numeric).map { $1 ? $0 : min($0, low) }
    }

    /// How many lines a row takes at the fitted widths: its longest text cell wrapped.
    func lines(row: Int) -> Int {
        zip(cells[row], fittedWidths).map { text, width in
            let room = max(1, width - Self.cellPadding)
            return max(1, (Self.width(of: text) + room - 1) / room)
        }.max() ?? 1
    }
}
