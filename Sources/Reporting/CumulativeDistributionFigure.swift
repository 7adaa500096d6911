import Foundation

/// The empirical cumulative distribution of each patient's change at a visit, one step line per
/// arm, as the FDA's guidance on patient-reported outcomes recommends: for every possible
/// threshold of improvement at once, the share of each arm that reached it. Where a responder
/// threshold is marked, each arm's share at or below it is written beside the line, so the
/// figure and the responder table can be read against each other.
public struct CumulativeDistributionFigure: Sendable {
    public struct Series: Sendable, Equatable {
        public var arm: String
        public var values: [Double]
        public init(arm: String, values: [Double]) {
            self.arm = arm
            self.values = values
        }
    }

    public var title: String
    /// What the horizontal axis is, e.g. "% change in vas from week 0 to week 12".
    public var valueLabel: String
    public var series: [Series]
    /// Thresholds marked with a dashed line, and how their values are written (e.g. "%").
    public var marks: [Double]
    public var markUnit: String
    /// Said under the plot: who is not drawn and why.
    public var footnote: String

    public init(title: String, valueLabel: String, series: [Series], marks: [Double] = [], markUnit: String = "", footnote: String = "") {
        self.title = title
        self.valueLabel = valueLabel
        self.series = series
        self.marks = marks
        self.markUnit = markUnit
        self.footnote = footnote
    }

    /// The share of `values` at or below `threshold`.
    static func share(_ values: [Double], atOrBelow threshold: Double) -> Double? {
        values.isEmpty ? nil : Double(values.filter { $0 <= threshold }.count) / Double(values.count)
    }

    public func svg() -> String {
        let left = 64.0, top = 56.0, plotWidth = 460.0, plotHeight = 300.0, right = 230.0, bottom = 70.0
        let width = left + plotWidth + right, height = top + plotHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let all = series.flatMap(\.values)
        let scale = ValueScale(all, including: [0] + marks)
        func x(_ value: Double) -> Double { left + plotWidth * scale.fraction(value) }
        func y(_ share: Double) -> Double { top + plotHeight * (1 - share) }

        canvas.title(12, 24, title, room: width - 24)
        for tick in stride(from: 0.0, through: 1.0001, by: 0.2) {
            canvas.line(left, y(tick), left + plotWidth, y(tick), stroke: "#e3e3e3")
            canvas.text(left - 8, y(tick) + 4, "\(Int((tick * 100).rounded()))%", anchor: .end, size: 11)
        }
        for tick in scale.ticks {
            canvas.line(x(tick), top + plotHeight, x(tick), top + plotHeight + 5)
            canvas.text(x(tick), top + plotHeight + 19, scale.label(tick), anchor: .middle, size: 11)
        }
        canvas.line(left, top, left, top + plotHeight)
        canvas.line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        canvas.line(x(0), top, x(0), top + plotHeight, stroke: "#999")
        canvas.text(left + plotWidth / 2, top + plotHeight + 40, valueLabel, anchor: .middle, size: 12)
        canvas.text(18, top + plotHeight / 2, "patients with this change or less", anchor: .middle, size: 12, rotated: true)
        for mark in marks {
            canvas.line(x(mark), top - 4, x(mark), top + plotHeight, stroke: "#555", dashed: true)
            canvas.text(x(mark), top - 8, String(format: "%g", mark) + markUnit, anchor: .middle, size: 11)
        }
        // Step lines: each patient adds 1/n at their change; a curve further up and to the left is
        // an arm whose patients improved more.
        for (index, arm) in series.enumerated() where !arm.values.isEmpty {
            let sorted = arm.values.sorted()
            let n = Double(sorted.count)
            var points: [(Double, Double)] = [(left, y(0))]
            for (rank, value) in sorted.enumerated() {
                points.append((x(value), y(Double(rank) / n)))
                points.append((x(value), y(Double(rank + 1) / n)))
            }
            points.append((left + plotWidth, y(1)))
            canvas.polyline(points, stroke: SVGCanvas.palette[index % SVGCanvas.palette.count], width: 2)
        }
        // The legend names each arm with the patients drawn; each mark, each arm's share at it.
        var legendY = top + 8
        for (index, arm) in series.enumerated() {
            let colour = SVGCanvas.palette[index % SVGCanvas.palette.count]
            canvas.line(left + plotWidth + 20, legendY, left + plotWidth + 44, legendY, stroke: colour, width: 2.5)
            canvas.text(left + plotWidth + 50, legendY + 4, "\(arm.arm) (n = \(arm.values.count))", size: 12)
            legendY += 20
        }
        for mark in marks {
            legendY += 10
            canvas.text(left + plotWidth + 20, legendY + 4, "change ≤ \(String(format: "%g", mark))\(markUnit):", size: 11, bold: true)
            legendY += 17
            for arm in series {
                let share = Self.share(arm.values, atOrBelow: mark).map { String(format: "%.1f%%", 100 * $0) } ?? "none drawn"
                canvas.text(left + plotWidth + 28, legendY + 4, "\(arm.arm) \(share)", size: 11)
                legendY += 16
            }
        }
        if !footnote.isEmpty { canvas.text(12, height - 10, footnote, size: 11) }
        return canvas.render(title: "\(title): cumulative distribution by arm")
    }
}
