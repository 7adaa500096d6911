import Testing
import StatsCore
@testable import Reporting

struct TableLayoutTests {
    static let comparison = ResultTable(
        title: "Comparison", columns: [.init("measure", style: .text), .init("estimate"), .init("95% CI"), .init("p", style: .pValue), .init("method", style: .text)],
        rows: [[.text("adjusted difference (ANCOVA)"), .number(-2.09), .interval(-2.67, -1.51), .number(1e-9), .text("vas ~ baseline + arm + age; n = 74")],
               [.text("shift (Hodges-Lehmann)"), .number(-2.2), .interval(-2.9, -1.5), .number(1e-5),
                .text("Wilcoxon rank-sum test with continuity correction (normal approximation, ties)")]])

    @Test func aTableWithLongMethodsWrapsItsWordsToStayOnAPortraitPage() {
        let layout = TableLayout(Self.comparison)
        #expect(!layout.landscape, "widths \(layout.widths) fitted \(layout.fittedWidths)")
        #expect(layout.fittedWidths.reduce(0, +) <= TableLayout.portraitTextWidth)
        #expect(layout.fittedWidths[1...3] == layout.widths[1...3], "numbers keep their width")
        #expect(layout.lines(row: 1) >= 2, "the long method wraps")
    }

    @Test func widthsFollowArialsMetrics() {
        // Ten digits of 556/1000 em at 9 points (180 twips an em).
        #expect(TableLayout.width(of: "0123456789") == 1001)
        #expect(TableLayout.width(of: "mmm") > TableLayout.width(of: "iii") * 3)
    }
}
