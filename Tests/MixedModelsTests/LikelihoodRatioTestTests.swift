import Testing
import ModelFrames
import TrialData
@testable import MixedModels

/// Likelihood-ratio tests against lme4's anova(), which refits REML fits by ML.
struct LikelihoodRatioTestTests {
    @Test(arguments: ReferenceFixture.shared.likelihoodRatio.map(\.name))
    func agreesWithLme4sAnova(name: String) throws {
        let reference = try #require(ReferenceFixture.shared.likelihoodRatio.first { $0.name == name })
        let table = try CSVReader.read(path: ReferenceFixture.root.appendingPathComponent(reference.data).path)
        let test = try LikelihoodRatioTest.fit(reduced: Formula(reference.reduced), full: Formula(reference.full), table: table)
        #expect(test.refitted)
        #expect([test.reduced.parameterCount, test.full.parameterCount] == reference.npar)
        #expect(agrees([test.reduced.deviance, test.full.deviance], numbers(reference.deviance), 1e-8))
        #expect(agrees([test.reduced.aic, test.full.aic], numbers(reference.AIC), 1e-8))
        #expect(agrees([test.reduced.bic, test.full.bic], numbers(reference.BIC), 1e-8))
        #expect(agrees(test.statistic, number(reference.chisq), 1e-6), "χ² \(test.statistic)")
        #expect(test.degreesOfFreedom == reference.df)
        #expect(agrees(test.pValue, number(reference.p), 1e-5))
    }

    @Test func modelsOnDifferentRowsAreRefused() throws {
        let url = ReferenceFixture.root.appendingPathComponent("Datasets/simulated-three-arm/three-arm-trial.csv")
        var table = try CSVReader.read(path: url.path)
        // A covariate missing on one row makes the full model use one row fewer.
        var covariate = [Double](repeating: 1, count: table.rowCount)
        for row in covariate.indices { covariate[row] = Double(row % 7) }
        covariate[5] = .nan
        table.columns.append(Column(name: "age", values: .numeric(covariate)))
        #expect(throws: MixedModelError.self) {
            try LikelihoodRatioTest.fit(reduced: Formula("vas ~ week + (1 | subject)"), full: Formula("vas ~ week + age + (1 | subject)"),
                                        table: table)
        }
    }
}
