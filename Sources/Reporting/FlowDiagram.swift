import Foundation

/// A CONSORT-style flow diagram: a box for the data, a box at its side for what was excluded,
/// a box for the randomised, then a column per arm from allocation through each visit to the
/// analysis. The words and numbers in each box are the caller's; this draws boxes and arrows.
public struct FlowDiagram: Sendable {
    public struct Column: Sendable, Equatable {
        /// Boxes from top to bottom, each its lines (the first bold).
        public var boxes: [[String]]
        public init(boxes: [[String]]) {
            self.boxes = boxes
        }
    }

    public var title: String
    public var top: [String]
    public var excluded: [String]
    public var randomised: [String]
    public var columns: [Column]

    public init(title: String, top: [String], excluded: [String], randomised: [String], columns: [Column]) {
        self.title = title
        self.top = top
        self.excluded = excluded
        self.randomised = randomised
        self.columns = columns
    }

    static let lineHeight = 15.0, padding = 7.0, gap = 22.0, boxWidth = 220.0, columnGap = 24.0

    static func height(_ lines: [String]) -> Double { Double(lines.count) * lineHeight + 2 * padding }

    /// A box with its lines, the first bold; returns its bottom.
    static func box(_ canvas: inout SVGCanvas, x: Double, y: Double, width: Double, _ lines: [String], fill: String = "#f7f9fc") -> Double {
        let height = height(lines)
        canvas.rectangle(x, y, width, height, fill: fill, stroke: "#555")
        for (index, line) in lines.enumerated() {
            canvas.text(x + padding, y + padding + 11 + Double(index) * lineHeight, line, size: 11, bold: index == 0)
        }
        return y + height
    }

    static func arrow(_ canvas: inout SVGCanvas, from: (Double, Double), to: (Double, Double)) {
        canvas.line(from.0, from.1, to.0, to.1, stroke: "#555", width: 1.2)
        let (x, y) = to
        if from.0 == to.0 {
            canvas.polygon([(x - 4, y - 7), (x + 4, y - 7), (x, y)], fill: "#555")
        } else {
            canvas.polygon([(x - 7, y - 4), (x - 7, y + 4), (x, y)], fill: "#555")
        }
    }

    public func svg() -> String {
        let columnsWidth = Double(columns.count) * Self.boxWidth + Double(max(columns.count - 1, 0)) * Self.columnGap
        let width = max(columnsWidth, 2 * Self.boxWidth + 120) + 40
        let centre = width / 2
        // Heights: the top boxes, then the tallest column.
        let topHeight = Self.height(top), excludedHeight = Self.height(excluded), randomisedHeight = Self.height(randomised)
        let columnHeights = columns.map { $0.boxes.map(Self.height).reduce(0, +) + Double(max($0.boxes.count - 1, 0)) * Self.gap }
        let height = 44 + topHeight + Self.gap + max(excludedHeight, 0) + Self.gap + randomisedHeight + Self.gap * 1.5 + (columnHeights.max() ?? 0) + 20
        var canvas = SVGCanvas(width: width, height: height)
        canvas.title(12, 24, title, room: width - 24)

        var y = 44.0
        let mainX = centre - Self.boxWidth / 2
        let topBottom = Self.box(&canvas, x: mainX, y: y, width: Self.boxWidth, top)
        // The exclusions sit at the side of the arrow down from the data.
        let excludedY = topBottom + Self.gap / 2
        let excludedX = centre + 40
        _ = Self.box(&canvas, x: excludedX, y: excludedY, width: min(Self.boxWidth + 60, width - excludedX - 8), excluded, fill: "#fff")
        y = excludedY + excludedHeight + Self.gap / 2
        canvas.line(centre, topBottom, centre, y, stroke: "#555", width: 1.2)
        Self.arrow(&canvas, from: (centre, excludedY + excludedHeight / 2), to: (excludedX, excludedY + excludedHeight / 2))
        Self.arrow(&canvas, from: (centre, y - 0.01), to: (centre, y + Self.gap / 2))
        y += Self.gap / 2
        let randomisedBottom = Self.box(&canvas, x: mainX, y: y, width: Self.boxWidth, randomised)
        // A line across to each arm's column.
        let firstX = centre - columnsWidth / 2
        let branchY = randomisedBottom + Self.gap * 0.75
        canvas.line(centre, randomisedBottom, centre, branchY, stroke: "#555", width: 1.2)
        let centres = columns.indices.map { firstX + Double($0) * (Self.boxWidth + Self.columnGap) + Self.boxWidth / 2 }
        if let first = centres.first, let last = centres.last { canvas.line(first, branchY, last, branchY, stroke: "#555", width: 1.2) }
        for (column, x) in zip(columns, centres) {
            var boxY = branchY + Self.gap * 0.75
            Self.arrow(&canvas, from: (x, branchY), to: (x, boxY))
            for (index, lines) in column.boxes.enumerated() {
                if index > 0 {
                    Self.arrow(&canvas, from: (x, boxY), to: (x, boxY + Self.gap))
                    boxY += Self.gap
                }
                boxY = Self.box(&canvas, x: x - Self.boxWidth / 2, y: boxY, width: Self.boxWidth, lines)
            }
        }
        return canvas.render(title: title)
    }
}
