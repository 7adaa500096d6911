import Foundation
import Testing
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
        let table = try CSVReader.read(path: path)
        let formula = try Formula("vas ~ vas_bl + arm * visit + us(visit | subject)")
        let fit = try RepeatedMeasuresFit.fit(formula, table: table, references: ["arm": "saline"])
        let inference = try FixedEffectsInference(fit: fit, method: .kenwardRoger)
        let lsmeans = try MarginalMeans(frame: fit.model.frame, estimableNames: fit.model.fixedEffectNames,
                                        specification: ["arm"], by: ["visit"], comparison: .control("saline"),
                                        test: inference.test)
        for contrast in lsmeans.contrasts where contrast.by == ["week12"] {
            print(contrast.label, contrast.test.estimate, contrast.lower, contrast.upper, contrast.pValue)
        }
        // README example ends
        #expect(fit.converged)
        #expect(lsmeans.means.count == 12 && lsmeans.contrasts.count == 8)
        // Source: Tests/MixedModelsTests/Fixtures/mmrm_reference.json, case "unstructured": emmeans on gls at its polished
        // optimum with pbkrtest's Kenward-Roger df; dextrose − saline at week02 (as in MixedModelCommandTests).
        let first = try #require(lsmeans.contrasts.first { $0.label == "dextrose - saline" && $0.by == ["week02"] })
        #expect(abs(first.test.estimate - -0.19500315792751668) <= 1e-6 * 0.195)
        #expect(abs(first.test.degreesOfFreedom - 116.42067932983605) <= 1e-4 * 116.4)
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
