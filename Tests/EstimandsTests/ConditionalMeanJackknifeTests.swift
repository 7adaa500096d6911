import Foundation
import Testing
import TrialData
@testable import Estimands

/// Conditional mean imputation with the jackknife against rbmi 1.4.0 (rbmi_reference.R, with
/// mmrm's optimizer tightened to nlminb rel.tol 1e-10): every strategy, on rbmi's antidepressant
/// trial and on our simulated trial (saline and dextrose).
struct ConditionalMeanJackknifeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Reference: Decodable {
        struct Vars: Decodable {
            let subjid, visit, group, outcome: String
            let analysis_covariates: [String]
        }
        struct Event: Decodable { let subject, visit: String }
        struct Row: Decodable { let parameter, est, se, lci, uci, pval: String }
        struct Strategy: Decodable { let pooled: [Row] }
        struct DataSet: Decodable {
            let csv: String
            let vars: Vars
            let group_levels: [String]
            let references: [String: String]
            let ice: [Event]
            let strategies: [String: Strategy]
        }
        let datasets: [String: DataSet]
    }
    static let reference: Reference = try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("rbmi_reference.json")))

    static let cases: [(data: String, strategy: ImputationStrategy)] = ["antidepressant", "mmrm_trial"].flatMap { data in
        ImputationStrategy.allCases.map { (data, $0) }
    }

    @Test(arguments: cases.indices)
    func everyParameterAgreesWithRbmi(index: Int) throws {
        let (name, strategy) = Self.cases[index]
        let set = try #require(Self.reference.datasets[name])
        let table = try CSVReader.read(path: Self.fixtures.appendingPathComponent(URL(fileURLWithPath: set.csv).lastPathComponent).path)
        let control = try #require(set.references.values.first)
        let treatment = try #require(set.group_levels.first { $0 != control })
        let columns = ImputationData.Columns(outcome: set.vars.outcome, visit: set.vars.visit, subject: set.vars.subjid, arm: set.vars.group)
        let plain = try ImputationData(table: table, columns: columns, reference: control, treatment: treatment, events: [])
        let events = plain.dropoutEvents(strategy: strategy)
        // Source: rbmi_reference.json, the events rbmi_reference.R derived (first visit of a terminal run of missing outcomes).
        #expect(events.map { [$0.subject, $0.visit] } == set.ice.map { [$0.subject, $0.visit] })
        let data = try ImputationData(table: table, columns: columns, reference: control, treatment: treatment, events: events)
        let visit = data.visits.allSatisfy { Double($0) != nil } ? "factor(\(columns.visit))" : columns.visit
        let formula = "\(columns.outcome) ~ " + (set.vars.analysis_covariates.map { "\($0) * \(visit)" } + ["\(columns.arm) * \(visit)"]).joined(separator: " + ")
        let result = try ConditionalMeanJackknife(imputation: ConditionalMeanImputation(fixedFormula: formula),
                                                  analysis: VisitANCOVA(covariates: set.vars.analysis_covariates)).run(data)
        // rbmi's ancova takes the first level of the group as "ref": where that is not our reference, its trt is ours negated
        // and its lsm_ref and lsm_alt are our lsm_alt and lsm_ref.
        let swapped = set.group_levels[0] != control
        let rows = try #require(set.strategies[strategy.rawValue]?.pooled)
        for parameter in result.parameters {
            var rbmiName = parameter.name, sign = 1.0
            if swapped {
                if parameter.name.hasPrefix("trt_") { sign = -1 }
                if parameter.name.hasPrefix("lsm_ref_") { rbmiName = "lsm_alt_" + parameter.name.dropFirst(8) }
                if parameter.name.hasPrefix("lsm_alt_") { rbmiName = "lsm_ref_" + parameter.name.dropFirst(8) }
            }
            let row = try #require(rows.first { $0.parameter == rbmiName }, "\(rbmiName)")
            // Source: rbmi_reference.json, pool(analyse(impute(draws(…, method_condmean(type = "jackknife"))), ancova)).
            let estimate = sign * Double(row.est)!, se = Double(row.se)!, p = Double(row.pval)!
            #expect(abs(parameter.estimate - estimate) <= 1e-6 * max(abs(estimate), se), "\(name) \(strategy) \(parameter.name) \(parameter.estimate) vs \(estimate)")
            let standardError = try #require(parameter.standardError)
            #expect(abs(standardError - se) <= 1e-6 * se, "\(name) \(strategy) \(parameter.name) SE \(standardError) vs \(se)")
            #expect(abs(parameter.p - p) <= 1e-5 * max(p, 1e-12), "\(name) \(strategy) \(parameter.name) p")
        }
    }
}
