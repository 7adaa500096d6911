import Foundation
import Testing
import ModelFrames
import TrialData
@testable import MixedModels

struct CovarianceFallbackTests {
    static func table() throws -> Table {
        try CSVReader.read(path: ReferenceFixture.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path)
    }

    /// The trial's first three subjects: too few for an unstructured covariance of four visits.
    static func threeSubjects() throws -> Table {
        let table = try table()
        let subjects = try #require(table.texts(of: "subject"))
        let kept = Set(Set(subjects.compactMap { $0 }).sorted().prefix(3))
        return table.keepingRows(subjects.indices.filter { subjects[$0].map(kept.contains) == true })
    }

    @Test func aStructureThatCannotBeIdentifiedFallsBackToTheNext() throws {
        // Three subjects cannot identify the ten parameters of us over four visits; cs is fitted instead.
        let formula = try Formula("vas ~ visit + us(visit | subject)")
        let chained = try CovarianceFallback.fit(formula, fallbacks: [.cs], table: Self.threeSubjects())
        #expect(chained.fit.model.term.structure == .cs && chained.fit.converged)
        #expect(chained.passedOver.map(\.structure) == [.us])
        #expect(chained.passedOver.first?.reason.hasPrefix("did not converge") == true, "\(chained.passedOver)")
        // The kept fit is the cs fit itself, not an approximation of it.
        let direct = try RepeatedMeasuresFit.fit(try Formula("vas ~ visit + cs(visit | subject)"), table: Self.threeSubjects())
        #expect(chained.fit.logLikelihood == direct.logLikelihood)
    }

    /// AR(1) on unequally spaced weeks (2, 4, 8, 12) takes the visits in order, one lag apart, as
    /// SAS and mmrm do, and says so: the fit is the AR(1) of the visits as labels.
    @Test func anAR1OfUnequallySpacedWeeksTakesTheVisitsInOrderAndSaysSo() throws {
        let fit = try RepeatedMeasuresFit.fit(try Formula("vas ~ vas_bl + arm * visit + ar1(week | subject)"), table: Self.table())
        #expect(fit.converged)
        #expect(fit.warnings.contains { $0.message.contains("ar1 takes the visits week = 2, 4, 8, 12 in order, one lag apart") }, "\(fit.warnings)")
        // Source: mmrm_reference.json, case "AR(1)" (nlme::gls corAR1 over the visits in order, REML).
        let reference = try #require(RepeatedMeasuresTests.fixture.cases.first { $0.structure == "ar1" && $0.REML })
        #expect(abs(fit.logLikelihood - Double(reference.logLik)!) <= 1e-9 * abs(Double(reference.logLik)!))
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
