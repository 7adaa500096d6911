import Foundation

/// The share of each arm's subjects with an observed outcome at each visit. A falling line is
/// dropout; a dip that recovers is an intermittently missed visit. Arms that lose subjects at
/// different rates are the first thing a reader of an MMRM needs to see, since the model's
/// missing-at-random assumption carries the comparison there.
public struct MissingnessFigure: Sendable {
    public var outcome: String
    public var visits: [String]
    public var arms: [String]
    /// Subjects per arm.
    public var subjects: [Int]
    /// observed[arm][visit]: subjects with a value.
    public var observed: [[Int]]
    /// Each visit's time, for visits whose labels are not numbers ("Week 12"); evenly spaced without.
    public var visitTimes: [String: Double]?

    public init(outcome: String, visits: [String], arms: [String], subjects: [Int], observed: [[Int]]) {
        self.outcome = outcome
        self.visits = visits
        self.arms = arms
        self.subjects = subjects
        self.observed = observed
    }

    public var title: String { "\(outcome): subjects with a value, by arm and visit" }

    public func percent(arm: Int, visit: Int) -> Double {
        subjects[arm] > 0 ? 100 * Double(observed[arm][visit]) / Double(subjects[arm]) : .nan
    }

    public func svg() -> String {
        let legend = arms.indices.map { "\(arms[$0]) (n = \(subjects[$0]))" }
        // Room for the longest legend entry at about 7 px a character.
        let right = max(150.0, 48 + 7 * Double(legend.map(\.count).max() ?? 0))
        let width = 470.0 + right, height = 380.0, left = 64.0, top = 40.0, bottom = 56.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var canvas = SVGCanvas(width: width, height: height)
        let positions = VisitPositions(visits, times: visitTimes)
        let percents = arms.indices.flatMap { arm in visits.indices.map { percent(arm: arm, visit: $0) } }
        let scale = ValueScale(percents, including: [100, (percents.filter(\.isFinite).min() ?? 100) >= 50 ? 50 : 0])
        func x(_ visit: Int) -> Double { left + 12 + (positions.fractions[visits[visit]] ?? 0) * (plotWidth - 24) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - scale.fraction(value)) }

        canvas.title(12, 24, title, room: width - 24)
        scale.drawVertical(on: &canvas, left: left, top: top, width: plotWidth, height: plotHeight)
        canvas.line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        for visit in visits.indices {
            canvas.line(x(visit), top + plotHeight, x(visit), top + plotHeight + 5)
            canvas.text(x(visit), top + plotHeight + 19, visits[visit], anchor: .middle, size: 11)
        }
        canvas.text(left + plotWidth / 2, height - 12, "visit", anchor: .middle, size: 12)
        canvas.text(18, top + plotHeight / 2, "% of the arm's subjects with a value", anchor: .middle, size: 12, rotated: true)
        let offset = arms.count > 1 ? 6.0 : 0
        for arm in arms.indices {
            let colour = SVGCanvas.palette[arm % SVGCanvas.palette.count]
            let shift = (Double(arm) - Double(arms.count - 1) / 2) * offset
            let points = visits.indices.filter { percent(arm: arm, visit: $0).isFinite }.map { (x($0) + shift, y(percent(arm: arm, visit: $0))) }
            canvas.polyline(points, stroke: colour)
            for point in points { canvas.marker(point.0, point.1, shape: arm, fill: colour) }
        }
        canvas.legend(x: left + plotWidth + 16, y: top + 12, labels: legend)
        return canvas.render(title: title)
    }
}
