import Foundation
import Testing
import TrialData
@testable import Analyses

/// Non-responder imputation (issue 17): a subject without a value counts as a non-responder, so
/// each arm's denominator is its subjects, not only those with values.
struct ResponderAnalysisTests {
    @Test func missingValuesCountAsNonResponseWhenAsked() throws {
        var source = TrialDataSource(path: MixedModelAnalysisTests.demo)
        source.roles.outcomes = ["vas"]
        source.roles.covariates = ["age"]
        let dataset = try source.load().dataset
        let observed = try ResponderAnalysis(visit: "12", threshold: .percent(30), treatment: "dextrose", control: "saline").run(on: dataset)
        let imputed = try ResponderAnalysis(visit: "12", threshold: .percent(30), treatment: "dextrose", control: "saline",
                                            missingAsNonResponse: true).run(on: dataset)
        // Source: Datasets/demo-trial/make_demo_trial.py: 20 subjects per arm; P007, P031 and P058 (dextrose) and P023 (saline)
        // miss week 12.
        #expect(observed.arms.map(\.classified) == [17, 19] && observed.arms.map(\.notClassifiable) == [3, 1])
        #expect(imputed.arms.map(\.classified) == [20, 20] && imputed.arms.allSatisfy { $0.notClassifiable == 0 })
        #expect(imputed.arms.map(\.responders) == observed.arms.map(\.responders))
        let difference = try #require(imputed.estimates.first { $0.measure == "risk difference" }?.estimate)
        #expect(abs(difference - (Double(imputed.arms[0].responders) - Double(imputed.arms[1].responders)) / 20) < 1e-15)
        #expect(imputed.missingAsNonResponse && imputed.definition.contains("non-responder imputation"))
    }
}
