import Foundation
import Testing

/// A clinic's single-arm series (Datasets/clinic-series): one group, declared, never assumed.
struct SingleArmTests {
    static let data = DataCommandTests.root.appendingPathComponent("Datasets/clinic-series/clinic-series.csv").path
    static let roles = ["--subject", "patient", "--visit", "visit", "--outcome", "vas"]

    @Test func withoutAnArmColumnTheMessageOffersArmNone() throws {
        let file = RunCommandTests.temporaryFolder() + ".csv"
        try "patient,visit,vas\nA,S1,6\nA,S2,4\nB,S1,7\nB,S2,5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["descriptives", file, "--subject", "patient", "--visit", "visit", "--outcome", "vas"])
        #expect(refused.status == 65 && refused.standardError.contains("--arm none for a single-arm series"), "\(refused.standardError)")
        let single = try CommandRunner.run(["descriptives", file, "--subject", "patient", "--visit", "visit", "--outcome", "vas", "--arm", "none",
                                            "--format", "csv"])
        #expect(single.status == 0, "\(single.standardError)")
        #expect(single.standardOutput.contains("\nall subjects,S2,2,0,4.5,"))
        try? FileManager.default.removeItem(atPath: file)
    }

    @Test func respondersWithoutArmsToCompareGiveEachArmsShareWithWilsonIntervals() throws {
        let outcome = try CommandRunner.run(["responders", Self.data] + Self.roles + ["--at", "visit=FU", "--percent", "30", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = outcome.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        // Source: Datasets/clinic-series/clinic-series.csv: 72 patients, 54 with a VAS at S1 and FU, 33 of them ≥ 30% lower at FU.
        #expect(rows.count == 2 && rows[1].prefix(4) == ["5% dextrose", "33", "54", "18"])
        // Source: R 4.x, prop.test(33, 54, correct = FALSE)$conf.int (the Wilson interval) = 0.47788299, 0.72958066.
        let lower = try #require(Double(rows[1][5])), upper = try #require(Double(rows[1][6]))
        #expect(abs(lower / 0.47788299 - 1) < 1e-6 && abs(upper / 0.72958066 - 1) < 1e-6, "\(rows[1])")
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
