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
        let fixtures = ConditionalMeanJackknifeTests.fixtures
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("rbmi_delta.json")))
        let table = try CSVReader.read(path: fixtures.appendingPathComponent("antidepressant.csv").path)
        let columns = ImputationData.Columns(outcome: "CHANGE", visit: "VISIT", subject: "PATIENT", arm: "THERAPY")
        let plain = try ImputationData(table: table, columns: columns, reference: "PLACEBO", treatment: "DRUG", events: [])
        let data = try ImputationData(table: table, columns: columns, reference: "PLACEBO", treatment: "DRUG",
                                      events: plain.dropoutEvents(strategy: .jumpToReference))
        let estimator = ConditionalMeanJackknife(imputation: ConditionalMeanImputation(fixedFormula: "CHANGE ~ BASVAL * factor(VISIT) + THERAPY * factor(VISIT)"),
                                                 analysis: VisitANCOVA(covariates: ["BASVAL"]))
        let results = try estimator.run(data, deltas: reference.results.map(\.delta))
        for (expected, result) in zip(reference.results, results) {
            for parameter in result.parameters {
                let index = try #require(expected.parameter.firstIndex(of: parameter.name))
                // Source: rbmi_delta.json, pool(analyse(impute(…JR…), ancova, delta = is_missing × δ in DRUG)).
                let estimate = Double(expected.est[index])!, se = Double(expected.se[index])!, p = Double(expected.pval[index])!
                #expect(abs(parameter.estimate - estimate) <= 1e-6 * max(abs(estimate), se), "δ \(expected.delta) \(parameter.name) \(parameter.estimate) vs \(estimate)")
                #expect(abs(parameter.standardError - se) <= 1e-6 * se, "δ \(expected.delta) \(parameter.name) SE")
                #expect(abs(parameter.p - p) <= 1e-5 * max(p, 1e-12), "δ \(expected.delta) \(parameter.name) p")
            }
        }
        // The grid's first point, δ = 0, is the analysis without a delta.
        #expect(results[0].parameters == (try estimator.run(data)).parameters)
    }
}
