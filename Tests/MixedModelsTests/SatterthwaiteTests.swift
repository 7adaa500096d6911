import Testing
@testable import MixedModels

/// Satterthwaite df, t and p per coefficient, against lmerTest's summary(): 1e-4 relative.
struct SatterthwaiteTests {
    static func fit(_ name: String) throws -> LinearMixedModelFit {
        var model = try ReferenceFixture.model(ReferenceFixture.case(name))
        let optimization = try model.optimize()
        return LinearMixedModelFit(model: model, optimization: optimization)
    }

    @Test(arguments: ObjectiveTests.names)
    func coefficientDegreesOfFreedomAgreeWithLmerTest(name: String) throws {
        let reference = ReferenceFixture.case(name).satterthwaite
        let fit = try Self.fit(name)
        let satterthwaite = try Satterthwaite(fit: fit)
        #expect(reference.term == fit.fixedEffectNames)
        for (index, term) in reference.term.enumerated() {
            var l = [Double](repeating: 0, count: fit.fixedEffects.count)
            l[index] = 1
            let test = satterthwaite.contrast(l)
            #expect(agrees(test.degreesOfFreedom, number(reference.df[index]), 1e-4), "\(term) df \(test.degreesOfFreedom) vs \(reference.df[index])")
            #expect(agrees(test.tStatistic, number(reference.t[index]), 1e-6), "\(term) t")
            #expect(agrees(test.pValue, number(reference.p[index]), 1e-4), "\(term) p \(test.pValue) vs \(reference.p[index])")
        }
    }

    @Test(arguments: ObjectiveTests.names)
    func typeIIIFTestsAgreeWithLmerTestsAnova(name: String) throws {
        let fit = try Self.fit(name)
        let tests = try Satterthwaite(fit: fit).anova(TypeIIIContrasts(model: fit.model))
        guard let reference = ReferenceFixture.case(name).satterthwaiteAnova else {
            #expect(tests.isEmpty)
            return
        }
        #expect(tests.map(\.term) == reference.term)
        for (index, test) in tests.enumerated() {
            #expect(agrees(test.fStatistic, number(reference.F[index]), 1e-6), "\(test.term) F \(test.fStatistic)")
            #expect(test.numeratorDegreesOfFreedom == number(reference.numeratorDF[index]))
            #expect(agrees(test.denominatorDegreesOfFreedom, number(reference.denominatorDF[index]), 1e-4),
                    "\(test.term) DenDF \(test.denominatorDegreesOfFreedom) vs \(reference.denominatorDF[index])")
            #expect(agrees(test.pValue, number(reference.p[index]), 1e-4), "\(test.term) p")
        }
    }
}

/// For one-term models the variance parameters' Hessian and the derivatives of Var(β̂) come from
/// the analytic gradient; they agree with the differences of the criterion that the other models
/// use (four Richardson levels, as numDeriv for lmerTest) far inside the df tests' 1e-4.
struct GradientDerivativeTests {
    @Test(arguments: ObjectiveTests.names)
    func gradientAndCriterionDifferencesAgree(name: String) throws {
        let fit = try SatterthwaiteTests.fit(name)
        guard fit.model.hasAnalyticGradient, !fit.optimization.singular else { return }
        let fromGradient = try VarianceParameterCovariance(fit: fit)
        let fromCriterion = try VarianceParameterCovariance(fit: fit, differencingTheCriterion: true)
        let hessianScale = fromCriterion.hessian.storage.map(abs).max() ?? 1
        let hessianGap = zip(fromGradient.hessian.storage, fromCriterion.hessian.storage).map { abs($0 - $1) }.max() ?? 0
        #expect(hessianGap <= 1e-6 * hessianScale, "\(name): Hessian differs by \(hessianGap) of \(hessianScale)")
        for (index, (ours, theirs)) in zip(fromGradient.jacobian, fromCriterion.jacobian).enumerated() {
            let scale = theirs.storage.map(abs).max() ?? 1
            let gap = zip(ours.storage, theirs.storage).map { abs($0 - $1) }.max() ?? 0
            #expect(gap <= 1e-6 * max(scale, 1e-12), "\(name): ∂Var(β̂)/∂ parameter \(index) differs by \(gap) of \(scale)")
        }
    }
}
