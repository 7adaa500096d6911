import Foundation
import Testing
import TrialData
@testable import Estimands

/// Delta adjustment and the tipping-point grid against rbmi 1.4.0 (rbmi_delta.R): the imputations
/// done once, each delta's analyses of the whole data and of every jackknife replicate.
struct DeltaAdjustmentTests {
    struct Reference: Decodable {
        struct Result: Decodable { let delta: Double; let parameter, est, se, pval: [String] }
        struct ByArmAndVisit: Decodable { let arm, visit: [String]; let delta: [Double]; let parameter, est, se, pval: [String] }
        let results: [Result]
        let byArmAndVisit: ByArmAndVisit
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

    /// Deltas that differ by arm and visit (DRUG 0 to 2 over visits 4 to 7, PLACEBO −1 at visit 7).
    @Test func deltasByArmAndVisitAgreeWithRbmi() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: ConditionalMeanJackknifeTests.fixtures.appendingPathComponent("rbmi_delta.json")))
        let data = try AntidepressantTrial.data()
        let expected = reference.byArmAndVisit
        var adjustment = DeltaAdjustment.treatmentArm(0, visits: data.visitCount)
        for (arm, (visit, delta)) in zip(expected.arm, zip(expected.visit, expected.delta)) {
            let index = try #require(data.visits.firstIndex(of: visit))
            if arm == "DRUG" { adjustment.treatment[index] = delta } else { adjustment.reference[index] = delta }
        }
        let result = try AntidepressantTrial.estimator.run(data, adjustments: [adjustment])[0]
        // Source: rbmi_delta.json, byArmAndVisit: pool(analyse(…, delta = is_missing × δ(arm, visit))).
        try AntidepressantTrial.expectAgreement(result, names: expected.parameter, estimates: expected.est, standardErrors: expected.se,
                                                p: expected.pval, "by arm and visit")
    }
}
