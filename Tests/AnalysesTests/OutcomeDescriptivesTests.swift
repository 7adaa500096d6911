import Foundation
import Testing
import TrialData
@testable import Analyses

struct OutcomeDescriptivesTests {
    /// Within an arm, the standardized response mean of the change (issue 17).
    @Test func descriptivesOfChangeGiveTheStandardizedResponseMean() throws {
        var source = TrialDataSource(path: MixedModelAnalysisTests.demo)
        source.roles.outcomes = ["vas"]
        let result = try OutcomeDescriptives(change: true).run(on: try source.load().dataset)
        let dextrose = try #require(result.outcomes[0].standardizedChanges?.first { $0.arm == "dextrose" && $0.visit == "12" })
        // Source: Tests/AnalysesTests/Fixtures/arm_tests.json (arm_tests.R, effectsize 0.8.3), srm: cohens_d(change, mu = 0) n 17,
        // d −2.937569055645314, CI −4.0433438791898153 to −1.8146257095520892.
        #expect(dextrose.n == 17)
        #expect(abs((dextrose.estimate ?? .nan) - -2.937569055645314) < 1e-9)
        #expect(abs((dextrose.lower ?? .nan) - -4.0433438791898153) < 1e-6 && abs((dextrose.upper ?? .nan) - -1.8146257095520892) < 1e-6)
        #expect(try OutcomeDescriptives().run(on: try source.load().dataset).outcomes[0].standardizedChanges == nil)
    }

    /// Three arms: whether they differ at each visit, by Kruskal-Wallis (issue 17).
    @Test func threeArmsAreTestedAcrossByKruskalWallis() throws {
        var source = TrialDataSource(path: MixedModelAnalysisTests.demo)
        source.roles.outcomes = ["vas"]
        let tests = try #require(try OutcomeDescriptives().run(on: try source.load().dataset).outcomes[0].acrossArms)
        #expect(tests.map(\.visit) == ["0", "4", "12"] && tests.allSatisfy { $0.arms == 3 && $0.df == 2 })
        // Source: Tests/AnalysesTests/Fixtures/arm_tests.json (arm_tests.R), kruskal: kruskal.test(vas ~ factor(arm)) per visit.
        for (test, (statistic, p)) in zip(tests, [(0.11238173419412287, 0.94535868080238805), (7.6375846730438948, 0.02195429829530695),
                                                  (13.576469786210298, 0.0011269562178238624)]) {
            #expect(abs((test.statistic ?? .nan) - statistic) < 1e-9 * statistic && abs((test.p ?? .nan) - p) < 1e-9 * p, "visit \(test.visit)")
        }
    }
}
