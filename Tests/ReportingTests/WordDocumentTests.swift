import Foundation
import Testing
import StatsCore
import ZIPFoundation
@testable import Reporting

struct WordDocumentTests {
    static func part(_ name: String, of data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[name], "\(name) is in the package")
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let wide = ResultTable(title: "Wide", columns: (1...14).map { .init("estimate \($0)") },
                                  rows: [(1...14).map { .interval(Double($0), Double($0) + 0.5) }])

    @Test func aReportIsAWordPackageWithTablesFiguresAndPageNumbers() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"450\"><rect width=\"10\" height=\"10\"/></svg>\n"
        let report = ReportDocument(title: "Trial <A> & B", facts: ["Data: trial.csv"],
                                    blocks: [.heading("Results"), .paragraph("Pain fell."), .table(TableRenderingTests.table),
                                             .figure(svg: svg, caption: "Means by visit"), .table(Self.wide)],
                                    tableFootnotes: ["rows: 10 read, 9 used, 1 excluded (1 missing arm)"])
        let data = try WordDocument(report).data()
        let types = try Self.part("[Content_Types].xml", of: data)
        #expect(types.contains("wordprocessingml.document.main+xml") && types.contains("image/svg+xml"))
        let document = try Self.part("word/document.xml", of: data)
        #expect(document.contains("Trial &lt;A&gt; &amp; B"), "text is escaped")
        #expect(document.contains("=danger|&lt;b&gt;"))
        #expect(document.contains("Table 1. Comparison") && document.contains("Table 2. Wide") && document.contains("Figure 1. Means by visit"))
        #expect(document.components(separatedBy: "rows: 10 read, 9 used, 1 excluded").count - 1 == 2, "the ledger line under each table")
        #expect(document.contains("w:orient=\"landscape\""), "a table wider than a portrait page gets a landscape page")
        #expect(document.contains("<w:tblHeader/>") && document.contains("<w:cantSplit/>") && document.contains("<w:noWrap/>"))
        // The figure: 900 px is wider than the 6.27-inch text width, so it is narrowed to it.
        #expect(document.contains("<wp:extent cx=\"\(TableLayout.portraitTextWidth * 635)\" cy=\"\(TableLayout.portraitTextWidth * 635 / 2)\"/>"))
        #expect(try Self.part("word/media/figure1.svg", of: data) == svg)
        #expect(try Self.part("word/footer1.xml", of: data).contains("NUMPAGES"))
        #expect(try WordDocument(report).data() == data, "the same report gives the same bytes")
        #expect(!(try Self.part("word/settings.xml", of: data)).contains("updateFields"), "Word would ask to update fields on every open")
    }

    @Test func aTableWithoutColumnsOrWithAShortRowStillMakesAValidDocument() throws {
        let empty = ResultTable(title: "Nothing to show", columns: [], notes: ["No values."])
        let short = ResultTable(title: "Short", columns: [.init("a", style: .text), .init("b")], rows: [[.text("x")]])
        let data = try WordDocument(ReportDocument(tables: [empty, short])).data()
        let document = try Self.part("word/document.xml", of: data)
        #expect(document.contains("Table 1. Nothing to show") && document.contains("No values."))
        #expect(!document.contains("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr></w:tr>"), "no row without cells")
        #expect(document.components(separatedBy: "<w:tc>").count - 1 == 4, "the short row is padded to two cells")
        let rtf = RichTextDocument(ReportDocument(tables: [empty, short])).text()
        #expect(rtf.components(separatedBy: "\\cell\n").count - 1 == 4)
        #expect(throws: TableRendering.Failure.self) { try TableRendering.render([short], as: .docx) }
    }

    @Test func aLongRTFTableIsCarriedOnUnderContinuedWithItsHeaderRepeated() {
        let long = ResultTable(title: "Long", columns: [.init("subject", style: .text), .init("value")],
                               rows: (1...100).map { [.text("S\($0)"), .number(Double($0))] }, notes: ["A note."])
        let rtf = RichTextDocument(ReportDocument(tables: [long])).text()
        let pages = rtf.components(separatedBy: "(continued)").count
        #expect(pages >= 3, "100 rows take more than two portrait pages")
        #expect(rtf.components(separatedBy: "\\trhdr").count - 1 == pages, "the header row on every page")
        #expect(OfficeText.rtf("Δ −") == "\\u916? \\u8722?")
        #expect(OfficeText.rtf("a{b}\\c") == "a\\{b\\}\\\\c")
    }
}
