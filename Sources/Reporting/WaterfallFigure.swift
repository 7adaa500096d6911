import Foundation

/// One bar per patient, sorted from the largest rise to the largest fall, coloured by arm: how
/// many patients improved, by how much, and in which arm, without hiding anyone in a mean. Dashed
/// lines mark reference changes (for pain, the −30% and −50% of IMMPACT's moderate and
/// substantial improvement).
public struct WaterfallFigure: Sendable {
    public struct Bar: Sendable, Equatable {
        public var subject: String
        public var arm: String
        public var value: Double
        public init(subject: String, arm: String, value: Double) {
            self.subject = subject
            self.arm = arm
            self.value = value
        }
    }

    public var title: String
    /// What a bar's height is, e.g. "% change in vas from week 0 to week 12".
    public var valueLabel: String
    public var arms: [String]
    public var bars: [Bar]
    public var references: [Double]
    /// Said under the plot: who is not drawn and why.
    public var footnote: String

    public init(title: String, valueLabel: String, arms: [String], bars: [Bar], references: [Double] = [], footnote: String = "") {
        self.title = title
        self.valueLabel = valueLabel
        self.arms = arms
        self.bars = bars
        self.references = references
        self.footnote = footnote
    }

    /// Largest value first; ties in arm order, then by subject, so the order never depends on input order.
    public var sortedBars: [Bar] {
        bars.sorted { a, b in
            if a.value != b.value { return a.value > b.value }
            let armA = arms.firstIndex(of: a.arm) ?? arms.count, armB = arms.firstIndex(of: b.arm) ?? arms.count
            return armA != armB ? armA < armB : a.subject < b.subject
        }
    }

    public func svg() -> String {
        let left = 64.0, right = 150.0, top = 48.0, bottom = 64.0, plotHeight = 300.0
        let plotWidth = max(360.0, min(900.0, Double(bars.count) * 5))
        let width = left + plotWidth + right, height = top + plotHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let scale = ValueScale(bars.map(\.value), including: [0] + references)
        func y(_ value: Double) -> Double { top + plotHeight * (1 - scale.fraction(value)) }

        canvas.title(12, 24, title, room: width - 24)
        scale.drawVertical(on: &canvas, left: left, top: top, width: plotWidth, height: plotHeight)
        canvas.text(18, top + plotHeight / 2, valueLabel, anchor: .middle, size: 12, rotated: true)
        let slot = plotWidth / Double(max(bars.count, 1))
        for (index, bar) in sortedBars.enumerated() {
            let armIndex = arms.firstIndex(of: bar.arm) ?? arms.count
            let x = left + Double(index) * slot + slot * 0.1
            canvas.rectangle(x, min(y(bar.value), y(0)), slot * 0.8, abs(y(bar.value) - y(0)),
                             fill: SVGCanvas.palette[armIndex % SVGCanvas.palette.count])
        }
        canvas.line(left, y(0), left + plotWidth, y(0), stroke: "#333")
        for reference in references {
            canvas.line(left, y(reference), left + plotWidth, y(reference), stroke: "#555", dashed: true)
            canvas.text(left + plotWidth + 4, y(reference) + 4, ValueScale.label(reference, step: 1) + "%", size: 11)
        }
        canvas.text(left + plotWidth / 2, top + plotHeight + 20, "patients, sorted by the change (\(bars.count) drawn)", anchor: .middle, size: 12)
        if !footnote.isEmpty { canvas.text(left, height - 14, footnote, size: 11) }
        for (index, arm) in arms.enumerated() {
            let legendY = top + 12 + Double(index) * 22
            let colour = SVGCanvas.palette[index % SVGCanvas.palette.count]
            canvas.rectangle(left + plotWidth + 40, legendY - 7, 14, 14, fill: colour)
            canvas.text(left + plotWidth + 60, legendY + 4, arm, size: 12)
        }
        return canvas.render(title: "\(title): \(bars.count) patients")
    }
}
