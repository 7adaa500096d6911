import Foundation
import Testing
import Analyses
import MixedModels
import ModelFrames
import TrialData

/// The README's example of TrialStats as a Swift library: an MMRM fitted and its LS-means and
/// contrasts read without the command line. The code between the markers is the README's,
/// line for line (the second test holds them together).
struct LibraryExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theReadmeExampleFitsTheMMRMAndReadsTheContrasts() throws {
        let path = Self.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
        // README example begins
        var source = TrialDataSource(path: path)
        source.declarations.references = ["arm": "saline"]
        let analysis = MixedModelAnalysis(formula: "vas ~ vas_bl + arm * visit + us(visit | subject)", degreesOfFreedom: .kenwardRoger,
                                          marginalMeans: try MarginalMeansRequest(factors: ["arm"], by: ["visit"], comparison: .control("saline")))
        let result = try analysis.run(on: source)
        for contrast in result.contrastEstimates where contrast.levels["visit"] == "week12" {
            print(contrast.label, contrast.estimate.estimate!, contrast.estimate.lower!, contrast.estimate.upper!, contrast.estimate.p!)
        }
        // README example ends
        #expect(result.converged && result.ledger.excludedByChecks == 0)
        #expect(result.marginalMeanEstimates.count == 12 && result.contrastEstimates.count == 8)
        // Source: Tests/MixedModelsTests/Fixtures/mmrm_oracle.json, case mmrm-trial us: emmeans pairs on mmrm's
        // Kenward-Roger-Linear fit (SAS's DDFM=KR for UN); dextrose − saline at week02 (as in MixedModelCommandTests).
        let first = try #require(result.contrastEstimates.first { $0.label == "dextrose - saline" && $0.levels == ["visit": "week02"] })
        #expect(abs((first.estimate.estimate ?? .nan) - -0.19500315787236255) <= 1e-6 * 0.195)
        #expect(abs((first.estimate.df ?? .nan) - 116.46863361898654) <= 1e-4 * 116.4)
    }

    /// The same fit from the low-level modules: the typed analysis adds checks, not numbers.
    @Test func theTypedAnalysisGivesTheLowLevelFitsNumbers() throws {
        let path = Self.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
        let table = try CSVReader.read(path: path)
        let formula = try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)")
        let fit = try RepeatedMeasuresFit.fit(formula, table: table, references: ["arm": "saline"])
        let inference = try FixedEffectsInference(fit: fit, method: .kenwardRoger)
        var source = TrialDataSource(path: path)
        source.declarations.references = ["arm": "saline"]
        let result = try MixedModelAnalysis(formula: formula.text, degreesOfFreedom: .kenwardRoger).run(on: source)
        #expect(result.fixed.map(\.term) == fit.model.fixedEffectNames)
        #expect(zip(result.fixed, inference.coefficients).allSatisfy { $0.estimate == $1.estimate && $0.df == $1.degreesOfFreedom })
    }

    @Test func theReadmeShowsTheTestedCode() throws {
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(test.firstIndex { $0.contains("// README example begins") })
        let end = try #require(test.firstIndex { $0.contains("// README example ends") })
        let tested = test[(begin + 1)..<end].map { $0.trimmingCharacters(in: .whitespaces) }
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(readme.firstIndex { $0 == "let path = \"Datasets/simulated-mmrm/mmrm-trial.csv\"" })
        let shown = readme[(start + 1)...].prefix { $0 != "```" }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(shown == tested)
    }
}
