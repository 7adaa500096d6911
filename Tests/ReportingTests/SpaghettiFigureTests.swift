import Testing
@testable import Reporting

struct SpaghettiFigureTests {
    static let figure = SpaghettiFigure(outcome: "vas", visits: ["0", "4", "12"], arms: ["saline", "dextrose <5%>"], subjects: [
        .init(id: "s1", arm: "saline", values: [7, 6, 5]),
        .init(id: "s2", arm: "saline", values: [8, .nan, 4]),
        .init(id: "d1", arm: "dextrose <5%>", values: [6, 3, .nan]),
        .init(id: "d3", arm: "dextrose <5%>", values: [.nan, 5, .nan]),
        .init(id: "d2", arm: "dextrose <5%>", values: [7, 4, 2]),
    ])

    @Test func theArmMeanUsesTheObservedValuesAtEachVisit() {
        #expect(Self.figure.means(of: "saline").map { $0.isNaN ? -1 : $0 } == [7.5, 6, 4.5])
        #expect(Self.figure.means(of: "dextrose <5%>") == [6.5, 4, 2])
    }

    @Test func aSubjectsObservedValuesAreJoinedAndTextIsEscaped() {
        let svg = Self.figure.svg()
        #expect(svg == Self.figure.svg())
        #expect(svg.contains("dextrose &lt;5%&gt; (n = 3)") && !svg.contains("<5%>"))
        // s1, s2 (across its missed visit), d1 and d2 are one line each; d3, seen once, is a dot; two arm means, each drawn twice (outline, colour).
        let subjectLines = svg.split(separator: "\n").filter { $0.contains("stroke-opacity") }
        #expect(subjectLines.count == 4)
        #expect(subjectLines[1].split(separator: "\"")[1].split(separator: " ").count == 2, "s2's line has two points")
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<circle") && $0.contains("r=\"1.5\"") }.count == 1)
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") && $0.contains("stroke-width=\"3.5\"") }.count == 2)
    }
}

struct WaterfallFigureTests {
    @Test func barsRunFromTheLargestRiseToTheLargestFallWithTiesInArmThenSubjectOrder() {
        let figure = WaterfallFigure(title: "t", valueLabel: "% change", arms: ["saline", "dextrose"], bars: [
            .init(subject: "b", arm: "dextrose", value: -40), .init(subject: "a", arm: "dextrose", value: -40),
            .init(subject: "c", arm: "saline", value: -40), .init(subject: "d", arm: "saline", value: 10),
            .init(subject: "e", arm: "dextrose", value: -75),
        ], references: [-30, -50], footnote: "1 patient not drawn")
        #expect(figure.sortedBars.map(\.subject) == ["d", "c", "a", "b", "e"])
        let svg = figure.svg()
        #expect(svg == figure.svg())
        #expect(svg.contains(">-30%</text>") && svg.contains(">-50%</text>") && svg.contains("1 patient not drawn"))
        // Five bars plus two legend boxes; dextrose bars take the second colour.
        let rectangles = svg.split(separator: "\n").filter { $0.hasPrefix("<rect x=") }
        #expect(rectangles.count == 7)
        #expect(rectangles.filter { $0.contains("#D55E00") }.count == 4)
    }
}

struct MissingnessFigureTests {
    @Test func percentagesAreOfTheArmsSubjects() {
        let figure = MissingnessFigure(outcome: "vas", visits: ["0", "2", "12"], arms: ["saline", "dextrose"], subjects: [4, 5],
                                       observed: [[4, 3, 2], [5, 5, 4]])
        #expect(figure.percent(arm: 0, visit: 2) == 50 && figure.percent(arm: 1, visit: 2) == 80)
        let svg = figure.svg()
        #expect(svg.contains("saline (n = 4)") && svg.contains("dextrose (n = 5)"))
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }.count == 2)
        #expect(svg == figure.svg())
    }
}
