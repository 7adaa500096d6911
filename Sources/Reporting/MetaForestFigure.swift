import Foundation
import StatsCore

/// The forest plot of a meta-analysis: one line per study (a square sized by its weight, its
/// interval as a line) and the pooled estimate as a diamond spanning its interval, beside the
/// numbers. Ratio measures (RR, OR) are drawn on a log axis labelled in ratios, with no effect at
/// 1; differences on a linear axis with no effect at 0.
public struct MetaForestFigure: Sendable {
    public struct Row: Sendable, Equatable {
        public var label: String
        /// On the analysis scale (log for ratios).
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        public var weight: Double?
        public var pooled: Bool

        public init(label: String, estimate: Double, lower: Double, upper: Double, weight: Double?, pooled: Bool) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.weight = weight
            self.pooled = pooled
        }
    }

    public var title: String
    public var rows: [Row]
    /// "RR" or "OR" when the estimates are log ratios; nil for differences.
    public var ratio: String?
    public var intervalName: String

    /// The studies, then the pooled rows (`pooled`), with a finite estimate and interval; nil
    /// unless a study and at least two rows are left.
    public init?(title: String, rows: [Row], ratio: String?, intervalName: String) {
        let drawn = rows.filter { $0.estimate.isFinite && $0.lower.isFinite && $0.upper.isFinite }
        guard drawn.contains(where: { !$0.pooled }), drawn.count >= 2 else { return nil }
        self.title = title
        self.rows = drawn
        self.ratio = ratio
        self.intervalName = intervalName
    }

    /// The axis's ticks (on the analysis scale) and their labels; the first and last tick are the
    /// axis's ends, so every interval fits. Ratios get 1-2-5 ticks labelled as ratios.
    func axisTicks() -> (values: [Double], labels: [String]) {
        let low = min(0, rows.map(\.lower).min()!), high = max(0, rows.map(\.upper).max()!)
        guard ratio != nil else {
            let ticks = SVGCanvas.ticks(low, high)
            return (ticks, ticks.map { ValueScale.label($0, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1) })
        }
        let candidates: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        var chosen = candidates.filter { log($0) >= low - 1e-12 && log($0) <= high + 1e-12 }
        if let below = candidates.last(where: { log($0) < low - 1e-12 }) { chosen.insert(below, at: 0) }
        if let above = candidates.first(where: { log($0) > high + 1e-12 }) { chosen.append(above) }
        // Past nine labels keep the ends, 1 and every other one between.
        if chosen.count > 9 {
            chosen = chosen.enumerated().filter { $0.offset % 2 == 0 || $0.element == 1 || $0.offset == chosen.count - 1 }.map(\.element)
        }
        return (chosen.map(log), chosen.map { String(format: "%g", $0) })
    }

    func text(_ row: Row) -> String {
        let shown = ratio == nil ? (row.estimate, row.lower, row.upper) : (exp(row.estimate), exp(row.lower), exp(row.upper))
        return String(format: "%.2f [%.2f, %.2f]", shown.0, shown.1, shown.2)
    }

    public func svg() -> String {
        let rowHeight = 24.0, top = 56.0, bottom = 56.0
        // Room for the longest study label at about 7 points a character.
        let labelWidth = max(160, 24 + 7 * Double(rows.map(\.label.count).max() ?? 0)), plotWidth = 300.0, numbersWidth = 210.0
        let width = labelWidth + plotWidth + numbersWidth, height = top + Double(rows.count) * rowHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let (ticks, tickLabels) = axisTicks()
        let xLow = ticks.first!, xHigh = max(ticks.last!, xLow + 1e-9)
        func x(_ value: Double) -> Double { labelWidth + plotWidth * (value - xLow) / (xHigh - xLow) }
        let plotBottom = top + Double(rows.count) * rowHeight
        let colour = SVGCanvas.palette[0]

        canvas.title(8, 24, title, room: width - 16)
        canvas.text(labelWidth + plotWidth + 12, top - 12, "\(ratio ?? "estimate") [\(intervalName)]", size: 11, bold: true)
        canvas.text(width - 8, top - 12, "weight", anchor: .end, size: 11, bold: true)
        for (tick, label) in zip(ticks, tickLabels) {
            canvas.line(x(tick), top - 6, x(tick), plotBottom, stroke: "#e3e3e3")
            canvas.line(x(tick), plotBottom, x(tick), plotBottom + 5)
            canvas.text(x(tick), plotBottom + 19, label, anchor: .middle, size: 11)
        }
        canvas.line(labelWidth, plotBottom, labelWidth + plotWidth, plotBottom)
        canvas.line(x(0), top - 6, x(0), plotBottom, stroke: "#555", dashed: true)
        canvas.text(labelWidth + plotWidth / 2, height - 12,
                    ratio.map { "\($0), log scale (no effect = 1)" } ?? "difference, treatment − control (no effect = 0)", anchor: .middle, size: 12)
        let largest = rows.filter { !$0.pooled }.compactMap(\.weight).max() ?? 1
        for (index, row) in rows.enumerated() {
            let y = top + (Double(index) + 0.5) * rowHeight
            canvas.text(labelWidth - 10, y + 4, row.label, anchor: .end, size: 12, bold: row.pooled)
            canvas.text(labelWidth + plotWidth + 12, y + 4, text(row), size: 12, bold: row.pooled)
            if let weight = row.weight, !row.pooled { canvas.text(width - 8, y + 4, String(format: "%.1f%%", weight), anchor: .end, size: 12) }
            if row.pooled {
                canvas.polygon([(x(row.lower), y), (x(row.estimate), y - 7), (x(row.upper), y), (x(row.estimate), y + 7)], fill: SVGCanvas.palette[1])
            } else {
                canvas.line(x(row.lower), y, x(row.upper), y, stroke: colour, width: 1.5)
                // Square area in proportion to the weight, as forest plots draw it.
                let side = 4 + 10 * ((row.weight ?? largest) / largest).squareRoot()
                canvas.rectangle(x(row.estimate) - side / 2, y - side / 2, side, side, fill: colour)
            }
        }
        return canvas.render(title: "\(title): study estimates and the pooled estimate with \(intervalName)")
    }
}
