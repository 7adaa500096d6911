import Foundation

/// Between-arm effects from summary means, as metafor's escalc computes them: the mean
/// difference ("MD"), Hedges' g ("SMD"), and pre-post-control standardized changes ("SMCR" per
/// arm, differenced) and Morris's d_ppc2.
public enum MeanEffects {
    /// MD = m₁ − m₂ with v = s₁²/n₁ + s₂²/n₂ (no equal-variance assumption).
    public static func meanDifference(_ treatment: ArmSummary, _ control: ArmSummary, study: String) throws(MetaAnalysisError) -> StudyEffect {
        try requireTwoPerArm(treatment, control, study: study)
        return try checked(StudyEffect(study: study, estimate: treatment.mean - control.mean,
                                variance: treatment.variance / treatment.count + control.variance / control.count))
    }

    /// Hedges' g = J(m)·(m₁ − m₂)/s_pooled with the exact correction J(m) = Γ(m/2)/(√(m/2) Γ((m−1)/2)),
    /// m = n₁ + n₂ − 2, and escalc's default large-sample variance 1/n₁ + 1/n₂ + g²/(2(n₁ + n₂)).
    public static func hedgesG(_ treatment: ArmSummary, _ control: ArmSummary, study: String) throws(MetaAnalysisError) -> StudyEffect {
        try requireTwoPerArm(treatment, control, study: study)
        let n1 = treatment.count, n2 = control.count, m = n1 + n2 - 2
        let pooled = (((n1 - 1) * treatment.variance + (n2 - 1) * control.variance) / m).squareRoot()
        guard pooled > 0 else { throw .notComputable("study \(study): both SDs are 0, so a standardized difference is undefined") }
        let g = correction(m) * (treatment.mean - control.mean) / pooled
        return try checked(StudyEffect(study: study, estimate: g, variance: 1 / n1 + 1 / n2 + g * g / (2 * (n1 + n2))))
    }

    /// An arm of one has no SD, and with three patients in all the correction J(1) is 0, which
    /// would enter the study as g = 0 with a weight; metafor gives no effect for it either.
    static func requireTwoPerArm(_ treatment: ArmSummary, _ control: ArmSummary, study: String) throws(MetaAnalysisError) {
        guard treatment.count >= 2, control.count >= 2 else {
            throw .notComputable("study \(study): an arm has n = \(String(format: "%g", min(treatment.count, control.count))); a mean difference needs at least 2 in each arm (leave the study out)")
        }
    }

    /// The small-sample correction of a standardized mean with m degrees of freedom.
    public static func correction(_ m: Double) -> Double {
        exp(lgamma(m / 2) - log((m / 2).squareRoot()) - lgamma((m - 1) / 2))
    }

    /// One arm's standardized mean change with raw-score standardization ("SMCR"):
    /// J(n − 1)·(post − pre)/SD_pre, variance 2(1 − r)/n + d²/(2n) (Becker 1988).
    public static func standardizedMeanChange(_ arm: PrePostSummary, study: String) throws(MetaAnalysisError) -> StudyEffect {
        let n = arm.count
        guard arm.preStandardDeviation > 0 else { throw .notComputable("study \(study): the pre-test SD is 0") }
        let d = correction(n - 1) * (arm.postMean - arm.preMean) / arm.preStandardDeviation
        return try checked(StudyEffect(study: study, estimate: d, variance: 2 * (1 - arm.correlation) / n + d * d / (2 * n)))
    }

    /// Treatment minus control standardized mean change, variances summed: metafor's way with
    /// pre-post-control data (its Morris 2008 example); each arm is standardized by its own pre SD.
    public static func standardizedMeanChangeDifference(_ treatment: PrePostSummary, _ control: PrePostSummary, study: String) throws(MetaAnalysisError) -> StudyEffect {
        let t = try standardizedMeanChange(treatment, study: study), c = try standardizedMeanChange(control, study: study)
        return try checked(StudyEffect(study: study, estimate: t.estimate - c.estimate, variance: t.variance + c.variance))
    }

    /// Morris (2008) d_ppc2 from summaries: c_p·[(post_T − pre_T) − (post_C − pre_C)]/SD_pre,pooled,
    /// c_p = 1 − 3/(4(n_T + n_C − 2) − 1), with the variance of eq. 25; ρ is the pre-post
    /// correlation pooled over arms with weights n − 1.
    public static func dppc2(_ treatment: PrePostSummary, _ control: PrePostSummary, study: String) throws(MetaAnalysisError) -> StudyEffect {
        let nT = treatment.count, nC = control.count
        guard nT + nC > 4 else { throw .notComputable("study \(study): d_ppc2's variance needs n_T + n_C > 4") }
        let pooledPre = (((nT - 1) * treatment.preStandardDeviation * treatment.preStandardDeviation
                          + (nC - 1) * control.preStandardDeviation * control.preStandardDeviation) / (nT + nC - 2)).squareRoot()
        guard pooledPre > 0 else { throw .notComputable("study \(study): the pre-test SDs are 0") }
        let cp = 1 - 3 / (4 * (nT + nC - 2) - 1)
        let d = cp * ((treatment.postMean - treatment.preMean) - (control.postMean - control.preMean)) / pooledPre
        let rho = ((nT - 1) * treatment.correlation + (nC - 1) * control.correlation) / (nT + nC - 2)
        let sizes = (nT + nC) / (nT * nC)
        let variance = 2 * cp * cp * (1 - rho) * sizes * ((nT + nC - 2) / (nT + nC - 4)) * (1 + d * d / (2 * (1 - rho) * sizes)) - d * d
        return try checked(StudyEffect(study: study, estimate: d, variance: variance))
    }

    static func checked(_ effect: StudyEffect) throws(MetaAnalysisError) -> StudyEffect {
        guard effect.estimate.isFinite else { throw .notComputable("study \(effect.study): the effect is not finite") }
        guard effect.variance.isFinite, effect.variance > 0 else { throw .invalidVariance(study: effect.study, variance: effect.variance) }
        return effect
    }
}
