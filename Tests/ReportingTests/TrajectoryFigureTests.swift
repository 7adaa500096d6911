import Testing
import StatsCore
@testable import Reporting

struct TrajectoryFigureTests {
    static let points: [(arm: String, point: TrajectoryFigure.Point)] = [
        ("saline", .init(visit: "0", mean: 7.05, lower: 6.5, upper: 7.61)), ("saline", .init(visit: "4", mean: 5.77, lower: 4.86, upper: 6.68)),
        ("saline", .init(visit: "12", mean: 5.38, lower: 4.57, upper: 6.19)),
        ("dextrose & co", .init(visit: "0", mean: 7.1, lower: 6.48, upper: 7.72)), ("dextrose & co", .init(visit: "4", mean: 4.44, lower: 3.38, upper: 5.5)),
        ("dextrose & co", .init(visit: "12", mean: 3.26, lower: 2.41, upper: 4.11)),
    ]

    static func figure(_ points: [(arm: String, point: TrajectoryFigure.Point)] = points) -> TrajectoryFigure? {
        TrajectoryFigure(title: "vas <left> by arm and visit", outcome: "vas <left>", intervalName: "95% CI of mean", points: points)
    }

    @Test func aTableByArmAndVisitDrawsOneSeriesPerArmAtTheVisitsValues() throws {
        let figure = try #require(Self.figure())
        #expect(figure.series.map(\.arm) == ["saline", "dextrose & co"] && figure.visits == ["0", "4", "12"])
        #expect(figure.outcome == "vas <left>")
        let svg = figure.svg()
        #expect(svg == figure.svg(), "the same figure must be the same bytes")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("dextrose &amp; co") && svg.contains("vas &lt;left&gt;") && !svg.contains("<left>"))
        // Okabe-Ito colours, and markers of different shapes (circles, then squares).
        #expect(svg.contains("#0072B2") && svg.contains("#D55E00") && svg.contains("<circle") && svg.contains("<rect x="))
        // Numeric visits are placed by value: week 4 is a third of the way from week 0 to week 12.
        let polylines = svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }
        #expect(polylines.count == 2)
        let xs = polylines[0].split(separator: "\"")[1].split(separator: " ").map { Double($0.split(separator: ",")[0])! }
        #expect(abs((xs[1] - xs[0]) / (xs[2] - xs[0]) - 1.0 / 3) < 0.01, "\(xs)")
    }

    @Test func labelledVisitsArePlacedAtTheirTimesWhenTheyHaveThem() throws {
        let labelled = Self.points.map { arm, point in
            (arm, TrajectoryFigure.Point(visit: ["0": "Baseline", "4": "Week 4", "12": "Week 12"][point.visit]!, mean: point.mean, lower: point.lower, upper: point.upper))
        }
        var figure = try #require(Self.figure(labelled))
        func ratio(_ svg: String) -> Double {
            let xs = svg.split(separator: "\n").first { $0.hasPrefix("<polyline") }!.split(separator: "\"")[1].split(separator: " ").map { Double($0.split(separator: ",")[0])! }
            return (xs[1] - xs[0]) / (xs[2] - xs[0])
        }
        #expect(abs(ratio(figure.svg()) - 0.5) < 0.01, "without times, evenly spaced")
        figure.visitTimes = ["Baseline": 0, "Week 4": 28, "Week 12": 84]
        #expect(abs(ratio(figure.svg()) - 1.0 / 3) < 0.01, "with times, week 4 a third of the way to week 12")
    }

    @Test func meansThatDoNotExistAreNotDrawnAndAMissingIntervalShrinksToTheMean() throws {
        #expect(Self.figure([("a", .init(visit: "0", mean: .nan, lower: 1, upper: 2))]) == nil)
        let figure = try #require(Self.figure([("a", .init(visit: "0", mean: .nan, lower: 1, upper: 2)), ("a", .init(visit: "4", mean: 3, lower: .nan, upper: .nan))]))
        #expect(figure.visits == ["4"] && figure.series[0].points == [.init(visit: "4", mean: 3, lower: 3, upper: 3)])
    }

    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(SVGCanvas.ticks(2.41, 7.72) == [2, 4, 6, 8])
        #expect(SVGCanvas.ticks(-4.4, -0.5) == [-5, -4, -3, -2, -1, 0])
    }
}
