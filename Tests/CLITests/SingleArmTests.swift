import Foundation
import Testing

/// A clinic's single-arm series (Datasets/clinic-series): one group, declared, never assumed.
struct SingleArmTests {
    static let data = DataCommandTests.root.appendingPathComponent("Datasets/clinic-series/clinic-series.csv").path
    static let roles = ["--subject", "patient", "--visit", "visit", "--outcome", "vas"]

    @Test func withoutAnArmColumnTheMessageOffersArmNone() throws {
        let file = RunCommandTests.temporaryFolder() + ".csv"
        try "patient,visit,vas\nA,S1,6\nA,S2,4\nB,S1,7\nB,S2,5\n".write(toFile: file, atomically: false, encoding: .utf8)
        let refused = try CommandRunner.run(["descriptives", file, "--subject", "patient", "--visit", "visit", "--outcome", "vas"])
        #expect(refused.status == 65 && refused.standardError.contains("--arm none for a single-arm series"), "\(refused.standardError)")
        let single = try CommandRunner.run(["descriptives", file, "--subject", "patient", "--visit", "visit", "--outcome", "vas", "--arm", "none",
                                            "--format", "json"])
        #expect(single.status == 0, "\(single.standardError)")
        let outcomes = (try JSONSerialization.jsonObject(with: Data(single.standardOutput.utf8)) as? [String: Any])?["outcomes"] as? [[String: Any]]
        let cell = (outcomes?.first?["cells"] as? [[String: Any]])?.first { $0["visit"] as? String == "S2" }
        #expect(cell?["arm"] as? String == "all subjects" && cell?["n"] as? Int == 2 && cell?["missing"] as? Int == 0 && cell?["mean"] as? Double == 4.5)
        try? FileManager.default.removeItem(atPath: file)
    }

    @Test func respondersWithoutArmsToCompareGiveEachArmsShareWithWilsonIntervals() throws {
        let outcome = try CommandRunner.run(["responders", Self.data] + Self.roles + ["--at", "visit=FU", "--percent", "30", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let document = try #require((whole["thresholds"] as? [[String: Any]])?.first)
        let arms = try #require(document["arms"] as? [[String: Any]])
        // Source: Datasets/clinic-series/clinic-series.csv: 72 patients, 54 with a VAS at S1 and FU, 33 of them ≥ 30% lower at FU.
        #expect(arms.count == 1 && arms[0]["arm"] as? String == "5% dextrose" && arms[0]["responders"] as? Int == 33)
        #expect(arms[0]["classified"] as? Int == 54 && arms[0]["notClassifiable"] as? Int == 18)
        #expect((document["estimates"] as? [Any])?.isEmpty == true, "one arm: nothing to compare")
        // Source: R 4.x, prop.test(33, 54, correct = FALSE)$conf.int (the Wilson interval) = 0.47788299, 0.72958066.
        let lower = try #require(arms[0]["lower"] as? Double), upper = try #require(arms[0]["upper"] as? Double)
        #expect(abs(lower / 0.47788299 - 1) < 1e-6 && abs(upper / 0.72958066 - 1) < 1e-6, "\(arms[0])")
        let half = try CommandRunner.run(["responders", Self.data] + Self.roles + ["--at", "visit=FU", "--percent", "30", "--treatment", "5% dextrose"])
        #expect(half.status != 0 && half.standardError.contains("give both --treatment and --control"))
    }

    @Test func tableOneOfOneArmHasNoOverallColumnAndNoTrialNote() throws {
        let outcome = try CommandRunner.run(["table1", Self.data] + Self.roles + ["--covariate", "age"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("| characteristic |  | 5% dextrose |\n") && !outcome.standardOutput.contains("overall"))
        #expect(!outcome.standardOutput.contains("CONSORT"))
    }
}
