import Testing
import ModelFrames
import TrialData
@testable import MixedModels

/// Estimated marginal means and contrasts against emmeans on lmer fits, by Kenward-Roger and by
/// Satterthwaite df: estimates and SEs to 1e-6, df and p to 1e-4.
struct MarginalMeansTests {
    static func compare(_ ours: [(label: String, test: ContrastTest, p: Double, lower: Double, upper: Double)],
                        _ reference: ReferenceFixture.EmmTable, _ what: String) {
        #expect(ours.map(\.label) == reference.labels, "\(what) labels")
        for (index, row) in ours.enumerated() where index < reference.labels.count {
            let label = "\(what) \(row.label)"
            #expect(agrees(row.test.estimate, number(reference.estimate[index]), 1e-6, floor: 1e-6), "\(label) estimate")
            #expect(agrees(row.test.standardError, number(reference.se[index]), 1e-6), "\(label) SE")
            #expect(agrees(row.test.degreesOfFreedom, number(reference.df[index]), 1e-4), "\(label) df \(row.test.degreesOfFreedom) vs \(reference.df[index])")
            #expect(agrees(row.p, number(reference.p[index]), 1e-4, floor: 1e-12), "\(label) p \(row.p) vs \(reference.p[index])")
            #expect(agrees(row.lower, number(reference.lower[index]), 1e-5, floor: 1e-3) && agrees(row.upper, number(reference.upper[index]), 1e-5, floor: 1e-3),
                    "\(label) interval")
        }
    }

    @Test(arguments: ReferenceFixture.shared.marginalMeans.map(\.name), [DegreesOfFreedomMethod.kenwardRoger, .satterthwaite])
    func agreeWithEmmeans(name: String, method: DegreesOfFreedomMethod) throws {
        let reference = try #require(ReferenceFixture.shared.marginalMeans.first { $0.name == name })
        let table = try CSVReader.read(path: ReferenceFixture.root.appendingPathComponent(reference.data).path)
        let fit = try LinearMixedModelFit.fit(Formula(reference.formula), table: table)
        let kr = method == .kenwardRoger ? try KenwardRoger(fit: fit) : nil
        let satterthwaite = method == .satterthwaite ? try Satterthwaite(fit: fit) : nil
        let test: ([Double]) throws(MixedModelError) -> ContrastTest = { (l: [Double]) throws(MixedModelError) -> ContrastTest in
            if let kr { return try kr.contrast(l) }
            return satterthwaite!.contrast(l)
        }
        let by = reference.by.map { ["factor(\($0))"] } ?? []
        let modes = method == .kenwardRoger ? reference.kenwardRoger : reference.satterthwaite
        func label(_ levels: [String]) -> String { levels.joined(separator: " | ") }
        for (comparison, adjustment, expected, what) in [
            (MarginalMeans.Comparison.pairwise, MarginalMeans.Adjustment.none, modes.pairwise, "pairwise"),
            (.pairwise, .tukey, modes.pairwiseTukey, "Tukey"),
            (.pairwise, .holm, modes.pairwiseHolm, "Holm"),
            (.control("saline"), .none, modes.control, "versus saline"),
        ] {
            let emm = try MarginalMeans(frame: fit.model.frame, estimableNames: fit.fixedEffectNames, specification: [reference.specs],
                                        by: by, comparison: comparison, adjustment: adjustment, test: test)
            if adjustment == .none, case .pairwise = comparison {
                Self.compare(emm.means.map { (label($0.levels), $0.test, $0.test.pValue, $0.lower, $0.upper) }, modes.means, "means")
            }
            Self.compare(emm.contrasts.map { (label([$0.label] + $0.by), $0.test, $0.pValue, $0.lower, $0.upper) }, expected, what)
        }
    }
}
