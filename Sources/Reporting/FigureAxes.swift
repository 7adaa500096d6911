import Foundation

/// Where visits sit along a horizontal axis, as fractions of its length. Visits are placed at their
/// times: numeric visits at their values, labelled ones at the times they are given ("Week 12"
/// at day 84), so week 4 is twice as far from baseline as week 2 and a long gap to week 24 looks
/// long; visits without times are spaced evenly in the order given.
struct VisitPositions {
    let fractions: [String: Double]
    let ticks: [(fraction: Double, label: String)]

    init(_ visits: [String], times: [String: Double]? = nil) {
        let numeric = visits.compactMap(Double.init)
        let timed = visits.compactMap { times?[$0] }
        if timed.count == visits.count, let low = timed.min(), let high = timed.max(), high > low {
            ticks = zip(visits, timed).map { (($1 - low) / (high - low), $0) }
        } else if numeric.count == visits.count, let low = numeric.min(), let high = numeric.max(), high > low {
            ticks = zip(visits, numeric).map { (($1 - low) / (high - low), $0) }
        } else {
            let step = visits.count > 1 ? 1 / Double(visits.count - 1) : 0
            ticks = visits.enumerated().map { (Double($0) * step, $1) }
        }
        fractions = Dictionary(ticks.map { ($0.label, $0.fraction) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A linear value scale with round ticks covering the values (and any value that must show, such
/// as 0 on a scale of change).
struct ValueScale {
    let low: Double
    let high: Double
    let ticks: [Double]

    init(_ values: [Double], including fixed: [Double] = []) {
        let finite = (values + fixed).filter(\.isFinite)
        let minimum = finite.min() ?? 0, maximum = finite.max() ?? 1
        ticks = SVGCanvas.ticks(minimum, maximum == minimum ? minimum + 1 : maximum)
        low = ticks.first ?? minimum
        high = max(ticks.last ?? maximum, low + 1e-9)
    }

    /// 0 at `low`, 1 at `high`.
    func fraction(_ value: Double) -> Double { (value - low) / (high - low) }

    func label(_ tick: Double) -> String {
        Self.label(tick, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1)
    }

    /// A tick's text with as many decimals as the step between ticks needs (0.5 → one).
    static func label(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : Int((-log10(step)).rounded(.up))
        return String(format: "%.\(decimals)f", value)
    }

    /// Gridlines across the plot, tick labels at its left edge, and the axis line.
    func drawVertical(on canvas: inout SVGCanvas, left: Double, top: Double, width: Double, height: Double) {
        for tick in ticks {
            let y = top + height * (1 - fraction(tick))
            canvas.line(left, y, left + width, y, stroke: "#e3e3e3")
            canvas.text(left - 8, y + 4, label(tick), anchor: .end, size: 11)
        }
        canvas.line(left, top, left, top + height)
    }
}

extension SVGCanvas {
    /// One legend entry a line, each with its series' colour and marker shape.
    mutating func legend(x: Double, y: Double, labels: [String], colourIndices: [Int]? = nil) {
        for (row, label) in labels.enumerated() {
            let index = colourIndices?[row] ?? row
            let colour = Self.palette[index % Self.palette.count]
            let lineY = y + Double(row) * 22
            line(x, lineY, x + 24, lineY, stroke: colour, width: 2)
            marker(x + 12, lineY, shape: index, fill: colour)
            text(x + 30, lineY + 4, label, size: 12)
        }
    }
}
