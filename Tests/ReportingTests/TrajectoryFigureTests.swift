import Testing
import StatsCore
@testable import Reporting

struct TrajectoryFigureTests {
    static let table = ResultTable(
        title: "vas <left> by arm and visit",
        columns: [.init("arm", style: .text), .init("visit", style: .text), .init("n", style: .count), .init("mean"), .init("95% CI of mean")],
        rows: [[.text("saline"), .text("0"), .number(20), .number(7.05), .interval(6.5, 7.61)],
               [.text("saline"), .text("4"), .number(19), .number(5.77), .interval(4.86, 6.68)],
               [.text("saline"), .text("12"), .number(19), .number(5.38), .interval(4.57, 6.19)],
               [.text("dextrose & co"), .text("0"), .number(20), .number(7.1), .interval(6.48, 7.72)],
               [.text("dextrose & co"), .text("4"), .number(20), .number(4.44), .interval(3.38, 5.5)],
               [.text("dextrose & co"), .text("12"), .number(17), .number(3.26), .interval(2.41, 4.11)]])

    @Test func aTableByArmAndVisitDrawsOneSeriesPerArmAtTheVisitsValues() throws {
        let figure = try #require(TrajectoryFigure(table: Self.table))
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

    @Test func aTableWithoutMeansByArmAndVisitDrawsNothing() {
        let other = ResultTable(title: "t", columns: [.init("term", style: .text), .init("estimate")], rows: [[.text("a"), .number(1)]])
        #expect(TrajectoryFigure(table: other) == nil)
    }

    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(SVGCanvas.ticks(2.41, 7.72) == [2, 4, 6, 8])
        #expect(SVGCanvas.ticks(-4.4, -0.5) == [-5, -4, -3, -2, -1, 0])
    }
}
