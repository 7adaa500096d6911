import Testing
@testable import MixedModels

/// The profiled objective and everything read off L, evaluated at lme4's θ: this checks the
/// blocked algebra without the optimizer.
struct ObjectiveTests {
    static let names = ReferenceFixture.shared.cases.map(\.name)

    @Test(arguments: names)
    func objectiveAndSolutionsAtLme4sThetaAgree(name: String) throws {
        let reference = ReferenceFixture.case(name)
        var model = try ReferenceFixture.model(reference)
        #expect(model.thetaNames == reference.thetaNames)
        let objective = model.objective(at: numbers(reference.theta))
        #expect(agrees(objective, number(reference.objective), 1e-12), "objective \(objective)")
        let other: EstimationMethod = reference.REML ? .ml : .reml
        if reference.REML {
            #expect(agrees(model.objective(for: other), number(reference.deviance), 1e-12), "ML deviance at the REML θ")
        }
        #expect(model.fixedEffectNames == reference.fixed)
        #expect(agrees(model.fixedEffects, numbers(reference.beta), 1e-10), "β \(model.fixedEffects)")
        #expect(agrees(model.sigma, number(reference.sigma), 1e-10))
        #expect(agrees(model.fixedEffectsCovariance.storage, numbers(reference.vcov), 1e-9), "vcov")
        #expect(agrees(model.fittedValues, numbers(reference.fitted), 1e-10), "fitted")
        #expect(agrees(model.residuals, numbers(reference.residuals), 1e-8, floor: 1e-3), "residuals")
        // Conditional modes: lme4 groups terms by grouping factor; ours are per term, `||` terms amalgamated and a nested
        // term held in copies within its outer factor's term: each formula term is a block of one of ours.
        let modes = model.conditionalModes, variances = model.conditionalVariances
        for group in reference.conditionalModes {
            let owners = model.terms.indices.flatMap { index in model.terms[index].blocks.map { (index, $0) } }
                .filter { $0.1.term.groupingLabel == group.group }
            let effects = owners.flatMap { index, block in block.effects.map { model.terms[index].effectNames[$0] } }
            #expect(effects == group.effects, "\(group.group) effects")
            try #require(!owners.isEmpty)
            #expect(owners[0].1.levels == group.levels)
            // R: levels × effects column-major.
            var ours: [Double] = []
            var oursVariances: [Double] = []
            for (termIndex, block) in owners {
                let k = model.terms[termIndex].effectCount
                let places = block.levels.indices.map { block.placement(ofLevel: $0) }
                for effect in block.effects { for place in places { ours.append(modes[termIndex][place.level * k + effect + place.effectShift]) } }
                if group.conditionalVarianceLayout == "perEffect" {
                    // lme4's terms of one factor (`||`) each have a variance per level; ours are one
                    // amalgamated term, whose per-level blocks hold them on their diagonals.
                    for effect in block.effects {
                        for place in places {
                            let index = effect + place.effectShift
                            oursVariances.append(variances[termIndex][place.level * k * k + index * k + index])
                        }
                    }
                } else {
                    for place in places {
                        for j in block.effects {
                            for i in block.effects {
                                oursVariances.append(variances[termIndex][place.level * k * k + (j + place.effectShift) * k + i + place.effectShift])
                            }
                        }
                    }
                }
            }
            #expect(agrees(ours, numbers(group.values), 1e-8, floor: 1e-6), "\(group.group) modes, worst \(largestRelativeDifference(ours, numbers(group.values), floor: 1e-6))")
            #expect(agrees(oursVariances, numbers(group.conditionalVariances), 1e-8, floor: 1e-10), "\(group.group) conditional variances")
        }
    }
}
