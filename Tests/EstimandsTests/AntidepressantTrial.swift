import Foundation
import Testing
import TrialData
@testable import Estimands

/// rbmi's antidepressant trial (antidepressant.csv) with the quickstart's models: what the tests of
/// the estimator against rbmi share.
enum AntidepressantTrial {
    static let columns = ImputationData.Columns(outcome: "CHANGE", visit: "VISIT", subject: "PATIENT", arm: "THERAPY")
    static let estimator = ConditionalMeanJackknife(
        imputation: ConditionalMeanImputation(fixedFormula: "CHANGE ~ BASVAL * factor(VISIT) + THERAPY * factor(VISIT)"),
        analysis: VisitANCOVA(covariates: ["BASVAL"]))

    static func table() throws -> Table {
        try CSVReader.read(path: ConditionalMeanJackknifeTests.fixtures.appendingPathComponent("antidepressant.csv").path)
    }

    /// PLACEBO the reference, with `events`, or an event at each dropout handled by `strategy`.
    static func data(events: [IntercurrentEvent]? = nil, strategy: ImputationStrategy = .jumpToReference) throws -> ImputationData {
        let table = try table()
        let given = try events ?? ImputationData(table: table, columns: columns, reference: "PLACEBO", treatment: "DRUG", events: [])
            .dropoutEvents(strategy: strategy)
        return try ImputationData(table: table, columns: columns, reference: "PLACEBO", treatment: "DRUG", events: given)
    }

    /// Each parameter against rbmi's pooled row of the same name (numbers as the fixtures print them):
    /// estimates and SEs to 1e-6, p to 1e-5.
    static func expectAgreement(_ result: PooledEstimates, names: [String], estimates: [String], standardErrors: [String],
                                p: [String], _ label: String) throws {
        for parameter in result.parameters {
            let index = try #require(names.firstIndex(of: parameter.name))
            let estimate = Double(estimates[index])!, se = Double(standardErrors[index])!, pValue = Double(p[index])!
            #expect(abs(parameter.estimate - estimate) <= 1e-6 * max(abs(estimate), se), "\(label) \(parameter.name) \(parameter.estimate) vs \(estimate)")
            let standardError = try #require(parameter.standardError)
            #expect(abs(standardError - se) <= 1e-6 * se, "\(label) \(parameter.name) SE \(standardError) vs \(se)")
            #expect(abs(parameter.p - pValue) <= 1e-5 * max(pValue, 1e-12), "\(label) \(parameter.name) p")
        }
    }
}
