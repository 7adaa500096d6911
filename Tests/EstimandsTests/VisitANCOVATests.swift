import Foundation
import Testing
import TrialData
@testable import Estimands

/// The analysis model's own inference (what Rubin's rules pool) against rbmi's `ancova`.
struct VisitANCOVATests {
    @Test func standardErrorsAndDFAgreeWithRbmiAncova() throws {
        let data = try AntidepressantTrial.data()
        let everyone = Array(0..<data.subjectCount)
        let completed = try AntidepressantTrial.estimator.imputation.impute(data, keeping: everyone).completed
        let result = try AntidepressantTrial.estimator.analysis.inference(data, keeping: everyone, completed: completed)
        let names = AntidepressantTrial.estimator.analysis.parameterNames(visits: data.visits)
        // Source: rbmi_bootstrap.json ancova_full_data (ancova on the conditional-mean imputation of the whole data, JR).
        let reference = RbmiBootstrapFixture.shared.ancova_full_data
        for (index, name) in names.enumerated() {
            let row = try #require(reference.parameter.firstIndex(of: name))
            let se = Double(reference.se[row])!
            #expect(abs(result.estimates[index] - Double(reference.est[row])!) <= 1e-6 * se, "\(name)")
            #expect(abs(result.standardErrors[index] - se) <= 1e-6 * se, "\(name) SE \(result.standardErrors[index]) vs \(se)")
            #expect(result.degreesOfFreedom[index] == Double(reference.df[row])!, "\(name) df")
        }
    }
}
