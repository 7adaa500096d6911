import Foundation
import StatsCore

/// Mean ± confidence interval per arm over the visits (an outcome by arm and visit, as
/// `trialstats descriptives` gives it). Numeric visits are placed at their values (week 4 is twice as far
/// from baseline as week 2); other visits are evenly spaced in table order. Arms are told apart by
/// colour (a colour-blind-safe palette), marker shape and a small sideways offset, so intervals
/// at the same visit do not hide each other.
public struct TrajectoryFigure: Sendable {
    public struct Point: Sendable, Equatable {
        public var visit: String
        public var mean: Double
        public var lower: Double
        public var upper: Double

        public init(visit: String, mean: Double, lower: Double, upper: Double) {
            self.visit = visit
            self.mean = mean
            self.lower = lower
            self.upper = upper
        }
    }

    public var title: String
    public var outcome: String
    public var series: [(arm: String, points: [Point])]
    public var visits: [String]
    /// The interval column's name, e.g. "95% CI of mean".
    public var intervalName: String
    /// Each visit's time, for visits whose labels are not numbers ("Week 12"); evenly spaced without.
    public var visitTimes: [String: Double]?

    /// Each arm's mean and interval at each visit, in the order given (arms and visits in their
    /// first appearance). A mean that does not exist is not drawn; an interval that could not be
    /// computed (one value, an overflow) is drawn as the mean alone. Nil when nothing is left.
    public init?(title: String, outcome: String, intervalName: String, points: [(arm: String, point: Point)]) {
        self.title = title
        self.outcome = outcome
        self.intervalName = intervalName
        var series: [(arm: String, points: [Point])] = []
        var visits: [String] = []
        for (arm, given) in points where given.mean.isFinite {
            var point = given
            if !(point.lower.isFinite && point.upper.isFinite) { point.lower = point.mean; point.upper = point.mean }
            if !visits.contains(point.visit) { visits.append(point.visit) }
            if let index = series.firstIndex(where: { $0.arm == arm }) { series[index].points.append(point) } else { series.append((arm, [point])) }
        }
        guard !series.isEmpty else { return nil }
        self.series = series
        self.visits = visits
    }

    public func svg() -> String {
        let width = 640.0, height = 400.0
        let left = 64.0, right = 150.0, top = 40.0, bottom = 56.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var canvas = SVGCanvas(width: width, height: height)

        let positions = VisitPositions(visits, times: visitTimes)
        let scale = ValueScale(series.flatMap { $0.points.flatMap { [$0.lower, $0.upper, $0.mean] } })
        func x(_ fraction: Double) -> Double { left + 12 + fraction * (plotWidth - 24) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - scale.fraction(value)) }

        canvas.title(12, 24, title, room: width - 24)
        scale.drawVertical(on: &canvas, left: left, top: top, width: plotWidth, height: plotHeight)
        canvas.line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        for (fraction, label) in positions.ticks {
            canvas.line(x(fraction), top + plotHeight, x(fraction), top + plotHeight + 5)
            canvas.text(x(fraction), top + plotHeight + 19, label, anchor: .middle, size: 11)
        }
        canvas.text(left + plotWidth / 2, height - 12, "visit", anchor: .middle, size: 12)
        canvas.text(18, top + plotHeight / 2, "\(outcome): mean, \(intervalName.replacingOccurrences(of: " of mean", with: ""))", anchor: .middle, size: 12, rotated: true)

        let offset = series.count > 1 ? 8.0 : 0
        for (index, entry) in series.enumerated() {
            let colour = SVGCanvas.palette[index % SVGCanvas.palette.count]
            let shift = (Double(index) - Double(series.count - 1) / 2) * offset
            let points = entry.points.compactMap { point -> (Double, Point)? in
                positions.fractions[point.visit].map { (x($0) + shift, point) }
            }
            canvas.polyline(points.map { ($0.0, y($0.1.mean)) }, stroke: colour)
            for (px, point) in points {
                canvas.line(px, y(point.lower), px, y(point.upper), stroke: colour, width: 1.5)
                canvas.line(px - 4, y(point.lower), px + 4, y(point.lower), stroke: colour, width: 1.5)
                canvas.line(px - 4, y(point.upper), px + 4, y(point.upper), stroke: colour, width: 1.5)
                canvas.marker(px, y(point.mean), shape: index, fill: colour)
            }
        }
        canvas.legend(x: left + plotWidth + 16, y: top + 12, labels: series.map(\.arm))
        return canvas.render(title: "\(title): mean and \(intervalName) by arm over the visits")
    }
}
