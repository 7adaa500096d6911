import Foundation
import Testing

struct PlotCommandTests {
    static let data = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path

    static func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func aWaterfallCountsEveryPatientItDoesNotDraw() throws {
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let outcome = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--at", "week=12",
                                             "--figure", figure, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Source: Datasets/pit-3arm/pit-3arm.csv (45 subjects an arm; 7, 9 and 6 without a week-12 VAS), counted by
        // `trialstats plot --kind missingness` on the same file.
        let waterfall = try #require(try Self.json(outcome.standardOutput)["waterfall"] as? [String: Any])
        let arms = try #require(waterfall["arms"] as? [[String: Any]])
        // Without --levels the arms are in R's (sorted) order.
        #expect(arms.map { $0["arm"] as? String } == ["dextrose", "saline", "triamcinolone"])
        #expect(arms.map { $0["subjects"] as? Int } == [45, 45, 45] && arms.map { $0["drawn"] as? Int } == [36, 38, 39])
        #expect(arms.map { $0["noValueAtVisit"] as? Int } == [9, 7, 6] && arms.map { $0["noBaseline"] as? Int } == [0, 0, 0])
        #expect((waterfall["bars"] as? [Any])?.count == 113)
        let svg = try String(contentsOfFile: figure, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("113 patients") && svg.contains("22 patients not drawn"))
        try? FileManager.default.removeItem(atPath: figure)
    }

    @Test func anECDFDrawsChangeInPointsAndInPercentAndRefusesOptionsItWouldIgnore() throws {
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let percentFigure = (figure as NSString).deletingPathExtension + "-percent.svg"
        defer { for file in [figure, percentFigure] { try? FileManager.default.removeItem(atPath: file) } }
        let outcome = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "ecdf", "--at", "week=12",
                                             "--mark", "-2", "--figure", figure, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let ecdf = try #require(try Self.json(outcome.standardOutput)["ecdf"] as? [String: Any])
        // Source: as above, 36, 38 and 39 patients drawn; the percent change has no baseline of 0 here.
        for scale in ["points", "percent"] {
            let arms = try #require((ecdf[scale] as? [String: Any])?["arms"] as? [[String: Any]])
            #expect(arms.map { $0["drawn"] as? Int } == [36, 38, 39], "\(scale)")
        }
        let marks = try #require(ecdf["marks"] as? [[String: Any]])
        #expect(marks.map { "\($0["scale"] as? String ?? "") \($0["value"] as? Double ?? 0)" } == ["points -2.0", "percent -30.0", "percent -50.0"])
        #expect(try String(contentsOfFile: figure, encoding: .utf8).contains("change ≤ -2:"))
        #expect(try String(contentsOfFile: percentFigure, encoding: .utf8).contains("change ≤ -50%:"))
        // An option the figure would not use is refused, not ignored.
        let scale = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "ecdf", "--scale", "points", "--figure", figure])
        #expect(scale.status == 64 && scale.standardError.contains("--scale is for --kind waterfall"), "\(scale.standardError)")
        let mark = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--mark", "-2", "--figure", figure])
        #expect(mark.status == 64 && mark.standardError.contains("--mark is for --kind ecdf"), "\(mark.standardError)")
    }

    /// With a baseline column (vas_bl) the waterfall's change is the one descriptives --change
    /// reports: the same n and the same median per arm.
    @Test func aWaterfallUsesTheDeclaredBaselineAsDescriptivesDoes() throws {
        let data = DataCommandTests.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let roles = ["--outcome", "vas", "--baseline", "vas=vas_bl", "--format", "json"]
        let waterfall = try CommandRunner.run(["plot", data, "--kind", "waterfall", "--scale", "points", "--figure", figure] + roles)
        let change = try CommandRunner.run(["descriptives", data, "--change"] + roles)
        #expect(waterfall.status == 0 && change.status == 0, "\(waterfall.standardError)")
        let drawn = try #require((try Self.json(waterfall.standardOutput)["waterfall"] as? [String: Any])?["arms"] as? [[String: Any]])
        let outcomes = try #require(try Self.json(change.standardOutput)["outcomes"] as? [[String: Any]])
        let described = try #require(outcomes.first?["cells"] as? [[String: Any]]).filter { $0["visit"] as? String == "week12" }
        #expect(drawn.count == 3 && described.count == 3)
        for (bar, cell) in zip(drawn, described) {
            // arm, n drawn = n described, median change = median of the change.
            let median = try #require(bar["median"] as? Double), described = try #require(cell["median"] as? Double)
            #expect(bar["arm"] as? String == cell["arm"] as? String && bar["drawn"] as? Int == cell["n"] as? Int && abs(median - described) < 1e-12,
                    "\(bar) vs \(cell)")
        }
        try? FileManager.default.removeItem(atPath: figure)
    }

    @Test func missingnessTellsDropoutFromAMissedVisit() throws {
        let figure = RunCommandTests.temporaryFolder() + ".svg"
        let outcome = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "missingness", "--figure", figure,
                                             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let cells = try #require(try Self.json(outcome.standardOutput)["missingness"] as? [[String: Any]])
        // Saline at week 4: 8 missing, 1 of whom has a later value.
        let saline4 = try #require(cells.first { $0["arm"] as? String == "saline" && $0["visit"] as? String == "4" })
        #expect(saline4["subjects"] as? Int == 45 && saline4["withValue"] as? Int == 37 && saline4["missing"] as? Int == 8)
        #expect(saline4["droppedOut"] as? Int == 7 && saline4["missedVisit"] as? Int == 1)
        try? FileManager.default.removeItem(atPath: figure)
    }

    @Test func plotAsksForOneOutcomeAndAVisitAfterBaseline() throws {
        let two = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--outcome", "sss_1", "--kind", "spaghetti"])
        #expect(two.status != 0 && two.standardError.contains("name one outcome with --outcome"), "\(two.standardError)")
        let baseline = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--at", "week=0"])
        #expect(baseline.status != 0 && baseline.standardError.contains("baseline visit"), "\(baseline.standardError)")
        let misplaced = try CommandRunner.run(["plot", Self.data, "--visit", "week", "--outcome", "vas", "--kind", "spaghetti", "--at", "week=12"])
        #expect(misplaced.status != 0 && misplaced.standardError.contains("--at is for --kind waterfall"), "\(misplaced.standardError)")
    }
}
