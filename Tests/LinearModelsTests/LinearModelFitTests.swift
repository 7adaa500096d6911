import Foundation
import Testing
import TrialData
@testable import LinearModels
@testable import ModelFrames

/// lm() parity: coefficients, SEs, t, p, CIs, sigma, R², F, type I and type III tests, and the
/// names of columns and aliased coefficients, for ten formulas.
// Source: Fixtures/linear_models.json, written by Fixtures/linear_models.R (R 4.2.2) from
// Fixtures/small_trial.csv and small_trial_long.csv (make_small_trial.py).
struct LinearModelFitTests {
    struct Model: Decodable {
        struct Anova: Decodable { let term: String; let df: Int; let ss: String; let F: String; let p: String }
        struct Wald: Decodable { let term: String; let df: Int; let F: String; let p: String }
        let name, formula: String
        let references: [String: String]?
        let columns: [String]
        let nobs: Int
        let estimate, se, t, p, lower, upper: [String]
        let aliased: [String]
        let sigma: String
        let df: Int
        let r2, adjr2: String
        let fstat: [String]?
        let anova: [Anova]
        let wald: [Wald]
    }
    struct Fixture: Decodable { let models: [Model] }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "linear_models", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func table(_ name: String) throws -> Table {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures"))
        return try CSVReader.read(path: url.path)
    }

    /// Equal to 1e-8 relative, both NaN, or both within 1e-12 of zero.
    static func agrees(_ actual: Double, _ expected: String) -> Bool {
        guard let expected = Double(expected) else { return false }
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        return abs(actual - expected) <= 1e-8 * abs(expected) || abs(actual - expected) < 1e-12
    }

    @Test func everyModelAgreesWithR() throws {
        let fixture = try Self.fixture()
        #expect(fixture.models.count == 10)
        let wide = try Self.table("small_trial"), long = try Self.table("small_trial_long")
        for model in fixture.models {
            let data = model.formula.contains("week") ? long : wide
            let fit = try LinearModelFit.fit(model.formula, table: data, references: model.references ?? [:])
            let context = "\(model.name): \(model.formula)"
            #expect(fit.frame.design.columnNames == model.columns, "\(context)")
            #expect(fit.frame.response.count == model.nobs, "\(context)")
            #expect(fit.aliased == model.aliased, "\(context)")
            #expect(fit.residualDegreesOfFreedom == model.df, "\(context)")
            for (index, coefficient) in fit.coefficients.enumerated() {
                let name = "\(context) \(coefficient.name)"
                #expect(Self.agrees(coefficient.estimate, model.estimate[index]), "\(name) estimate \(coefficient.estimate)")
                #expect(Self.agrees(coefficient.standardError, model.se[index]), "\(name) SE")
                #expect(Self.agrees(coefficient.statistic, model.t[index]), "\(name) t")
                #expect(Self.agrees(coefficient.pValue, model.p[index]), "\(name) p")
                #expect(Self.agrees(coefficient.confidenceInterval.lower, model.lower[index]), "\(name) lower")
                #expect(Self.agrees(coefficient.confidenceInterval.upper, model.upper[index]), "\(name) upper")
            }
            #expect(Self.agrees(fit.sigma, model.sigma), "\(context) sigma")
            #expect(Self.agrees(fit.rSquared, model.r2), "\(context) R²")
            #expect(Self.agrees(fit.adjustedRSquared, model.adjr2), "\(context) adjusted R²")
            if let fstat = model.fstat, let overall = fit.overall {
                #expect(Self.agrees(overall.statistic, fstat[0]) && overall.numeratorDegreesOfFreedom == Int(fstat[1])!, "\(context) F")
            }
            let sequential = fit.sequentialTests()
            #expect(sequential.map(\.term) == model.anova.map(\.term), "\(context) anova terms")
            for (test, expected) in zip(sequential, model.anova) {
                #expect(test.numeratorDegreesOfFreedom == expected.df, "\(context) \(test.term) df")
                #expect(Self.agrees(test.sumOfSquares ?? .nan, expected.ss), "\(context) \(test.term) SS")
                #expect(Self.agrees(test.statistic, expected.F) && Self.agrees(test.pValue, expected.p), "\(context) \(test.term) F")
            }
            let marginal = try fit.marginalTests()
            #expect(marginal.map(\.term) == model.wald.map(\.term), "\(context) type III terms")
            for (test, expected) in zip(marginal, model.wald) {
                #expect(test.numeratorDegreesOfFreedom == expected.df, "\(context) \(test.term) type III df")
                #expect(Self.agrees(test.statistic, expected.F) && Self.agrees(test.pValue, expected.p), "\(context) \(test.term) type III")
            }
            // Every left-out row is recorded, as R's na.omit drops them silently.
            #expect(fit.frame.response.count + fit.frame.incompleteRows.count == data.rowCount, "\(context)")
        }
    }

    @Test func aConstantResponseIsAClearErrorNotNaN() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("constant-\(UUID().uuidString).csv")
        try "y,arm\n3,a\n3,b\n3,a\n".write(to: url, atomically: false, encoding: .utf8)
        let table = try CSVReader.read(path: url.path)
        #expect(throws: LinearModelError.constantResponse(variable: "y", value: 3)) { try LinearModelFit.fit("y ~ arm", table: table) }
        #expect(throws: LinearModelError.self) { try LinearModelFit.fit("y ~ nonesuch", table: table) }
        #expect(throws: LinearModelError.self) { try LinearModelFit.fit("y ~ arm", table: table, references: ["arm": "placebo"]) }
    }
}
