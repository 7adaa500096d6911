import Foundation
import Testing

/// The PIT trial as a plain CSV, a REDCap export and ADaM datasets (written from the CSV by
/// Datasets/pit-3arm/make_pit_3arm_formats.py) must give the same numbers, missing counts
/// included: REDCap and ADaM have no row for a missed visit, the CSV a blank one.
struct InputFormatAgreementTests {
    static let folder = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm").path

    @Test func vasByArmAndVisitIsTheSameFromEveryFormat() throws {
        let csv = try CommandRunner.run(["descriptives", Self.folder + "/pit-3arm.csv", "--visit", "week", "--outcome", "vas", "--format", "csv"])
        let redcap = try CommandRunner.run(["descriptives", Self.folder + "/pit-3arm-redcap.csv", "--input-format", "redcap",
                                            "--dictionary", Self.folder + "/pit-3arm-redcap-dictionary.csv", "--outcome", "vas", "--format", "csv"])
        let adam = try CommandRunner.run(["descriptives", Self.folder + "/pit-3arm-adqs.csv", "--input-format", "adam",
                                          "--adsl", Self.folder + "/pit-3arm-adsl.csv", "--param", "VAS", "--format", "csv"])
        #expect(csv.status == 0 && redcap.status == 0 && adam.status == 0, "\(redcap.standardError)\(adam.standardError)")
        #expect(redcap.standardOutput == csv.standardOutput)
        #expect(adam.standardOutput == csv.standardOutput)
        // Source: Datasets/pit-3arm/pit-3arm.csv: 45 dextrose subjects, 36 with a week-12 VAS.
        let json = try CommandRunner.run(["descriptives", Self.folder + "/pit-3arm.csv", "--visit", "week", "--outcome", "vas", "--format", "json"])
        let outcomes = (try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])?["outcomes"] as? [[String: Any]]
        let cell = (outcomes?.first?["cells"] as? [[String: Any]])?.first { $0["arm"] as? String == "dextrose" && $0["visit"] as? String == "12" }
        #expect(cell?["n"] as? Int == 36 && cell?["missing"] as? Int == 9, "\(String(describing: cell))")
    }

    /// A derive step on a REDCap export: the run writes the export in long form first, so the
    /// BCTQ is scored from the same items and gives the plain CSV's numbers.
    @Test func aREDCapPlanCanScoreItsItems() throws {
        let out = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let plan = out + "/redcap-bctq.yaml"
        try """
            name: redcap-bctq
            data:
              path: \(Self.folder)/pit-3arm-redcap.csv
              input_format: redcap
              dictionary: \(Self.folder)/pit-3arm-redcap-dictionary.csv
              roles: {arm: arm, outcomes: [bctq_sss]}
            derive:
              - command: score
                options: {instrument: bctq, items: "sss_{1..11},fss_{1..8}"}
            analyses:
              - {id: sss, command: descriptives, options: {outcome: bctq_sss}}
            formats: [csv]
            """.write(toFile: plan, atomically: false, encoding: .utf8)
        let run = try CommandRunner.run(["run", plan, "--out", out])
        #expect(run.status == 0, "\(run.standardError)")
        let fromREDCap = try String(contentsOfFile: out + "/redcap-bctq/sss.csv", encoding: .utf8)
        let scored = out + "/scored.csv"
        let score = try CommandRunner.run(["score", Self.folder + "/pit-3arm.csv", "--instrument", "bctq", "--items", "sss_{1..11},fss_{1..8}",
                                           "--output", scored])
        #expect(score.status == 0, "\(score.standardError)")
        let fromCSV = try CommandRunner.run(["descriptives", scored, "--visit", "week", "--outcome", "bctq_sss", "--format", "csv"])
        #expect(fromREDCap == fromCSV.standardOutput)
        let index = try String(contentsOfFile: out + "/redcap-bctq/index.html", encoding: .utf8)
        #expect(index.contains("Derived: data-long.csv, the REDCap export in long form"))
        try? FileManager.default.removeItem(atPath: out)
    }
}
