import Foundation
import Testing
import TrialData
@testable import Estimands

/// Subjects with values observed after their event, against rbmi 1.4.0 (rbmi_observed_after_event.R):
/// for a non-MAR strategy those values are left out of the imputation model's fit but stay in the
/// analysis, and the imputations are conditioned on them; a delta shifts only missing values.
struct ObservedAfterEventTests {
    struct Reference: Decodable {
        struct Event: Decodable { let subject, visit: String }
        struct Result: Decodable { let strategy: String; let delta: Double; let parameter, est, se, pval: [String] }
        let events: [Event]
        let results: [Result]
    }

    @Test func everyStrategyAgreesWithRbmi() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: ConditionalMeanJackknifeTests.fixtures
            .appendingPathComponent("rbmi_observed_after_event.json")))
        for expected in reference.results {
            let strategy = try #require(ImputationStrategy(rawValue: expected.strategy))
            // Source: rbmi_observed_after_event.json: the events rbmi was given (dropouts, and visit 6 for 20 completers).
            let events = reference.events.map { IntercurrentEvent(subject: $0.subject, visit: $0.visit, strategy: strategy) }
            let data = try AntidepressantTrial.data(events: events)
            if strategy != .missingAtRandom {
                #expect(zip(data.observed, data.modelled).filter { $0.isFinite && $1.isNaN }.count == 40, "20 subjects' visits 6 and 7 set aside")
            }
            let result = try AntidepressantTrial.estimator.run(data, deltas: [expected.delta])[0]
            // Source: rbmi_observed_after_event.json, pool(analyse(impute(draws(…)), ancova, delta = is_missing × δ in DRUG)).
            try AntidepressantTrial.expectAgreement(result, names: expected.parameter, estimates: expected.est, standardErrors: expected.se,
                                                    p: expected.pval, "\(strategy) δ \(expected.delta)")
        }
    }
}
