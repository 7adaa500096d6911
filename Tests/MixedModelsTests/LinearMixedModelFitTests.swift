import Foundation
import ModelFrames
import TrialData
import Testing
@testable import MixedModels

/// Fits from scratch, compared with lme4 at its (polished) optimum: 1e-6 relative, the bar.
struct LinearMixedModelFitTests {
    @Test(arguments: ObjectiveTests.names)
    func fitAgreesWithLme4(name: String) throws {
        let reference = ReferenceFixture.case(name)
        var model = try ReferenceFixture.model(reference)
        let optimization = try model.optimize()
        let fit = LinearMixedModelFit(model: model, optimization: optimization)
        let tolerance = 1e-6
        #expect(fit.converged == true, "\(optimization.messages)")
        #expect(fit.singular == reference.singular, "\(optimization.messages)")
        #expect(agrees(fit.objective, number(reference.objective), 1e-10), "objective \(fit.objective)")
        #expect(agrees(fit.theta, numbers(reference.theta), tolerance, floor: 1e-4),
                "θ \(fit.theta), worst \(largestRelativeDifference(fit.theta, numbers(reference.theta), floor: 1e-4))")
        #expect(agrees(fit.fixedEffects, numbers(reference.beta), tolerance), "β")
        #expect(agrees(fit.standardErrors, numbers(reference.se), tolerance), "SE")
        #expect(agrees(fit.sigma, number(reference.sigma), tolerance))
        #expect(agrees(fit.logLikelihood, number(reference.logLik), 1e-10))
        #expect(agrees(fit.deviance, number(reference.deviance), 1e-9))
        #expect(agrees(fit.aic, number(reference.AIC), 1e-10) && agrees(fit.bic, number(reference.BIC), 1e-10))
        #expect(fit.parameterCount == reference.df)
        #expect(fit.observationCount == reference.nobs)
        #expect(Dictionary(uniqueKeysWithValues: fit.groupCounts.map { ($0.group, $0.levels) }) == reference.groups)
        // Variance components in VarCorr's order: each term's variances, then the residual.
        var variances = fit.varianceComponents.flatMap(\.variances)
        variances.append(fit.sigma * fit.sigma)
        #expect(agrees(variances, numbers(reference.random.variance), tolerance, floor: 1e-8), "variances \(variances)")
        #expect(fit.varianceComponents.flatMap { component in component.effectNames.map { _ in component.group } } + ["Residual"]
                == reference.random.group)
        if let correlations = reference.correlations {
            let ours = fit.varianceComponents.filter { $0.effectNames.count > 1 }.flatMap { component in
                (0..<component.effectNames.count).flatMap { j in
                    ((j + 1)..<component.effectNames.count).map { i in component.correlation(i, j) }
                }
            }
            #expect(agrees(ours, numbers(correlations.correlation), tolerance), "correlations \(ours)")
        }
    }

    @Test func singularFitNamesTheVarianceOnTheBoundary() throws {
        var model = try ReferenceFixture.model(ReferenceFixture.case("Dyestuff2 (singular)"))
        let optimization = try model.optimize()
        #expect(optimization.singular && optimization.boundaryParameters == [0])
        #expect(optimization.messages == ["boundary (singular) fit: the variance of (Intercept) for Batch is estimated as 0"])
        #expect(optimization.converged)
    }
}

/// What makes a fit independent of how a BLAS kernel rounds.
struct LinearMixedModelRoundingTests {
    /// Pastes' strength (≈ 60 ± 3) plus 10⁶: uncentred, ‖y‖²/pwrss would be about 10¹², and pwrss
    /// (a difference of such sums) would keep almost no correct digits. The response is centred
    /// when X has an intercept, so the shifted fit is the same fit with the intercept moved.
    @Test func aResponseFarFromZeroFitsAsTheSameResponseNearZero() throws {
        let reference = ReferenceFixture.case("Pastes (nested)")
        var near = try ReferenceFixture.model(reference)
        let source = try String(contentsOf: ReferenceFixture.root.appendingPathComponent(reference.data), encoding: .utf8)
        var lines = source.split(separator: "\n").map(String.init)
        for index in lines.indices.dropFirst() {
            var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[0] = String(try #require(Double(fields[0])) + 1e6)
            lines[index] = fields.joined(separator: ",")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pastes-shifted-\(getpid()).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var far = try LinearMixedModel(frame: ModelFrame(Formula(reference.formula), table: CSVReader.read(path: path)), method: .reml)
        let nearFit = LinearMixedModelFit(model: near, optimization: try near.optimize())
        let farFit = LinearMixedModelFit(model: far, optimization: try far.optimize())
        // Source: lmm_reference.json, lme4's polished θ for Pastes; the shift changes nothing but β₀.
        #expect(agrees(farFit.theta, numbers(reference.theta), 1e-6), "θ \(farFit.theta)")
        // 1,000,062.8 is stored to within 6e-11, so the shifted data differ from the originals by
        // that much; through n·log(pwrss) that moves the objective by up to about 1e-11 of it.
        #expect(agrees(farFit.objective, nearFit.objective, 1e-10))
        #expect(agrees(farFit.fixedEffects[0] - 1e6, nearFit.fixedEffects[0], 1e-10), "β₀ \(farFit.fixedEffects[0])")
        #expect(agrees(farFit.standardErrors, nearFit.standardErrors, 1e-8))
        #expect(agrees(far.residuals, near.residuals, 1e-6, floor: 1e-3))
    }

    /// A scalar variance whose θ ends a hair above 0 (where the objective cannot tell it from 0)
    /// is reported as 0, as lme4's isSingular does for θ below 1e-4: whether a fit is called
    /// singular must not depend on the last bits of the optimizer's θ.
    @Test func aScalarThetaJustAboveZeroIsReportedAsAZeroVariance() throws {
        var model = try ReferenceFixture.model(ReferenceFixture.case("Dyestuff2 (singular)"))
        model.setTheta([2e-8])
        #expect(model.boundaryDescriptions(boundary: [0], singularTolerance: 1e-4)
                == ["boundary (singular) fit: the variance of (Intercept) for Batch is estimated as 0"])
        model.setTheta([0.5])
        #expect(model.boundaryDescriptions(boundary: [0], singularTolerance: 1e-4).isEmpty)
    }

    /// `(Days || Subject)` is one term with a block-diagonal λ, as MixedModels.jl amalgamates it:
    /// the fit keeps a 2×2 block per subject instead of a dense block of every subject's slope
    /// (12,000 rows of (visit || subject) took 51 s and 533 MB; `Benchmarks/lmm-cliffs`), while
    /// θ, the variance components and the names stay lme4's.
    @Test func uncorrelatedTermsOfOneFactorAreOneTerm() throws {
        let reference = ReferenceFixture.case("sleepstudy uncorrelated")
        var model = try ReferenceFixture.model(reference)
        #expect(model.terms.count == 1 && model.terms[0].blocks.map(\.groupingLabel) == ["Subject", "Subject.1"])
        #expect(model.terms[0].thetaPositions.map { [$0.row, $0.column] } == [[0, 0], [1, 1]] && model.theta.count == 2)
        let fit = LinearMixedModelFit(model: model, optimization: try model.optimize(options: MixedModelOptions()))
        #expect(fit.varianceComponents.map(\.group) == ["Subject", "Subject.1"] && fit.varianceComponents.map(\.effectNames) == [["(Intercept)"], ["Days"]])
    }

    /// A factor nested in another with a level for each of its levels (`subject/arm` when each
    /// subject has one arm) groups the rows alike: one term of two blocks, said to be
    /// unidentifiable apart, with the likelihood of `(1 | subject)` (it was a dense block: 35 s at
    /// 12,000 rows, now as fast as one term; `Benchmarks/lmm-cliffs`).
    @Test func aFactorNestedOneToOneSharesItsBlocks() throws {
        let table = try CSVReader.read(path: ReferenceFixture.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path)
        let nested = try LinearMixedModelFit.fit(Formula("vas ~ arm + (1 | subject/arm)"), table: table)
        let single = try LinearMixedModelFit.fit(Formula("vas ~ arm + (1 | subject)"), table: table)
        #expect(nested.model.terms.count == 1 && Set(nested.model.terms[0].blocks.map(\.term.groupingLabel)) == ["subject", "arm:subject"])
        #expect(nested.model.identifiabilityWarnings.contains { $0.message.contains("group the rows alike") && $0.message.contains("only their sum") })
        #expect(abs(nested.objective - single.objective) <= 1e-8 * single.objective)
        let total = nested.varianceComponents.reduce(0) { $0 + $1.variances[0] }
        #expect(abs(total - single.varianceComponents[0].variances[0]) <= 1e-4 * total, "\(total)")
        #expect(nested.groupCounts.map(\.levels) == [60, 60])
    }

    /// A factor nested in another with several levels per level (Pastes: 3 casks in each of 10
    /// batches, as a crossover's subject:period in subject) is held in copies within one term
    /// grouped by the outer factor, so its effects no longer fill the dense rest of L (a crossover
    /// of 3,000 subjects took a 3,000-column dense factor per evaluation; `Benchmarks/lmm-cliffs`).
    /// θ, names, groups and every number stay lme4's: `fitAgreesWithLme4`, `ObjectiveTests`,
    /// `KenwardRogerTests` and `SatterthwaiteTests` run the same Pastes case.
    @Test func aNestedFactorWithSeveralLevelsPerLevelIsHeldInCopies() throws {
        let reference = ReferenceFixture.case("Pastes (nested)")
        let model = try ReferenceFixture.model(reference)
        let term = try #require(model.terms.first)
        #expect(model.terms.count == 1 && term.hasCopies && term.effectCount == 4 && term.levelCount == 10)
        #expect(term.blocks.map(\.term.groupingLabel) == ["cask:batch", "batch"] && term.blocks.map(\.levels.count) == [30, 10])
        #expect(term.representativeEffects == [0, 3] && term.copyShifts(ofEffect: 0) == [0, 1, 2])
        #expect(model.thetaNames == reference.thetaNames && model.theta.count == 2)
        // Every level sits in its own batch's block, each batch's casks in the slots in level order.
        let casks = term.blocks[0]
        let places = casks.levels.indices.map { casks.placement(ofLevel: $0) }
        #expect(casks.levels.indices.allSatisfy { index in
            let earlier = places[..<index].filter { $0.level == places[index].level }.count
            return casks.levels[index].hasSuffix(":" + term.levels[places[index].level]) && places[index].effectShift == earlier
        })
        // Crossed factors (Penicillin) stay apart.
        #expect(try ReferenceFixture.model(ReferenceFixture.case("Penicillin (crossed)")).terms.count == 2)
    }
}
