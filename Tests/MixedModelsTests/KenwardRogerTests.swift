import Testing
@testable import MixedModels

/// Kenward-Roger SEs, df and F tests against pbkrtest through lmerTest: 1e-4 relative.
struct KenwardRogerTests {
    static let remlNames = ReferenceFixture.shared.cases.filter(\.REML).map(\.name)

    @Test(arguments: remlNames)
    func coefficientsAgreeWithPbkrtest(name: String) throws {
        let reference = try #require(ReferenceFixture.case(name).kenwardRoger)
        let fit = try SatterthwaiteTests.fit(name)
        let kr = try KenwardRoger(fit: fit)
        for (index, term) in reference.term.enumerated() {
            var l = [Double](repeating: 0, count: fit.fixedEffects.count)
            l[index] = 1
            let test = try kr.contrast(l)
            #expect(agrees(test.standardError, number(reference.se[index]), 1e-6), "\(term) adjusted SE \(test.standardError)")
            #expect(agrees(test.degreesOfFreedom, number(reference.df[index]), 1e-4), "\(term) df \(test.degreesOfFreedom) vs \(reference.df[index])")
            #expect(agrees(test.pValue, number(reference.p[index]), 1e-4), "\(term) p")
        }
    }

    @Test(arguments: remlNames)
    func typeIIIFTestsAgreeWithKRmodcomp(name: String) throws {
        let fit = try SatterthwaiteTests.fit(name)
        let tests = try KenwardRoger(fit: fit).anova(TypeIIIContrasts(model: fit.model))
        guard let reference = ReferenceFixture.case(name).kenwardRogerAnova else {
            #expect(tests.isEmpty)
            return
        }
        #expect(tests.map(\.term) == reference.term)
        for (index, test) in tests.enumerated() {
            #expect(agrees(test.fStatistic, number(reference.F[index]), 1e-6), "\(test.term) F \(test.fStatistic) vs \(reference.F[index])")
            #expect(test.numeratorDegreesOfFreedom == number(reference.numeratorDF[index]))
            #expect(agrees(test.denominatorDegreesOfFreedom, number(reference.denominatorDF[index]), 1e-4),
                    "\(test.term) DenDF \(test.denominatorDegreesOfFreedom) vs \(reference.denominatorDF[index])")
        }
    }

    @Test func mlFitsAreRefused() throws {
        let fit = try SatterthwaiteTests.fit("sleepstudy ML")
        #expect(throws: MixedModelError.kenwardRogerNeedsREML) { try KenwardRoger(fit: fit) }
    }
}
