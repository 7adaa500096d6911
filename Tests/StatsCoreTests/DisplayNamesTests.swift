import Testing
@testable import StatsCore

struct DisplayNamesTests {
    static let names = DisplayNames(["vas": "Pain (VAS 0-10)", "vas.bl": "Baseline pain"])

    @Test func aNameIsReplacedWhereItStandsAsAWordOfItsOwn() {
        #expect(Self.names.inText("vas at visit 12") == "Pain (VAS 0-10) at visit 12")
        #expect(Self.names.inText("change in vas.") == "change in Pain (VAS 0-10).", "a full stop ends the name")
        #expect(Self.names.inText("vas_bl and vas.bl and vasx") == "vas_bl and Baseline pain and vasx", "not inside a longer name")
        #expect(DisplayNames().inText("vas") == "vas")
    }

    @Test func aTableIsLabelledInItsTitleHeadersTextCellsAndNotesButNotItsNumbers() {
        let table = ResultTable(title: "vas by arm", columns: [.init("vas", style: .text), .init("mean")],
                                rows: [[.text("vas"), .number(1.5)]], notes: ["Means of vas."])
        let labelled = table.labelled(Self.names)
        #expect(labelled.title == "Pain (VAS 0-10) by arm" && labelled.columns[0].name == "Pain (VAS 0-10)")
        #expect(labelled.rows == [[.text("Pain (VAS 0-10)"), .number(1.5)]] && labelled.notes == ["Means of Pain (VAS 0-10)."])
    }
}
