import Testing
@testable import TrialData

struct CSVWriterTests {
    /// Text that a spreadsheet would run as a formula is made inert; numbers, negative ones
    /// included, stay numbers; quoting follows RFC 4180.
    @Test func formulaLikeTextIsEscapedAndNumbersAreNot() {
        let table = Table(source: "t.csv", columns: [
            Column(name: "subject", values: .categorical(Factor(levels: ["=HYPERLINK(\"x\")", "@sum", "+1 ok", "-", "P01", "-3"],
                                                                codes: [0, 1, 2, 3, 4, 5]))),
            Column(name: "change", values: .numeric([-2.5, 1, -0.5, 3, 0, 2])),
        ], lineNumbers: [2, 3, 4, 5, 6, 7])
        let lines = CSVWriter.text(table).split(separator: "\n").map(String.init)
        #expect(lines == ["subject,change", "\"'=HYPERLINK(\"\"x\"\")\",-2.5", "'@sum,1", "'+1 ok,-0.5", "'-,3", "P01,0", "-3,2"])
    }
}
