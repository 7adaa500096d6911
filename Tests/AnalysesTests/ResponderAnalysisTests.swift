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
        let observed = try ResponderAnalysis(visit: "12", thresholds: [.percent(30)], treatment: "dextrose", control: "saline")
            .run(on: dataset).thresholds[0]
        let whole = try ResponderAnalysis(visit: "12", thresholds: [.percent(30)], treatment: "dextrose", control: "saline",
                                          missingAsNonResponse: true).run(on: dataset)
        let imputed = whole.thresholds[0]
        // Source: Datasets/demo-trial/make_demo_trial.py: 20 subjects per arm; P007, P031 and P058 (dextrose) and P023 (saline)
        // miss week 12.
        #expect(observed.arms.map(\.classified) == [17, 19] && observed.arms.map(\.notClassifiable) == [3, 1])
        #expect(imputed.arms.map(\.classified) == [20, 20] && imputed.arms.allSatisfy { $0.notClassifiable == 0 })
        #expect(imputed.arms.map(\.responders) == observed.arms.map(\.responders))
        let difference = try #require(imputed.estimates.first { $0.measure == "risk difference" }?.estimate)
        #expect(abs(difference - (Double(imputed.arms[0].responders) - Double(imputed.arms[1].responders)) / 20) < 1e-15)
        #expect(whole.missingAsNonResponse && imputed.definition.contains("non-responder imputation"))
    }

    /// Several thresholds in one run (issue 17: `--percent 30 --percent 50` kept only 50): each is
    /// answered, in a fixed order whatever order they were given in, each equal to its own run, and
    /// a note says their p-values are not adjusted for each other.
    @Test func everyThresholdIsAnsweredInAFixedOrder() throws {
        var source = TrialDataSource(path: MixedModelAnalysisTests.demo)
        source.roles.outcomes = ["vas"]
        let dataset = try source.load().dataset
        func run(_ thresholds: [ResponderAnalysis.Threshold]) throws -> ResponderResult {
            try ResponderAnalysis(visit: "12", thresholds: thresholds, treatment: "dextrose", control: "saline").run(on: dataset)
        }
        let several = try run([.points(2), .percent(50), .percent(30)])
        #expect(several.thresholds.map(\.threshold) == [.init(unit: "percent", value: 30, strict: false), .init(unit: "percent", value: 50, strict: false),
                                                          .init(unit: "points", value: 2, strict: false)])
        #expect(several.thresholds == [try run([.percent(30)]).thresholds[0], try run([.percent(50)]).thresholds[0], try run([.points(2)]).thresholds[0]])
        // Source: Tests/AnalysesTests/Fixtures/arm_tests.json (arm_tests.R): 16/17 dextrose and 9/19 saline reach 30% at week 12;
        // Tests/CLITests/Fixtures/compare_demo.json: the 50% counts.
        #expect(several.thresholds[0].arms.map(\.responders) == [16, 9])
        #expect(several.notes.count == 1 && several.notes[0].contains("not adjusted for each other"))
        #expect(try run([.percent(30)]).notes.isEmpty)
        #expect(throws: AnalysisError.invalidOption(name: "--percent", value: "30.0", expected: "each threshold once")) { try run([.percent(30), .percent(30)]) }
        #expect(several.tables().first?.title.hasPrefix("Responders at each threshold") == true && several.tables().first?.rows.count == 3)
    }
}
