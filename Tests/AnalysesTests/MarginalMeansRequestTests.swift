import Testing
import Analyses

/// The command line's `--emmeans` spelling (issue 22; the input is in Tests/Fuzz/Regressions/emmeans).
struct MarginalMeansRequestTests {
    /// Found by fuzzing: a prepended mark (U+0605) joined the `+` after it into one character, so
    /// the factor name "؅+ r" held a `+`.
    @Test func separatorsAreFoundBesideCombiningAndPrependedMarks() throws {
        let request = try MarginalMeansRequest.parsing(emmeans: "arm\u{605}+ sex | visit", contrasts: nil, adjust: "none")
        #expect(request?.factors == ["arm\u{605}", "sex"] && request?.by == ["visit"])
        let marked = try MarginalMeansRequest.parsing(emmeans: "arm\u{605}| visit", contrasts: "pairwise", adjust: "holm")
        #expect(marked?.factors == ["arm\u{605}"] && marked?.by == ["visit"])
    }
}
