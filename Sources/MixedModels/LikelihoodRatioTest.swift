import Distributions
import ModelFrames
import TrialData

/// A likelihood-ratio test between two nested linear mixed models, as lme4's
/// `anova(reduced, full)`: both fitted by ML (REML likelihoods of models with different fixed
/// effects are not comparable), χ² = deviance(reduced) − deviance(full) on the difference in
/// parameter counts.
public struct LikelihoodRatioTest: Sendable {
    public let reduced: LinearMixedModelFit
    public let full: LinearMixedModelFit
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
    /// True when a REML fit was refitted by ML for the test; the report says so.
    public let refitted: Bool

    /// Fits both formulas by ML on the same table and tests. The models must use the same rows
    /// (a variable missing in one model only would change the data, not just the model) and
    /// the reduced model's fixed effects must be among the full model's.
    public static func fit(
        reduced: Formula, full: Formula, table: Table, options: MixedModelOptions = MixedModelOptions(),
        references: [String: String] = [:]
    ) throws(MixedModelError) -> LikelihoodRatioTest {
        let small: LinearMixedModelFit
        do {
            small = try LinearMixedModelFit.fit(reduced, table: table, method: .ml, options: options, references: references)
        } catch .noRandomEffects {
            throw .notComparable("the reduced model \(reduced.text) has no random-effects term; testing every random effect "
                                 + "against a linear model puts all the variances on their boundary, and is not offered")
        }
        let large = try LinearMixedModelFit.fit(full, table: table, method: .ml, options: options, references: references)
        return try LikelihoodRatioTest(reduced: small, full: large, refitted: true)
    }

    public init(reduced: LinearMixedModelFit, full: LinearMixedModelFit, refitted: Bool = false) throws(MixedModelError) {
        guard reduced.method == .ml, full.method == .ml else { throw .notComparable("both models must be fitted by ML") }
        guard reduced.model.frame.formula.response == full.model.frame.formula.response else {
            throw .notComparable("the models have different responses")
        }
        guard reduced.model.frame.rows == full.model.frame.rows else {
            throw .notComparable("the models use different rows (\(reduced.observationCount) and \(full.observationCount)); "
                                 + "a variable missing in one model only changes the data as well as the model")
        }
        let extra = Set(reduced.fixedEffectNames).subtracting(full.fixedEffectNames)
        guard extra.isEmpty else {
            throw .notComparable("the reduced model's fixed effects \(extra.sorted().joined(separator: ", ")) are not in the full model")
        }
        guard reduced.parameterCount < full.parameterCount else {
            throw .notComparable("the reduced model has \(reduced.parameterCount) parameters and the full model \(full.parameterCount); "
                                 + "the full model must have more")
        }
        self.reduced = reduced
        self.full = full
        self.refitted = refitted
        statistic = max(reduced.deviance - full.deviance, 0)
        degreesOfFreedom = full.parameterCount - reduced.parameterCount
        pValue = (try? ChiSquared(degreesOfFreedom: Double(degreesOfFreedom)))?.ccdf(statistic) ?? .nan
    }

    /// True when the full model's extra parameters include a variance: the null value is on the
    /// boundary and the χ² p-value is conservative (Self & Liang 1987; Stram & Lee 1994).
    public var testsVarianceOnBoundary: Bool { full.theta.count > reduced.theta.count }
}
