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
