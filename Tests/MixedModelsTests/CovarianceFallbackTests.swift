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
        // Three subjects cannot identify the ten parameters of us over four visits: refused before fitting (it ran
        // to its evaluation limit), and cs is fitted instead.
        let formula = try Formula("vas ~ visit + us(visit | subject)")
        let chained = try CovarianceFallback.fit(formula, fallbacks: [.cs], table: Self.threeSubjects())
        #expect(chained.fit.model.term.structure == .cs && chained.fit.converged)
        #expect(chained.passedOver.map(\.structure) == [.us])
        #expect(chained.passedOver.first?.reason.contains("has 10 covariance parameters but the data leave 7 residual degrees of freedom") == true,
                "\(chained.passedOver)")
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

    /// An unstructured covariance the data cannot identify is refused at once, naming why (15
    /// subjects × 40 visits ran for over 100 s): more parameters than residual df, or more visits
    /// than subjects (the likelihood then has no maximum).
    @Test func anUnidentifiableUnstructuredCovarianceIsRefusedBeforeFitting() throws {
        func table(subjects: Int, visits: Int) throws -> Table {
            var rows = ["subject,visit,vas"]
            for subject in 0..<subjects {
                for visit in 0..<visits { rows.append("S\(subject),v\(100 + visit),\(Double((subject * 7 + visit * visit * 3) % 11) / 2)") }
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("us-\(UUID().uuidString).csv").path
            try (rows.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try CSVReader.read(path: path)
        }
        func refusal(_ table: Table) -> String? {
            do {
                _ = try RepeatedMeasuresFit.fit(try Formula("vas ~ 1 + us(visit | subject)"), table: table)
                return nil
            } catch let MixedModelError.covarianceNotIdentifiable(message) {
                return message
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal(try table(subjects: 15, visits: 40))?.contains("has 820 covariance parameters but the data leave 599 residual degrees") == true)
        #expect(refusal(try table(subjects: 5, visits: 5))?.contains("over 5 visits needs more subjects than visits; there are 5") == true)
        #expect(refusal(try table(subjects: 7, visits: 5)) == nil)
    }

    /// A fit stops within its evaluation budget: no Newton polish beyond it, one Hessian for the
    /// convergence check, reused by the df (the polish ran for minutes after --max-evaluations 5).
    @Test func aFitStaysWithinItsEvaluationBudget() throws {
        let fit = try RepeatedMeasuresFit.fit(try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)"), table: Self.table(), maximumEvaluations: 5)
        #expect(!fit.converged && fit.newtonSteps == 0 && fit.hessian != nil)
        #expect(fit.attempts.allSatisfy { $0.evaluations <= 5 + 1 }, "\(fit.attempts.map(\.evaluations))")
        let full = try RepeatedMeasuresFit.fit(try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)"), table: Self.table())
        #expect(full.converged && full.newtonSteps <= 10)
    }
}
