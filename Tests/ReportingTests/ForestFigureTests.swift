import Testing
import StatsCore
@testable import Reporting

struct ForestFigureTests {
    @Test func contrastsWithIntervalsAreDrawnAroundZero() throws {
        let table = ResultTable(
            title: "Contrasts",
            columns: [.init("contrast", style: .text), .init("week", style: .text), .init("estimate"), .init("SE"), .init("95% CI")],
            rows: [[.text("dextrose - saline"), .text("12"), .number(-2.02), .number(0.37), .interval(-2.75, -1.3)],
                   [.text("triamcinolone - saline"), .text("12"), .number(-0.64), .number(0.36), .interval(-1.35, 0.07)],
                   [.text("dextrose - saline"), .text("24"), .number(.nan), .number(0.4), .missing]])
        let figure = try #require(ForestFigure(table: table))
        // The row without a finite estimate and interval is left out, not drawn at 0.
        #expect(figure.rows.map(\.label) == ["dextrose - saline, 12", "triamcinolone - saline, 12"])
        let svg = figure.svg()
        #expect(svg == figure.svg())
        #expect(svg.contains("stroke-dasharray") && svg.contains("estimate and 95% CI"))
        // The axis reaches 0 even though every estimate is below it.
        #expect(SVGCanvas.ticks(-2.75, 0).last == 0)
    }

    @Test func tablesThatAreNotContrastsAreNotDrawn() {
        let means = ResultTable(title: "Estimated marginal means", columns: [.init("arm", style: .text), .init("estimate"), .init("95% CI")],
                                rows: [[.text("a"), .number(5), .interval(4, 6)], [.text("b"), .number(3), .interval(2, 4)]])
        #expect(ForestFigure(table: means) == nil)
        let one = ResultTable(title: "Contrasts", columns: [.init("contrast", style: .text), .init("estimate"), .init("95% CI")],
                              rows: [[.text("a - b"), .number(2), .interval(1, 3)]])
        #expect(ForestFigure(table: one) == nil)
    }
}
