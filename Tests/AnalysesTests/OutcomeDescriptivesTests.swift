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
        // Source: R 4.2.2, effectsize 0.8.3: cohens_d(vas − baseline vas of dextrose at week 12, mu = 0): n 17,
        // d −2.937569055645314, CI −4.0433438791898153 to −1.8146257095520892.
        #expect(dextrose.n == 17)
        #expect(abs((dextrose.estimate ?? .nan) - -2.937569055645314) < 1e-9)
        #expect(abs((dextrose.lower ?? .nan) - -4.0433438791898153) < 1e-6 && abs((dextrose.upper ?? .nan) - -1.8146257095520892) < 1e-6)
        #expect(try OutcomeDescriptives().run(on: try source.load().dataset).outcomes[0].standardizedChanges == nil)
    }
}
