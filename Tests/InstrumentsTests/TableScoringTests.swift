import Foundation
import Testing
import TrialData
@testable import Instruments

struct TableScoringTests {
    static func table(_ text: String) throws -> Table {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("score-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: false, encoding: .utf8)
        return try CSVReader.read(path: url.path, displayName: "items.csv")
    }

    @Test func invalidCodesAreMissingNeverClampedAndEachIsReported() throws {
        let table = try Self.table("id,q1,q2,q3,q4\nA,2,3,4,5\nB,2,3,4,9\nC,2,x,4,5\n")
        let work = try InstrumentCatalogue.instrument(named: "dash-work")
        let result = try TableScoring.score(table, instrument: work, itemColumns: ["q1", "q2", "q3", "q4"], baseName: "work")
        guard case let .numeric(scores) = result.columns[0].values else { Issue.record("not numeric"); return }
        #expect(scores[0] == 62.5 && scores[1].isNaN && scores[2].isNaN, "9 is not clamped to 5; x is not a number")
        #expect(result.itemIssues.map(\.description) == [
            "items.csv:3: column q4: \"9\" is not a valid code (1–5, whole numbers); treated as missing",
            "items.csv:4: column q2: \"x\" is not a valid code (1–5, whole numbers); treated as missing",
        ])
        #expect(result.summaries[0].scored == 1 && result.summaries[0].notScored == 2 && result.summaries[0].missingItems == 2)
        #expect(result.summaries[0].reasons == ["too many items missing": 2])
        #expect(result.notScoredReasons[0][1] == "only 3 of 4 items answered; every item is needed")
    }

    @Test func pgicAnswerWordsScoreWhateverTheNumbering() throws {
        let table = try Self.table("id,pgic\nA,Much improved\nB,very much worse\nC,better\n")
        let pgic = try InstrumentCatalogue.instrument(named: "pgic", options: ScoringOptions(pgicCoding: .labels))
        let result = try TableScoring.score(table, instrument: pgic, itemColumns: ["pgic"], baseName: "pgic")
        guard case let .numeric(scores) = result.columns[0].values else { Issue.record("not numeric"); return }
        #expect(scores[0] == 2 && scores[1] == 7 && scores[2].isNaN)
        #expect(result.itemIssues.first?.value == "better")
    }

    @Test func theItemColumnsMustMatchTheInstrument() throws {
        let table = try Self.table("q1,q2\n1,2\n")
        let dash = try InstrumentCatalogue.instrument(named: "dash")
        #expect(throws: InstrumentError.wrongItemCount(instrument: "dash", expected: 30, got: 2)) {
            try TableScoring.score(table, instrument: dash, itemColumns: ["q1", "q2"], baseName: "dash")
        }
        let work = try InstrumentCatalogue.instrument(named: "dash-work")
        #expect(throws: InstrumentError.unknownItemColumn("q9", available: ["q1", "q2"])) {
            try TableScoring.score(table, instrument: work, itemColumns: ["q1", "q2", "q9", "q8"], baseName: "w")
        }
        #expect(throws: InstrumentError.invalidOption(name: "--items", value: "q1", expected: "each item column once")) {
            try TableScoring.score(table, instrument: work, itemColumns: ["q1", "q2", "q1", "q2"], baseName: "w")
        }
    }

    @Test func itemPatternsExpandAsWritten() throws {
        #expect(try ItemPattern.expand("dash_{1..3}") == ["dash_1", "dash_2", "dash_3"])
        #expect(try ItemPattern.expand("koos_{01..03}") == ["koos_01", "koos_02", "koos_03"])
        #expect(try ItemPattern.expand("a,b, c") == ["a", "b", "c"])
        #expect(try ItemPattern.expand("s{1..2}_x,q") == ["s1_x", "s2_x", "q"])
        #expect(throws: InstrumentError.self) { try ItemPattern.expand("dash_{30..1}") }
        #expect(throws: InstrumentError.self) { try ItemPattern.expand("dash_{1-30}") }
    }

    @Test func improvementIsSignedSoThatBetterIsPositive() throws {
        let table = try Self.table("subject,visit,score\nA,0,60\nA,12,40\nB,0,0\nB,12,10\nC,12,30\n")
        let scores: [Double] = [60, 40, 0, 10, 30]
        let worse = try Improvement.compute(scores, table: table, subjectColumn: "subject", visitColumn: "visit",
                                            baselineVisit: nil, direction: .higherIsWorse)
        #expect(worse.points[1] == 20 && abs(worse.percent[1] - 100.0 / 3) < 1e-12)
        #expect(worse.points[3] == -10 && worse.percent[3].isNaN, "percent improvement is missing, not infinite, at baseline 0")
        #expect(worse.points[4].isNaN && worse.problems == ["subject C has no row at the baseline visit 0"])
        let better = try Improvement.compute(scores, table: table, subjectColumn: "subject", visitColumn: "visit",
                                             baselineVisit: "0", direction: .higherIsBetter)
        #expect(better.points[1] == -20)
    }

    /// Labelled visits: the baseline is the first visit the subjects' rows give (S1), not the
    /// first label as text (FU).
    @Test func theDefaultBaselineOfLabelledVisitsIsTheFirstInRowOrder() throws {
        let table = try Self.table("subject,visit,score\nA,S1,6\nA,S2,4\nA,FU,3\n")
        let change = try Improvement.compute([6, 4, 3], table: table, subjectColumn: "subject", visitColumn: "visit",
                                             baselineVisit: nil, direction: .higherIsWorse)
        #expect(change.atBaseline == [true, false, false] && change.points == [0, 2, 3])
    }
}
