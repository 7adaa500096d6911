import Foundation
import Testing

/// `trialstats score` end to end: scores, invalid items, improvement, responders and refusals.
struct ScoreCommandTests {
    /// QuickDASH items for two subjects at two visits. Row A/4 misses one item (still scored);
    /// row B/0 misses two (not scored); row B/4 has an invalid code 7 (missing, reported).
    static let items = """
        subject,visit,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,q11
        A,0,3,3,3,3,3,3,3,3,3,3,3
        A,4,2,2,2,2,2,2,2,2,2,2,
        B,0,5,5,5,5,5,5,5,5,5,,
        B,4,1,1,1,1,1,1,1,1,1,1,7

        """

    @Test func scoresImprovementAndRespondersAreAddedToTheTable() throws {
        let path = try DataCommandTests.temporaryFile(Self.items)
        let outcome = try CommandRunner.run(["score", path, "--instrument", "quickdash", "--items", "q{1..11}",
                                             "--improvement", "--mcid", "quickdash=franchignoni-2014", "--percent", "30"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Source: hand-worked QuickDASH, ((mean) − 1) × 25: all 3s → 50; ten 2s → 25; ten 1s → 0.
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("q11,quickdash,quickdash_improvement,quickdash_percent_improvement,"
                                   + "quickdash_responder_franchignoni-2014,quickdash_responder_30pct"))
        #expect(lines[1] == "A,0,3,3,3,3,3,3,3,3,3,3,3,50,0,0,NA,NA", "no responder flag at the baseline visit")
        #expect(lines[2] == "A,4,2,2,2,2,2,2,2,2,2,2,NA,25,25,50,1,1", "25 points ≥ 15.91 and 50% ≥ 30%")
        #expect(lines[3] == "B,0,5,5,5,5,5,5,5,5,5,NA,NA,NA,NA,NA,NA,NA")
        #expect(lines[4] == "B,4,1,1,1,1,1,1,1,1,1,1,7,0,NA,NA,NA,NA")
        let report = outcome.standardError
        #expect(report.contains("quickdash: 3 scored, 1 not scored, 4 missing items; rule: at most 1 missing"))
        #expect(report.contains("\(path):5: column q11: \"7\" is not a valid code (1–5, whole numbers); treated as missing"))
        #expect(report.contains("responder: ≥ 15.91 points improvement (Franchignoni et al., JOSPT 2014;44:30-39)"))
        #expect(report.contains("rows: 4 read, 4 used, 0 excluded"))
    }

    @Test func scoresOnlyAsJSONCarryTheReport() throws {
        let path = try DataCommandTests.temporaryFile(Self.items)
        let outcome = try CommandRunner.run(["score", path, "--instrument", "quickdash", "--items", "q{1..11}",
                                             "--scores-only", "--format", "json"])
        #expect(outcome.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(object?["columns"] as? [String] == ["line", "quickdash"])
        let rows = try #require(object?["rows"] as? [[Any]])
        #expect(rows.count == 4 && object?["schema"] as? String == "trialstats/score/1")
        // Numbers are numbers (the line, the score), never strings; a row without a score has null.
        #expect(rows.allSatisfy { $0[0] is Double || $0[0] is Int } && rows.contains { $0[1] is NSNull } && rows.contains { $0[1] is Double })
        #expect((object?["itemIssues"] as? [Any])?.count == 1)
    }

    @Test func betweenGroupDifferencesAndUnnamedScalesAreRefused() throws {
        let hit6 = try DataCommandTests.temporaryFile("subject,visit,h1,h2,h3,h4,h5,h6\nA,0,13,13,13,13,13,13\nA,4,6,6,6,6,6,6\n")
        let between = try CommandRunner.run(["score", hit6, "--instrument", "hit6", "--items", "h{1..6}", "--improvement",
                                             "--mcid", "coeytaux-2006"])
        #expect(between.status == 64)
        #expect(between.standardError.contains("is a between-group minimal important difference"))
        let within = try CommandRunner.run(["score", hit6, "--instrument", "hit6", "--items", "h{1..6}", "--improvement",
                                            "--mcid", "castien-2012"])
        #expect(within.status == 0)
        #expect(within.standardOutput.hasSuffix("A,4,6,6,6,6,6,6,36,42,53.84615384615385,1\n"))
        let wrongKey = try CommandRunner.run(["score", hit6, "--instrument", "hit6", "--items", "h{1..6}", "--improvement",
                                              "--mcid", "dash=10.83"])
        #expect(wrongKey.status == 64)
        #expect(wrongKey.standardError.contains("name the score, one of hit6"))
    }

    @Test func instrumentsThatNeedAChoiceSaySo() throws {
        let path = try DataCommandTests.temporaryFile("subject,visit,p\nA,4,2\n")
        let pgic = try CommandRunner.run(["score", path, "--instrument", "pgic", "--items", "p"])
        #expect(pgic.status == 64)
        #expect(pgic.standardError.contains("--coding 1-is-improved or 7-is-improved or labels"))
        let vas = try CommandRunner.run(["score", path, "--instrument", "vas", "--items", "p"])
        #expect(vas.status == 64 && vas.standardError.contains("cm or mm"))
        let wrongCount = try CommandRunner.run(["score", path, "--instrument", "dash", "--items", "p"])
        #expect(wrongCount.status == 65 && wrongCount.standardError.contains("dash has 30 items; 1 item columns were given"))
    }

    @Test func publishedPointThresholdsAreConvertedToTheScaleScored() throws {
        let path = try DataCommandTests.temporaryFile("subject,visit,pain\nA,0,6\nA,4,4.4\nB,0,6\nB,4,4.6\n")
        let outcome = try CommandRunner.run(["score", path, "--instrument", "vas", "--unit", "cm", "--items", "pain",
                                             "--improvement", "--mcid", "ostelo-2008"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Source: Ostelo et al. 2008 give 15 points on a 0-100 VAS, which is 1.5 on the 0-10 scale scored here;
        // A improves by 1.6 (a responder), B by 1.4 (not one). Unconverted, 15 would make nobody a responder.
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines[2].hasSuffix(",1"), "\(lines)")
        #expect(lines[4].hasSuffix(",0"), "\(lines)")
        #expect(outcome.standardError.contains("15 on 0-100, 1.5 on the 0-10 scale scored here"))
    }

    @Test func aScoreNeverOverwritesAnExistingColumn() throws {
        let path = try DataCommandTests.temporaryFile("subject,visit,pain,vas\nA,0,6,x\n")
        let outcome = try CommandRunner.run(["score", path, "--instrument", "vas", "--unit", "cm", "--items", "pain"])
        #expect(outcome.status == 65)
        #expect(outcome.standardError.contains("already has a column vas; choose another name with --name"))
        #expect(outcome.standardOutput.isEmpty)
    }
}
