import Foundation
import Testing
@testable import TrialSimulation

/// The design file: what it reads, and what it refuses with the key's path.
struct DesignFileTests {
    static let text = """
        visits: [baseline, week6, week12]
        arms:
          - {name: saline, means: [5, 4.5, 4], mar-dropout: {intercept: -3.5, slope: 0.8}}
          - {name: dextrose, allocation: 2, means: [5, 4, 3], retention: [1, 0.9, 0.85]}
        control: saline
        covariance: {structure: cs, sd: [2, 2.1, 2.2], rho: 0.5}
        analysis: {method: ancova, visit: week12, alternative: less, alpha: 0.025}
        n: 30
        replicates: 100

        """

    @Test func readsEveryPart() throws {
        let design = try DesignFile.read(Self.text, source: "design.yaml")
        #expect(design.arms[0].marDropout == .init(intercept: -3.5, slope: 0.8) && design.arms[0].retention == [1, 1, 1])
        #expect(design.arms[1].allocation == 2 && design.armSizes(30) == [30, 60])
        #expect(design.analysis == PlannedAnalysis(method: .ancova, visit: "week12", alpha: 0.025, alternative: .less))
        #expect(design.sampleSizes == [30] && design.seed == 1 && design.targetPower == 0.8)
        #expect(design.covariance.covariance(visits: 3)?[0][2] == 2 * 2.2 * 0.5)
    }

    @Test(arguments: [
        ("mar-dropout: {intercept: -3.5, slope: 0.8}", "mar-dropout: {intercept: -3.5}", "arms[1].mar-dropout: needs intercept and slope"),
        ("visit: week12", "visit: baseline", "an ANCOVA adjusts for the first visit (baseline), so it analyses a later one"),
        ("method: ancova", "method: anova", "analysis.method: expected mmrm, t-test, ancova"),
        ("allocation: 2", "allocation: -2", "arms.dextrose.allocation: -2.0 is not a positive number"),
        ("n: 30", "n: [30, 30]", "n: a sample size is repeated"),
    ])
    func refusesWithThePath(original: String, replacement: String, message: String) {
        do {
            _ = try DesignFile.read(Self.text.replacingOccurrences(of: original, with: replacement), source: "design.yaml")
            Issue.record("accepted: \(replacement)")
        } catch {
            #expect(error.description.hasPrefix("design.yaml: ") && error.description.contains(message), "\(error)")
        }
    }
}
