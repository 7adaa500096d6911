import Testing
@testable import MetaAnalysis

/// A printed number keeps its text and states its value as a number, with the bound it states.
struct PrintedNumberTests {
    @Test func aBoundAValueAndAWordAreToldApart() {
        #expect(PrintedNumber(printed: "<0.001") == PrintedNumber(printed: "<0.001") && PrintedNumber(printed: "<0.001").relation == "<")
        #expect(PrintedNumber(printed: "< 0.001").value == 0.001 && PrintedNumber(printed: "≤0.05").relation == "≤")
        #expect(PrintedNumber(printed: "0.015").value == 0.015 && PrintedNumber(printed: "0.015").relation == nil)
        #expect(PrintedNumber(printed: "−1.65").value == -1.65)
        let word = PrintedNumber(printed: "NS")
        #expect(word.value == nil && word.relation == nil && word.printed == "NS")
    }
}
