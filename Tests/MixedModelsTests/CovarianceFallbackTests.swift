import Foundation
import Testing
import ModelFrames
import TrialData
@testable import MixedModels

struct CovarianceFallbackTests {
    static func table() throws -> Table {
        try CSVReader.read(path: ReferenceFixture.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path)
    }

    @Test func aStructureThatDoesNotFitTheVisitsFallsBackToTheNext() throws {
        // Weeks 2, 4, 8 and 12 are unequally spaced, so AR(1) on the numeric week is refused; cs is fitted instead.
        let formula = try Formula("vas ~ vas_bl + arm * visit + ar1(week | subject)")
        let chained = try CovarianceFallback.fit(formula, fallbacks: [.cs], table: Self.table())
        #expect(chained.fit.model.term.structure == .cs)
        #expect(chained.fit.converged)
        #expect(chained.passedOver.map(\.structure) == [.ar1])
        #expect(chained.passedOver.first?.reason.contains("spaced") == true, "\(chained.passedOver)")
        // The kept fit is the cs fit itself, not an approximation of it.
        // Source: mmrm_reference.json, case "compound symmetry" (nlme::gls corCompSymm, REML).
        let reference = try #require(RepeatedMeasuresTests.fixture.cases.first { $0.structure == "cs" && $0.REML })
        #expect(abs(chained.fit.logLikelihood - Double(reference.logLik)!) <= 1e-9 * abs(Double(reference.logLik)!))
    }

    @Test func aStructureThatDoesNotConvergeFallsBackAndTheLastIsKeptEvenIfItFails() throws {
        let formula = try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)")
        // Three evaluations are too few for any structure: each is tried, and the last is reported unconverged.
        let chained = try CovarianceFallback.fit(formula, fallbacks: [.toeph, .cs], table: Self.table(), maximumEvaluations: 3)
        #expect(chained.passedOver.map(\.structure) == [.us, .toeph])
        #expect(chained.passedOver.allSatisfy { $0.reason.hasPrefix("did not converge") })
        #expect(chained.fit.model.term.structure == .cs)
        #expect(!chained.fit.converged)
    }

    @Test func aConvergedFirstStructureIsKeptWithNothingPassedOver() throws {
        let formula = try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)")
        let chained = try CovarianceFallback.fit(formula, fallbacks: [.cs], table: Self.table())
        #expect(chained.passedOver.isEmpty)
        #expect(chained.fit.model.term.structure == .us)
    }

    @Test func dataProblemsAreNotCoveredUpByFallingBack() throws {
        let formula = try Formula("vas ~ vas_bl + arm * visit + us(visit | nosuchcolumn)")
        #expect(throws: MixedModelError.self) {
            try CovarianceFallback.fit(formula, fallbacks: [.cs], table: Self.table())
        }
    }
}
