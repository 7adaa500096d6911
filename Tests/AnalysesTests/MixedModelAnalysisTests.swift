import Foundation
import Testing
import Analyses
import MixedModels
import StatsCore
import TrialData

/// `MixedModelAnalysis` as a Swift caller meets it: options checked before any data, typed
/// warnings, a result that round-trips through its JSON, and the fitted-model protocol that lm,
/// linear mixed models and MMRMs share.
struct MixedModelAnalysisTests {
    static let demo = LibraryExampleTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
    static func reference(_ model: String, _ key: String) throws -> Double {
        let url = LibraryExampleTests.root.appendingPathComponent("Tests/AnalysesTests/Fixtures/fitted_models.json")
        let fixture = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any]
        let entry = try #require(fixture?[model] as? [String: Any])
        return try #require(entry[key] as? Double)
    }

    static func thrown(_ body: () throws(AnalysisError) -> Void) -> AnalysisError? {
        do { try body() } catch { return error }
        return nil
    }

    static func relativeDifference(_ a: Double?, _ b: Double) -> Double { abs((a ?? .nan) - b) / max(abs(b), 1e-300) }

    @Test func optionsThatDoNotGoTogetherAreRefusedBeforeAnyData() throws {
        #expect(throws: AnalysisError.self) { try MixedModelAnalysis(formula: "vas ~ arm + (1 | subject)", method: .ml, degreesOfFreedom: .kenwardRoger).check() }
        #expect(throws: AnalysisError.self) { try MixedModelAnalysis(formula: "vas ~ arm + (1 | subject)", weights: "w").check() }
        #expect(throws: AnalysisError.self) { try MixedModelAnalysis(formula: "vas ~ arm + us(visit | subject)", conditionalModes: true).check() }
        #expect(throws: AnalysisError.self) { try MixedModelAnalysis(formula: "vas ~ arm + us(visit | subject)", sandwich: .cr2).check() }
        let unclosed = Self.thrown { () throws(AnalysisError) in try MixedModelAnalysis(formula: "vas ~ arm + (1 | subject").check() }
        #expect(unclosed?.description.contains("vas ~ arm + (1 | subject") == true, "\(String(describing: unclosed))")
        if case .invalidFormula = unclosed {} else { Issue.record("not an invalid formula: \(String(describing: unclosed))") }
        #expect(throws: AnalysisError.self) { try MarginalMeansRequest.parsing(emmeans: nil, contrasts: "pairwise", adjust: "none") }
        #expect(throws: AnalysisError.self) { try MarginalMeansRequest.parsing(emmeans: "arm", contrasts: "control=saline", adjust: "tukey") }
        #expect(throws: AnalysisError.self) { try MarginalMeansRequest.parsing(emmeans: "arm | visit | site", contrasts: nil, adjust: "none") }
        let request = try MarginalMeansRequest.parsing(emmeans: "arm + sex | visit", contrasts: "control=saline", adjust: "holm")
        #expect(request == (try MarginalMeansRequest(factors: ["arm", "sex"], by: ["visit"], comparison: .control("saline"), adjustment: .holm)))
    }

    @Test func aSingularFitsWarningsAreTypedAndTheResultRoundTripsThroughJSON() throws {
        let table = try CSVReader.read(path: Self.demo)
        let result = try MixedModelAnalysis(formula: "vas ~ arm * visit + (1 + visit | subject)", fittedValues: true).run(on: table)
        #expect(result.singular)
        let singular = result.warnings.filter { $0.kind == .singular }
        #expect(singular.count == 1 && singular[0].message.contains("correlation of (Intercept) and visit"), "\(result.warnings)")
        #expect(result.messages == result.warnings.map(\.message))
        #expect(result.fittedValues?.count == result.nobs && result.scaledResiduals?.count == 5)
        let decoded = try JSONDecoder().decode(MixedModelResult.self, from: Data(try JSONText.encode(result).utf8))
        #expect(decoded == result)
    }

    @Test func lmLinearMixedModelsAndMMRMsAnswerTheSameQuestionsTheSameWay() throws {
        let table = try CSVReader.read(path: Self.demo)
        let linear = try LinearModelAnalysis(formula: "vas ~ arm * factor(visit) + age").run(on: table)
        let mixed = try MixedModelAnalysis(formula: "vas ~ arm + visit + (1 | subject)").run(on: table)
        let mmrm = try MixedModelAnalysis(formula: "vas ~ arm * factor(visit) + us(visit | subject)", degreesOfFreedom: .kenwardRoger,
                                          references: ["arm": "saline"]).run(on: table)
        let models: [any FittedModelResult] = [linear, mixed, mmrm]
        for model in models {
            #expect(model.coefficientEstimates.map(\.measure) == model.coefficientCovariance.terms)
            #expect(model.coefficientEstimates.allSatisfy { $0.lower != nil && $0.upper != nil && $0.df != nil })
            #expect(model.observationCount == 175)
        }
        // Source: Tests/AnalysesTests/Fixtures/fitted_models.json (fitted_models.R: R 4.2.2, stats' lm and logLik, AIC, BIC).
        #expect(Self.relativeDifference(linear.logLikelihood, try Self.reference("lm", "logLik")) < 1e-10)
        #expect(Self.relativeDifference(linear.fit.aic, try Self.reference("lm", "aic")) < 1e-10)
        #expect(Self.relativeDifference(linear.fit.bic, try Self.reference("lm", "bic")) < 1e-10)
        // Source: the same file, lme4 1.1.31's lmer (REML) logLik, AIC and BIC.
        #expect(Self.relativeDifference(mixed.logLikelihood, try Self.reference("lmer", "logLik")) < 1e-8)
        #expect(Self.relativeDifference(mixed.aic, try Self.reference("lmer", "aic")) < 1e-8)
        #expect(Self.relativeDifference(mixed.bic, try Self.reference("lmer", "bic")) < 1e-8)
        let slope = try #require(mixed.coefficientEstimate("visit"))
        // Source: the same file, lmer's fixef(): the fourth coefficient, visit.
        #expect(Self.relativeDifference(slope.estimate, -0.177248068163756) < 1e-7)
        #expect(mmrm.coefficientEstimate("armdextrose") != nil && mmrm.coefficientEstimate("armsaline") == nil)
    }

    /// A model read from a source is checked as every analysis is: a value outside its declared
    /// range is excluded and counted, the declared reference applies, and data that are not a
    /// trial in long form are modelled with a note saying what was not checked.
    @Test func aModelFromASourceIsCheckedAsEveryAnalysisIs() throws {
        var lines = try String(contentsOfFile: Self.demo, encoding: .utf8).split(separator: "\n").map(String.init)
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[4] = "42"
        lines[1] = fields.joined(separator: ",")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("source-\(UUID().uuidString).csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var source = TrialDataSource(path: path)
        source.declarations.ranges = ["vas": 0...10]
        source.declarations.references = ["arm": "saline"]
        let result = try MixedModelAnalysis(formula: "vas ~ arm + (1 | subject)").run(on: source)
        #expect(result.ledger.excludedByChecks == 1 && result.ledger.excluded.first?.lines == [2], "\(result.ledger)")
        #expect(result.coefficient("armdextrose") != nil && result.coefficient("armsaline") == nil)
        let sleep = TrialDataSource(path: LibraryExampleTests.root.appendingPathComponent("Datasets/lme4-examples/sleepstudy.csv").path)
        let modelled = try sleep.loadForModel(termColumns: ["Days"], response: "Reaction")
        #expect(modelled.note?.contains("not checked as a trial in long form") == true && modelled.table.rowCount == 180)
    }

    /// `messages` are the fit's and the tests' warnings; a reduced model's refits warn too, and
    /// those are in `warnings` only, with their kind.
    @Test func aComparedModelsWarningsAreTypedAndKeptOutOfMessages() throws {
        let table = try CSVReader.read(path: Self.demo)
        let result = try MixedModelAnalysis(formula: "vas ~ arm * visit + (1 + visit | subject)",
                                            reduced: "vas ~ arm + visit + (1 + visit | subject)").run(on: table)
        let compared = result.warnings.filter { $0.kind == .comparedModel }
        #expect(!compared.isEmpty && compared.allSatisfy { $0.message.hasPrefix("reduced model (ML): ") || $0.message.hasPrefix("full model (ML): ") })
        #expect(result.messages == result.warnings.filter { $0.kind != .comparedModel }.map(\.message))
    }

    /// Data that are not a trial in long form are modelled as they are, and the result says so.
    @Test func aModelOfDataThatAreNotATrialSaysWhatWasNotChecked() throws {
        var source = TrialDataSource(path: LibraryExampleTests.root.appendingPathComponent("Datasets/lme4-examples/sleepstudy.csv").path)
        source.declarations.ranges = ["Reaction": 0...1000]
        let mixed = try MixedModelAnalysis(formula: "Reaction ~ Days + (Days | Subject)").run(on: source)
        #expect(mixed.ledger.note?.contains("the declared ranges of Reaction were not applied") == true, "\(String(describing: mixed.ledger.note))")
        let linear = try LinearModelAnalysis(formula: "Reaction ~ Days").run(on: source)
        #expect(linear.dataNote == mixed.ledger.note)
        let checked = try MixedModelAnalysis(formula: "vas ~ arm + (1 | subject)").run(on: TrialDataSource(path: Self.demo))
        #expect(checked.ledger.note == nil)
    }

    /// The standard primary model: the post-baseline visits, the baseline value as covariate.
    /// The baseline rows are left out by the data step and counted; the fit is nlme's.
    @Test func theStandardModelOfPostBaselineVisitsWithTheBaselineAsCovariate() throws {
        var source = TrialDataSource(path: Self.demo)
        source.declarations.references = ["arm": "saline"]
        source.addedBaselines = ["vas"]
        source.selection = [try #require(RowCondition("visit > 0"))]
        let result = try MixedModelAnalysis(formula: "vas ~ vas_bl + arm * factor(visit) + us(visit | subject)").run(on: source)
        #expect(result.nobs == 115 && result.ledger.excludedByChecks == 60 && result.ledger.excluded.first?.reason.contains("where visit > 0") == true)
        // Source: Tests/AnalysesTests/Fixtures/baseline_covariate_mmrm.json (baseline_covariate_mmrm.R: nlme 3.1.162 gls,
        // corSymm + varIdent by visit, REML): logLik −192.88365202872, armdextrose −1.33296474600065, vas_bl 0.92975803316044.
        #expect(Self.relativeDifference(result.logLik, -192.88365202872) < 1e-9)
        #expect(Self.relativeDifference(result.coefficient("armdextrose")?.estimate, -1.33296474600065) < 1e-6)
        #expect(Self.relativeDifference(result.coefficient("vas_bl")?.estimate, 0.92975803316044) < 1e-6)
        #expect(RowCondition("visit") == nil && RowCondition("arm != placebo")?.op == .notEqual)
    }

    /// The change from baseline as the response, the arms recoded as a clinic labels them: nlme's fit.
    @Test func aChangeFromBaselineModelWithRecodedArms() throws {
        var source = TrialDataSource(path: Self.demo)
        source.declarations.recodes = ["arm": ["dextrose": "D5W"]]
        source.declarations.references = ["arm": "saline"]
        source.addedChanges = ["vas"]
        source.selection = [try #require(RowCondition("visit > 0"))]
        let result = try MixedModelAnalysis(formula: "vas_change ~ arm * factor(visit) + us(visit | subject)").run(on: source)
        #expect(result.nobs == 115)
        // Source: Tests/AnalysesTests/Fixtures/change_from_baseline_mmrm.json (change_from_baseline_mmrm.R: nlme 3.1.162 gls,
        // corSymm + varIdent by visit, REML): logLik −191.834947483433, armD5W −1.33511924015149, armD5W:visit12 −0.804943872856608.
        #expect(Self.relativeDifference(result.logLik, -191.834947483433) < 1e-9)
        #expect(Self.relativeDifference(result.coefficient("armD5W")?.estimate, -1.33511924015149) < 1e-6)
        #expect(Self.relativeDifference(result.coefficient("armD5W:factor(visit)12")?.estimate, -0.804943872856608) < 1e-6)
        // The baseline rows kept: the change is 0 there by definition, and the fit is refused.
        source.selection = []
        #expect(throws: TrialDataSource.LoadError.self) { try MixedModelAnalysis(formula: "vas_change ~ arm * factor(visit) + us(visit | subject)").run(on: source) }
    }

    /// Conditional modes of a nested factor held in copies come out under their own levels.
    @Test func conditionalModesOfANestedFactorNameTheirOwnLevels() throws {
        let path = LibraryExampleTests.root.appendingPathComponent("Datasets/lme4-examples/Pastes.csv").path
        let result = try MixedModelAnalysis(formula: "strength ~ 1 + (1 | batch/cask)", conditionalModes: true)
            .run(on: try CSVReader.read(path: path))
        let modes = try #require(result.conditionalModes)
        #expect(modes.filter { $0.group == "cask:batch" }.count == 30 && modes.filter { $0.group == "batch" }.count == 10)
        // Source: Tests/MixedModelsTests/Fixtures/lmm_reference.json (lmm_reference.R, lme4 1.1-31), Pastes (nested):
        // ranef(fit, condVar = TRUE): cask:batch a:A 1.7746870018023333 (conditional variance 1.303526143459556),
        // a:B 0.88365565225538467, a:C −2.5722086845604131; batch A 0.80064427573022023 (1.0577989985525296).
        for (group, level, value, variance) in [("cask:batch", "a:A", 1.7746870018023333, 1.303526143459556),
                                                ("cask:batch", "a:B", 0.88365565225538467, 1.303526143459556),
                                                ("cask:batch", "a:C", -2.5722086845604131, 1.303526143459556),
                                                ("batch", "A", 0.80064427573022023, 1.0577989985525296)] {
            let mode = try #require(modes.first { $0.group == group && $0.level == level })
            #expect(Self.relativeDifference(mode.mode, value) < 1e-5, "\(group) \(level) \(mode.mode ?? .nan)")
            #expect(Self.relativeDifference(mode.conditionalSD, variance.squareRoot()) < 1e-5, "\(group) \(level) SD")
        }
    }
}
