import Foundation
import StatsCore

/// A forest plot of contrasts with their intervals, from a table with `contrast` and `estimate`
/// columns and an interval column whose name ends in "CI" (contrasts of least-squares means,
/// per visit). Each row is one line, labelled by the row's text cells; a dashed line marks no
/// difference (0). Tables that mix scales (a mean difference beside Cohen's d, or risk ratios,
/// whose null is 1 on a log scale) are not drawn this way.
public struct ForestFigure: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double
    }

    public var title: String
    public var rows: [Row]
    public var intervalName: String

    /// Nil unless the table has estimates with intervals on at least two rows.
    public init?(table: ResultTable) {
        let names = table.columns.map(\.name)
        guard names.contains("contrast"), let estimate = names.firstIndex(of: "estimate"), let interval = names.lastIndex(where: { $0.hasSuffix("CI") }) else { return nil }
        let textColumns = table.columns.indices.filter { table.columns[$0].style == .text }
        var rows: [Row] = []
        for row in table.rows {
            guard case let .number(value) = row[estimate], case let .interval(lower, upper) = row[interval],
                  value.isFinite, lower.isFinite, upper.isFinite else { continue }
            let label = textColumns.compactMap { index -> String? in
                if case let .text(text) = row[index], !text.isEmpty { return text }
                return nil
            }.joined(separator: ", ")
            rows.append(Row(label: label, estimate: value, lower: lower, upper: upper))
        }
        guard rows.count >= 2 else { return nil }
        title = table.title
        self.rows = rows
        intervalName = names[interval]
    }

    public func svg() -> String {
        let rowHeight = 24.0, top = 48.0, bottom = 52.0
        let labelWidth = 260.0, plotWidth = 320.0, right = 24.0
        let width = labelWidth + plotWidth + right, height = top + Double(rows.count) * rowHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let low = min(0, rows.map(\.lower).min()!), high = max(0, rows.map(\.upper).max()!)
        let ticks = SVGCanvas.ticks(low, high)
        let xLow = ticks.first!, xHigh = max(ticks.last!, xLow + 1e-9)
        func x(_ value: Double) -> Double { labelWidth + plotWidth * (value - xLow) / (xHigh - xLow) }
        let plotBottom = top + Double(rows.count) * rowHeight

        canvas.text(8, 24, title, size: 15, bold: true)
        for tick in ticks {
            canvas.line(x(tick), top - 6, x(tick), plotBottom, stroke: "#e3e3e3")
            canvas.line(x(tick), plotBottom, x(tick), plotBottom + 5)
            canvas.text(x(tick), plotBottom + 19, ValueScale.label(tick, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1),
                        anchor: .middle, size: 11)
        }
        canvas.line(labelWidth, plotBottom, labelWidth + plotWidth, plotBottom)
        canvas.line(x(0), top - 6, x(0), plotBottom, stroke: "#555", dashed: true)
        canvas.text(labelWidth + plotWidth / 2, height - 12, "estimate and \(intervalName)", anchor: .middle, size: 12)
        for (index, row) in rows.enumerated() {
            let y = top + (Double(index) + 0.5) * rowHeight
            canvas.text(labelWidth - 10, y + 4, row.label, anchor: .end, size: 12)
            canvas.line(x(row.lower), y, x(row.upper), y, stroke: SVGCanvas.palette[0], width: 1.8)
            canvas.marker(x(row.estimate), y, shape: 1, fill: SVGCanvas.palette[0])
        }
        return canvas.render(title: "\(title): estimates and \(intervalName)")
    }
}
