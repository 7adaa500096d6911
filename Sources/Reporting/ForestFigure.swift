import Foundation
import StatsCore

/// A forest plot of contrasts with their intervals (contrasts of least-squares means, per
/// visit): one line per contrast; a dashed line marks no difference (0). Only estimates on one
/// difference scale belong in one figure (not a mean difference beside Cohen's d, nor ratios,
/// whose null is 1 on a log scale).
public struct ForestFigure: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double

        public init(label: String, estimate: Double, lower: Double, upper: Double) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
        }
    }

    public var title: String
    public var rows: [Row]
    public var intervalName: String
    /// What an estimate below 0 and one above 0 favour, written under the axis on each side of
    /// the line of no difference (e.g. "favours dextrose", "favours saline").
    public var favours: (below: String, above: String)?

    /// The rows with a finite estimate and interval; nil unless at least two are left.
    public init?(title: String, rows: [Row], intervalName: String, favours: (below: String, above: String)? = nil) {
        let drawn = rows.filter { $0.estimate.isFinite && $0.lower.isFinite && $0.upper.isFinite }
        guard drawn.count >= 2 else { return nil }
        self.title = title
        self.rows = drawn
        self.intervalName = intervalName
        self.favours = favours
    }

    public func svg() -> String {
        let rowHeight = 24.0, top = 48.0, bottom = favours == nil ? 52.0 : 70.0
        let labelWidth = 260.0, plotWidth = 320.0, right = 200.0
        let width = labelWidth + plotWidth + right, height = top + Double(rows.count) * rowHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let low = min(0, rows.map(\.lower).min()!), high = max(0, rows.map(\.upper).max()!)
        let ticks = SVGCanvas.ticks(low, high)
        let xLow = ticks.first!, xHigh = max(ticks.last!, xLow + 1e-9)
        func x(_ value: Double) -> Double { labelWidth + plotWidth * (value - xLow) / (xHigh - xLow) }
        let plotBottom = top + Double(rows.count) * rowHeight

        canvas.title(8, 24, title, room: width - 16)
        for tick in ticks {
            canvas.line(x(tick), top - 6, x(tick), plotBottom, stroke: "#e3e3e3")
            canvas.line(x(tick), plotBottom, x(tick), plotBottom + 5)
            canvas.text(x(tick), plotBottom + 19, ValueScale.label(tick, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1),
                        anchor: .middle, size: 11)
        }
        canvas.line(labelWidth, plotBottom, labelWidth + plotWidth, plotBottom)
        canvas.line(x(0), top - 6, x(0), plotBottom, stroke: "#555", dashed: true)
        canvas.text(labelWidth + plotWidth / 2, plotBottom + 38, "estimate and \(intervalName)", anchor: .middle, size: 12)
        if let favours {
            canvas.text(x(0) - 6, plotBottom + 56, "← " + favours.below, anchor: .end, size: 11, bold: true)
            canvas.text(x(0) + 6, plotBottom + 56, favours.above + " →", anchor: .start, size: 11, bold: true)
        }
        canvas.text(labelWidth + plotWidth + 16, top - 10, "estimate (\(intervalName))", size: 11, bold: true)
        for (index, row) in rows.enumerated() {
            let y = top + (Double(index) + 0.5) * rowHeight
            canvas.text(labelWidth - 10, y + 4, row.label, anchor: .end, size: 12)
            canvas.line(x(row.lower), y, x(row.upper), y, stroke: SVGCanvas.palette[0], width: 1.8)
            canvas.marker(x(row.estimate), y, shape: 1, fill: SVGCanvas.palette[0])
            // The numbers beside their line, as the tables show them.
            let shown = { (value: Double) in NumberFormatting.fixed(value, decimals: 2) }
            canvas.text(labelWidth + plotWidth + 16, y + 4, "\(shown(row.estimate)) (\(shown(row.lower)) to \(shown(row.upper)))", size: 12)
        }
        return canvas.render(title: "\(title): estimates and \(intervalName)")
    }
}
