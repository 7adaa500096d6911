import Testing
@testable import Reporting

struct CumulativeDistributionFigureTests {
    @Test func eachArmIsAStepLineNamedWithItsPatientsAndItsShareAtEachThreshold() {
        let figure = CumulativeDistributionFigure(
            title: "Cumulative distribution of % change in vas", valueLabel: "% change in vas from week 0 to week 12",
            series: [.init(arm: "dextrose", values: [-80, -60, -50, -10]), .init(arm: "saline", values: [-40, -20, 0, 10, 30])],
            marks: [-30, -50], markUnit: "%", footnote: "Every patient is drawn.")
        let svg = figure.svg()
        #expect(svg == figure.svg(), "the same figure gives the same bytes")
        #expect(svg.contains(">dextrose (n = 4)<") && svg.contains(">saline (n = 5)<"))
        // At −30%: 3 of 4 dextrose patients (75.0%), 1 of 5 saline (20.0%); at −50% (at or below): 3 of 4 and 0 of 5.
        #expect(svg.contains(">change ≤ -30%:<") && svg.contains(">dextrose 75.0%<") && svg.contains(">saline 20.0%<"))
        #expect(svg.contains(">change ≤ -50%:<") && svg.contains(">saline 0.0%<"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2, "one step line per arm")
        // A step line has two points per patient, and one at each end.
        let dextrose = svg.components(separatedBy: "<polyline points=\"")[1].components(separatedBy: "\"")[0]
        #expect(dextrose.split(separator: " ").count == 2 * 4 + 2)
        #expect(CumulativeDistributionFigure.share([-80, -60, -50, -10], atOrBelow: -50) == 0.75)
        #expect(CumulativeDistributionFigure.share([], atOrBelow: 0) == nil)
    }
}
