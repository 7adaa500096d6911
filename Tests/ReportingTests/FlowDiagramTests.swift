import Testing
import StatsCore
@testable import Reporting

struct FlowDiagramTests {
    @Test func everyBoxIsDrawnWithItsWordsAndNumbers() {
        let diagram = FlowDiagram(title: "Flow of participants", top: ["In the data: 60 rows read", "12 subjects with rows used"],
                                  excluded: ["Rows excluded: 2", "2 out-of-range"], randomised: ["Randomised: 12 subjects", "in 2 arms"],
                                  columns: [.init(boxes: [["Allocated to a", "6 subjects"], ["week 4: seen 5", "not seen 1: 1 dropped out, 0 missed"]]),
                                            .init(boxes: [["Allocated to b", "6 subjects"], ["week 4: seen 6", "not seen 0: 0 dropped out, 0 missed"]])])
        let svg = diagram.svg()
        for text in ["In the data: 60 rows read", "Rows excluded: 2", "2 out-of-range", "Allocated to a", "week 4: seen 5",
                     "not seen 1: 1 dropped out, 0 missed", "Allocated to b"] {
            #expect(svg.contains(">\(text)<"), "\(text)")
        }
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == 7, "the data, excluded and randomised boxes and two per arm")
        #expect(svg == diagram.svg())
    }

    @Test func aLabelledTitleIsFittedAgainToItsRoom() {
        var canvas = SVGCanvas(width: 300, height: 100)
        canvas.title(12, 24, "vas by arm", room: 276)
        let svg = canvas.render(title: "t")
        #expect(svg.contains("font-size=\"15\""))
        let labelled = SVGCanvas.labelled(svg, DisplayNames(["vas": "Pain on a visual analogue scale from 0 to 10 (VAS)"]))
        #expect(labelled.contains(">Pain on a visual analogue scale from 0 to 10 (VAS) by arm<"))
        #expect(!labelled.contains("font-size=\"15\" text-anchor=\"start\" font-weight=\"bold\""), "a longer title gets a smaller font: \(labelled)")
        #expect(SVGCanvas.titleSize(String(repeating: "x", count: 200), room: 276) == 10, "never below 10 points")
    }
}
