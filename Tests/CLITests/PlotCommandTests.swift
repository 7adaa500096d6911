import Foundation
import Testing

struct PlotCommandTests {
    static let data = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path

    @Test func aWaterfallCountsEveryPatientItDoesNotDraw() throws {
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let outcome = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--at", "week=12",
                                             "--figure", figure, "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Source: Datasets/pit-3arm/pit-3arm.csv (45 subjects an arm; 7, 9 and 6 without a week-12 VAS), counted by
        // `trialstats plot --kind missingness` on the same file.
        let rows = outcome.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 4)
        // Without --levels the arms are in R's (sorted) order.
        #expect(rows[1].prefix(5) == ["dextrose", "45", "36", "9", "0"])
        #expect(rows[2].prefix(5) == ["saline", "45", "38", "7", "0"])
        #expect(rows[3].prefix(5) == ["triamcinolone", "45", "39", "6", "0"])
        let svg = try String(contentsOfFile: figure, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("113 patients") && svg.contains("22 patients not drawn"))
        try? FileManager.default.removeItem(atPath: figure)
    }

    /// With a baseline column (vas_bl) the waterfall's change is the one descriptives --change
    /// reports: the same n and the same median per arm.
    @Test func aWaterfallUsesTheDeclaredBaselineAsDescriptivesDoes() throws {
        let data = DataCommandTests.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let roles = ["--outcome", "vas", "--baseline", "vas=vas_bl", "--format", "csv"]
        let waterfall = try CommandRunner.run(["plot", data, "--kind", "waterfall", "--scale", "points", "--figure", figure] + roles)
        let change = try CommandRunner.run(["descriptives", data, "--change"] + roles)
        #expect(waterfall.status == 0 && change.status == 0, "\(waterfall.standardError)")
        let drawn = waterfall.standardOutput.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let described = change.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }.filter { $0.count > 9 && $0[1] == "week12" }
        #expect(drawn.count == 3 && described.count == 3)
        for (bar, row) in zip(drawn, described) {
            // arm, n drawn = n described, median change = median of the change.
            #expect(bar[0] == row[0] && bar[2] == row[2] && abs(Double(bar[5])! - Double(row[9])!) < 1e-12, "\(bar) vs \(row)")
        }
        try? FileManager.default.removeItem(atPath: figure)
    }

    @Test func missingnessTellsDropoutFromAMissedVisit() throws {
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let outcome = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "missingness", "--figure", figure,
                                             "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = outcome.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        // arm, visit, subjects, with a value, %, missing, dropped out, missed. Saline at week 4: 8 missing, 1 of whom has a later value.
        let saline4 = try #require(rows.first { $0.prefix(2) == ["saline", "4"] })
        #expect(saline4[2] == "45" && saline4[3] == "37" && saline4[5] == "8" && saline4[6] == "7" && saline4[7] == "1")
        try? FileManager.default.removeItem(atPath: figure)
    }

    @Test func plotAsksForOneOutcomeAndAVisitAfterBaseline() throws {
        let two = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--outcome", "sss_1", "--kind", "spaghetti"])
        #expect(two.status != 0 && two.standardError.contains("plot draws one outcome"), "\(two.standardError)")
        let baseline = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--at", "week=0"])
        #expect(baseline.status != 0 && baseline.standardError.contains("baseline visit"), "\(baseline.standardError)")
        let misplaced = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "spaghetti", "--at", "week=12"])
        #expect(misplaced.status != 0 && misplaced.standardError.contains("--at is for --kind waterfall"), "\(misplaced.standardError)")
    }
}
