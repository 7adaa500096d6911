import Foundation

/// Every subject's outcome over the visits, one panel per arm on a shared scale, with the arm's
/// mean of the observed values drawn over them. Where means hide who improved and who did not,
/// and who left early, these lines show it: a line joins a subject's observed values and stops at
/// the last one; a subject seen once is a dot. (Which visits are missing is the missingness
/// figure's job.)
public struct SpaghettiFigure: Sendable {
    public struct Subject: Sendable, Equatable {
        public var id: String
        public var arm: String
        /// One value per visit, in the order of `visits`; NaN where missing.
        public var values: [Double]
        public init(id: String, arm: String, values: [Double]) {
            self.id = id
            self.arm = arm
            self.values = values
        }
    }

    public var outcome: String
    public var visits: [String]
    public var arms: [String]
    public var subjects: [Subject]
    /// Each visit's time, for visits whose labels are not numbers ("Week 12"); evenly spaced without.
    public var visitTimes: [String: Double]?

    public init(outcome: String, visits: [String], arms: [String], subjects: [Subject]) {
        self.outcome = outcome
        self.visits = visits
        self.arms = arms
        self.subjects = subjects
    }

    public var title: String { "\(outcome) per subject over the visits, by arm" }

    /// Mean of the observed values per visit; NaN where none is observed.
    func means(of arm: String) -> [Double] {
        let members = subjects.filter { $0.arm == arm }
        return visits.indices.map { visit in
            let observed = members.map { $0.values[visit] }.filter(\.isFinite)
            return observed.isEmpty ? .nan : observed.reduce(0, +) / Double(observed.count)
        }
    }

    public func svg() -> String {
        // Panels share about 560 points, and are never narrower than 220.
        let gap = 24.0, left = 64.0, right = 16.0, top = 64.0, bottom = 56.0, plotHeight = 260.0
        let panelWidth = max(220, (560 - gap * Double(max(arms.count - 1, 0))) / Double(max(arms.count, 1)))
        let width = left + Double(arms.count) * panelWidth + Double(max(arms.count - 1, 0)) * gap + right
        let height = top + plotHeight + bottom
        var canvas = SVGCanvas(width: width, height: height)
        let positions = VisitPositions(visits, times: visitTimes)
        let scale = ValueScale(subjects.flatMap(\.values))
        func y(_ value: Double) -> Double { top + plotHeight * (1 - scale.fraction(value)) }

        canvas.title(12, 24, title, room: width - 24)
        canvas.text(left, 42, "Thin lines: one subject each; thick line and markers: the arm's mean of the observed values.", size: 11)
        canvas.text(18, top + plotHeight / 2, outcome, anchor: .middle, size: 12, rotated: true)
        for (armIndex, arm) in arms.enumerated() {
            let colour = SVGCanvas.palette[armIndex % SVGCanvas.palette.count]
            let panelLeft = left + Double(armIndex) * (panelWidth + gap)
            func x(_ visit: Int) -> Double { panelLeft + 10 + (positions.fractions[visits[visit]] ?? 0) * (panelWidth - 20) }
            if armIndex == 0 {
                scale.drawVertical(on: &canvas, left: panelLeft, top: top, width: panelWidth, height: plotHeight)
            } else {
                for tick in scale.ticks { canvas.line(panelLeft, y(tick), panelLeft + panelWidth, y(tick), stroke: "#e3e3e3") }
                canvas.line(panelLeft, top, panelLeft, top + plotHeight)
            }
            canvas.line(panelLeft, top + plotHeight, panelLeft + panelWidth, top + plotHeight)
            for visit in visits.indices {
                canvas.line(x(visit), top + plotHeight, x(visit), top + plotHeight + 5)
                canvas.text(x(visit), top + plotHeight + 19, visits[visit], anchor: .middle, size: 11)
            }
            let members = subjects.filter { $0.arm == arm }
            canvas.text(panelLeft + panelWidth / 2, top - 8, "\(arm) (n = \(members.count))", anchor: .middle, size: 12, bold: true)
            for subject in members {
                let points = subject.values.indices.filter { subject.values[$0].isFinite }.map { (x($0), y(subject.values[$0])) }
                if points.count > 1 { canvas.polyline(points, stroke: colour, width: 1, opacity: 0.35) }
                if points.count == 1 { canvas.marker(points[0].0, points[0].1, shape: 0, fill: colour, size: 1.5) }
            }
            let mean = means(of: arm)
            let points = visits.indices.filter { mean[$0].isFinite }.map { (x($0), y(mean[$0])) }
            canvas.polyline(points, stroke: "#000", width: 3.5)
            canvas.polyline(points, stroke: colour, width: 2)
            for point in points { canvas.marker(point.0, point.1, shape: armIndex, fill: colour, size: 4.5) }
        }
        canvas.text(left + (width - left - right) / 2, height - 12, "visit", anchor: .middle, size: 12)
        return canvas.render(title: "\(title): \(subjects.count) subjects")
    }
}
