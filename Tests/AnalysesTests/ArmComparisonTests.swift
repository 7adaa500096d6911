import Foundation
import Testing
import Analyses
import TrialData
import StatsCore

/// `ArmComparison` as a library call, against R on the demo trial.
struct ArmComparisonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // Source: Tests/CLITests/Fixtures/compare_demo.json, written by compare_demo.R beside it (R 4.2.2, effectsize 0.8.3).
    struct Fixture: Decodable {
        struct Case: Decodable {
            let welch, welch_test, ancova, ancova_test, d, g, delta, delta_effectsize, shift, means: [String]
            let n: [Int]
        }
        let value: Case
        let change: Case
    }

    static func dataset() throws -> TrialDataset {
        let table = try CSVReader.read(path: root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path)
        return try TrialDatasetLoader.load(table, roles: ColumnRoles(subject: "subject", arm: "arm", visit: "visit", outcomes: ["vas"],
                                                                     covariates: ["age"]))
    }

    static func close(_ actual: Double?, _ expected: String, _ tolerance: Double = 1e-8) -> Bool {
        guard let actual, let expected = Double(expected) else { return false }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300)
    }

    @Test(arguments: [false, true])
    func everyEstimateAgreesWithR(change: Bool) throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.root.appendingPathComponent("Tests/CLITests/Fixtures/compare_demo.json")))
        let expected = change ? fixture.change : fixture.value
        let result = try ArmComparison(visit: "12", treatment: "dextrose", control: "saline", change: change).run(on: Self.dataset())
        #expect(result.arms.map(\.n) == expected.n)
        #expect(Self.close(result.arms[0].mean, expected.means[0]) && Self.close(result.arms[0].sd, expected.means[1]))
        #expect(Self.close(result.arms[1].mean, expected.means[2]) && Self.close(result.arms[1].sd, expected.means[3]))
        // The Welch test's t, df and SE as numbers (t.test's statistic, parameter and stderr).
        let welch = try #require(result.estimate("mean difference"))
        #expect(Self.close(welch.estimate, expected.welch[0]) && Self.close(welch.lower, expected.welch[1]) && Self.close(welch.upper, expected.welch[2]))
        #expect(Self.close(welch.p, expected.welch[3], 1e-7))
        #expect(Self.close(welch.statistic, expected.welch_test[0]) && Self.close(welch.df, expected.welch_test[1])
                && Self.close(welch.se, expected.welch_test[2]))
        let ancova = try #require(result.estimate("adjusted difference (ANCOVA)"))
        #expect(Self.close(ancova.estimate, expected.ancova[0]) && Self.close(ancova.lower, expected.ancova[1]) && Self.close(ancova.upper, expected.ancova[2]))
        #expect(Self.close(ancova.p, expected.ancova[3], 1e-7))
        #expect(Self.close(ancova.se, expected.ancova_test[0]) && Self.close(ancova.statistic, expected.ancova_test[1])
                && Self.close(ancova.df, expected.ancova_test[2]))
        for (measure, reference) in [("Cohen's d", expected.d), ("Hedges' g", expected.g), ("Glass's Δ", expected.delta)] {
            let effect = try #require(result.estimate(measure))
            #expect(Self.close(effect.estimate, reference[0]) && Self.close(effect.lower, reference[1]) && Self.close(effect.upper, reference[2]),
                    "\(measure)")
            #expect(effect.p == nil && effect.se == nil, "\(measure): no p or SE is claimed")
        }
        // effectsize's own Glass's Δ limits come from a search that stops about 1e-7 short of the root.
        let delta = try #require(result.estimate("Glass's Δ"))
        #expect(Self.close(delta.lower, expected.delta_effectsize[0], 1e-5) && Self.close(delta.upper, expected.delta_effectsize[1], 1e-5))
        let shift = try #require(result.estimate("shift (Hodges-Lehmann)"))
        #expect(Self.close(shift.estimate, expected.shift[0], 1e-6) && Self.close(shift.p, expected.shift[3], 1e-6))
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(result.schema == "trialstats/compare/2" && result.ledger.rowsRead == result.ledger.rowsUsed + result.ledger.excluded.count)
    }

    /// Student's t beside Welch's, as many papers report it (issue 17).
    @Test func studentsTTestIsReportedBesideWelchs() throws {
        let result = try ArmComparison(visit: "12", treatment: "dextrose", control: "saline").run(on: Self.dataset())
        let student = try #require(result.estimates.first { $0.method == "Student t test (pooled SD)" })
        // Source: Tests/AnalysesTests/Fixtures/arm_tests.json (arm_tests.R, R 4.2.2), student: t.test(var.equal = TRUE) t −3.8113722424667067,
        // df 34, p 0.00055408278364454271, CI −3.2505854567157 to −0.9896622213028764.
        #expect(Self.close(student.statistic, "-3.8113722424667067") && student.df == 34 && Self.close(student.p, "0.00055408278364454271"))
        #expect(Self.close(student.lower, "-3.2505854567157") && Self.close(student.upper, "-0.9896622213028764"))
    }

    /// Responders' chi-square test beside Fisher's (issue 17).
    @Test func respondersHaveTheChiSquareTest() throws {
        let result = try ResponderAnalysis(visit: "12", thresholds: [.percent(30)], treatment: "dextrose", control: "saline")
            .run(on: Self.dataset()).thresholds[0]
        #expect(result.arms.map(\.responders) == [16, 9] && result.arms.map(\.classified) == [17, 19])
        let chi = try #require(result.estimates.first { $0.method.hasPrefix("chi-square test with Yates' correction") })
        // Source: Tests/AnalysesTests/Fixtures/arm_tests.json (arm_tests.R), responders: prop.test(c(16, 9), c(17, 19)) X-squared
        // 7.1691978609625657, p 0.007416593031945592.
        #expect(Self.close(chi.statistic, "7.1691978609625657", 1e-12) && Self.close(chi.p, "0.007416593031945592", 1e-12))
    }

    @Test func selectionsThatNameNothingSayWhatExists() throws {
        let dataset = try Self.dataset()
        #expect(throws: AnalysisError.noSuchArm("placebo", arms: ["dextrose", "saline", "triamcinolone"])) {
            try ArmComparison(visit: "12", treatment: "placebo", control: "saline").run(on: dataset)
        }
        #expect(throws: AnalysisError.noSuchVisit("8", visits: ["0", "4", "12"])) {
            try ArmComparison(visit: "8", treatment: "dextrose", control: "saline").run(on: dataset)
        }
        #expect(throws: AnalysisError.invalidOption(name: "--level", value: "1.5", expected: "a number between 0 and 1")) {
            try ArmComparison(visit: "12", treatment: "dextrose", control: "saline", confidenceLevel: 1.5).run(on: dataset)
        }
    }

    /// The result is the JSON contract: no number is a string, and none is NaN or infinite.
    @Test func theJSONHoldsNumbersAsNumbersAndNullForWhatDoesNotExist() throws {
        let result = try ArmComparison(visit: "12", treatment: "dextrose", control: "saline").run(on: Self.dataset())
        let text = try JSONText.encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let estimates = try #require(object["estimates"] as? [[String: Any]])
        let glass = try #require(estimates.first { $0["measure"] as? String == "Glass's Δ" })
        #expect(glass["estimate"] is Double && glass["p"] is NSNull)
        #expect(!text.contains("NaN") && !text.contains("Infinity"))
        #expect(try JSONText.encode(try ArmComparison(visit: "12", treatment: "dextrose", control: "saline").run(on: Self.dataset())) == text)
    }
}
