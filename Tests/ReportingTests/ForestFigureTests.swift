import Testing
import StatsCore
@testable import Reporting

struct ForestFigureTests {
    @Test func contrastsWithIntervalsAreDrawnAroundZero() throws {
        let figure = try #require(ForestFigure(title: "Contrasts", rows: [
            .init(label: "dextrose - saline, 12", estimate: -2.02, lower: -2.75, upper: -1.3),
            .init(label: "triamcinolone - saline, 12", estimate: -0.64, lower: -1.35, upper: 0.07),
            .init(label: "dextrose - saline, 24", estimate: .nan, lower: .nan, upper: .nan),
        ], intervalName: "95% CI"))
        // The row without a finite estimate and interval is left out, not drawn at 0.
        #expect(figure.rows.map(\.label) == ["dextrose - saline, 12", "triamcinolone - saline, 12"])
        let svg = figure.svg()
        #expect(svg == figure.svg())
        #expect(svg.contains("stroke-dasharray") && svg.contains("estimate and 95% CI"))
        // The axis reaches 0 even though every estimate is below it.
        #expect(SVGCanvas.ticks(-2.75, 0).last == 0)
    }

    @Test func eachSideOfNoDifferenceSaysWhichArmItFavoursAndEachLineHasItsNumbers() throws {
        let figure = try #require(ForestFigure(title: "Contrasts", rows: [
            .init(label: "dextrose - saline, 12", estimate: -2.02, lower: -2.75, upper: -1.3),
            .init(label: "dextrose - saline, 24", estimate: -1.91, lower: -2.68, upper: -1.13),
        ], intervalName: "95% CI", favours: ("favours dextrose", "favours saline")))
        let svg = figure.svg()
        #expect(svg.contains("← favours dextrose") && svg.contains("favours saline →"))
        #expect(svg.contains(">-2.02 (-2.75 to -1.30)<") && svg.contains(">-1.91 (-2.68 to -1.13)<"), "the numbers beside their lines")
    }

    @Test func fewerThanTwoDrawableContrastsAreNotDrawn() {
        let one = ForestFigure(title: "Contrasts", rows: [.init(label: "a - b", estimate: 2, lower: 1, upper: 3),
                                                         .init(label: "c - b", estimate: 2, lower: .nan, upper: 3)], intervalName: "95% CI")
        #expect(one == nil)
    }
}
