import Testing
import Instruments

/// Item patterns that once crashed or ran away (issue 22; the inputs are in
/// Tests/Fuzz/Regressions/items).
struct ItemPatternTests {
    /// `high - low` overflowed (Swift's trap, exit 132 from `trialstats score`).
    @Test func aRangeSpanningAllIntegersIsRefusedNotATrap() {
        #expect(throws: InstrumentError.self) { try ItemPattern.expand("x_{-9223372036854775808..9223372036854775807}") }
        #expect(throws: InstrumentError.self) { try ItemPattern.expand("x_{-1..9223372036854775807}") }
    }

    /// 200 ranges of 9,999 gave 2 million names from 3 KB of text; the total is now bounded.
    @Test func theNamesInAllAreBounded() throws {
        let many = (0..<200).map { "x\($0)_{1..9999}" }.joined(separator: ",")
        do {
            _ = try ItemPattern.expand(many)
            Issue.record("2 million names were expanded")
        } catch {
            #expect("\(error)".contains("at most 10000 item columns in all"), "\(error)")
        }
        #expect(try ItemPattern.expand("x_{1..9999},y").count == 10_000)
        #expect(throws: InstrumentError.self) { try ItemPattern.expand("x_{1..9999},y,z") }
    }

    /// Found by fuzzing: U+0602, a prepended mark, joined the comma after it into one character,
    /// so "؂,{ss" was a single name holding a comma.
    @Test func separatorsAreFoundBesideCombiningAndPrependedMarks() throws {
        #expect(try ItemPattern.expand("\u{602},{ss") == ["\u{602}", "{ss"])
        #expect(try ItemPattern.expand("a\u{301},b_{1..2}") == ["a\u{301}", "b_1", "b_2"])
    }
}
