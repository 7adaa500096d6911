import Foundation
import Testing
import StatsCore
@testable import Reporting

struct TableRenderingTests {
    static let table = ResultTable(
        title: "Comparison", columns: [.init("measure", style: .text), .init("estimate"), .init("95% CI"), .init("p", style: .pValue)],
        rows: [[.text("mean difference"), .number(-1.234567), .interval(-2.5, 0.0312), .number(0.00042)],
               [.text("=danger|<b>"), .number(0.5), .missing, .number(0.0138)]],
        notes: ["Differences are dextrose minus saline."])

    @Test func peopleSeeSensibleDigitsAndJournalPValues() throws {
        let markdown = try TableRendering.render([Self.table], as: .md)
        #expect(markdown.contains("| mean difference | -1.23 | -2.50 to 0.03 | < 0.001 |"))
        #expect(markdown.contains("| =danger\\|<b> | 0.50 |  | 0.0138 |"))
        #expect(NumberFormatting.pValue(0.33) == "0.33" && NumberFormatting.pValue(0.000999) == "< 0.001")
        #expect(NumberFormatting.fixed(-0.001, decimals: 2) == "0.00", "no negative zero")
    }

    @Test func csvAndJSONKeepFullPrecisionAndCSVIsSafeInSpreadsheets() throws {
        let csv = try TableRendering.render([Self.table], as: .csv)
        #expect(csv.hasPrefix("measure,estimate,95% CI lower,95% CI upper,p\n"))
        #expect(csv.contains("mean difference,-1.234567,-2.5,0.031199999999999999,0.00042000000000000002"))
        #expect(csv.contains("'=danger|<b>"), "a cell starting with = is not a formula")
        let json = try TableRendering.render([Self.table], as: .json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let rows = (object?["tables"] as? [[String: Any]])?.first?["rows"] as? [[Any]]
        #expect((rows?.first?[1] as? Double) == -1.234567)
    }

    /// JSON has no NaN or infinity: a number that does not exist is null, as a missing cell is;
    /// it was the string "NA" or "Inf".
    @Test func jsonWritesNumbersThatDoNotExistAsNull() throws {
        let table = ResultTable(title: "t", columns: [.init("a"), .init("b")],
                                rows: [[.number(.nan), .interval(-.infinity, 2)], [.number(.infinity), .missing]])
        let json = try TableRendering.render([table], as: .json)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let rows = try #require((object?["tables"] as? [[String: Any]])?.first?["rows"] as? [[Any]])
        #expect(rows[0][0] is NSNull && rows[1][0] is NSNull && rows[1][1] is NSNull)
        let interval = try #require(rows[0][1] as? [Any])
        #expect(interval[0] is NSNull && interval[1] as? Double == 2)
        #expect(!json.contains("\"NA\"") && !json.contains("Inf"))
    }

    @Test func htmlAndLatexEscapeWhatTheDataSay() throws {
        let html = try TableRendering.render([Self.table], as: .html)
        #expect(html.contains("=danger|&lt;b&gt;") && !html.contains("<b>"))
        let tex = try TableRendering.render([Self.table], as: .tex)
        #expect(tex.contains("\\toprule") && tex.contains("$<$ 0.001"))
    }

    @Test func theSameTablesGiveTheSameBytes() throws {
        for format in TableFormat.allCases {
            #expect(try TableRendering.file([Self.table], as: format) == TableRendering.file([Self.table], as: format))
        }
    }
}
