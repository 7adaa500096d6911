import Foundation
import Testing
import TrialData
@testable import Estimands

/// Delta adjustment and the tipping-point grid against rbmi 1.4.0 (rbmi_delta.R): the imputations
/// done once, each delta's analyses of the whole data and of every jackknife replicate.
struct DeltaAdjustmentTests {
    struct Reference: Decodable {
        struct Result: Decodable { let delta: Double; let parameter, est, se, pval: [String] }
        let results: [Result]
    }

    @Test func everyDeltaAgreesWithRbmi() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: ConditionalMeanJackknifeTests.fixtures.appendingPathComponent("rbmi_delta.json")))
        let data = try AntidepressantTrial.data()
        let results = try AntidepressantTrial.estimator.run(data, deltas: reference.results.map(\.delta))
        for (expected, result) in zip(reference.results, results) {
            // Source: rbmi_delta.json, pool(analyse(impute(…JR…), ancova, delta = is_missing × δ in DRUG)).
            try AntidepressantTrial.expectAgreement(result, names: expected.parameter, estimates: expected.est, standardErrors: expected.se,
                                                    p: expected.pval, "δ \(expected.delta)")
        }
    }
}
