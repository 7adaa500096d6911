#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import StatsCore

/// Standardized mean differences between two groups or two occasions, with the noncentral-t
/// intervals of R's effectsize (0.8.3): d = t·√h, so the interval for the noncentrality λ of the
/// observed t, times √h, is the interval for d.
public enum StandardizedDifference {
    /// Cohen's d with the pooled SD: (mean₁ − mean₂) / s_pooled; h = 1/n₁ + 1/n₂, df = n₁ + n₂ − 2.
    public static func cohensD(_ treatment: [Double], _ control: [Double], level: Double = 0.95) throws(EffectSizeError) -> EffectSize {
        let (d, h, df) = try pooled(treatment, control)
        return try withInterval(.cohensD, estimate: d, h: h, df: df, level: level, correction: 1)
    }

    /// Hedges' g: d × J(df) with the exact J = Γ(df/2) / (√(df/2) Γ((df − 1)/2)), applied to the
    /// interval too, as effectsize does.
    public static func hedgesG(_ treatment: [Double], _ control: [Double], level: Double = 0.95) throws(EffectSizeError) -> EffectSize {
        let (d, h, df) = try pooled(treatment, control)
        return try withInterval(.hedgesG, estimate: d, h: h, df: df, level: level, correction: hedgesJ(df))
    }

    /// Glass's Δ: (mean₁ − mean₂) / s₂, the control group's SD; h = 1/n₂ + s₁²/(n₁ s₂²), df = n₂ − 1.
    public static func glassDelta(_ treatment: [Double], _ control: [Double], level: Double = 0.95) throws(EffectSizeError) -> EffectSize {
        let a = Sample(treatment), b = Sample(control)
        try require(a, "the treatment group", 2)
        try require(b, "the control group", 2)
        guard b.standardDeviation > 0 else { throw .zeroStandardDeviation(group: "the control group") }
        let delta = (a.mean - b.mean) / b.standardDeviation
        let h = 1 / Double(b.count) + a.variance / (Double(a.count) * b.variance)
        return try withInterval(.glassDelta, estimate: delta, h: h, df: Double(b.count - 1), level: level, correction: 1)
    }

    /// d_z: mean of the differences (after − before) / their SD; h = 1/n, df = n − 1.
    public static func pairedDz(before: [Double], after: [Double], level: Double = 0.95) throws(EffectSizeError) -> EffectSize {
        let differences = try pairs(before, after).map { $0.1 - $0.0 }
        let sample = Sample(differences)
        try require(sample, "the paired differences", 2)
        guard sample.standardDeviation > 0 else { throw .zeroStandardDeviation(group: "the paired differences") }
        return try withInterval(.pairedDz, estimate: sample.mean / sample.standardDeviation, h: 1 / Double(sample.count),
                                df: Double(sample.count - 1), level: level, correction: 1)
    }

    /// The standardized response mean of change scores: mean / SD; a one-sample d with its
    /// noncentral-t interval (h = 1/n, df = n − 1).
    public static func standardizedResponseMean(_ change: [Double], level: Double = 0.95) throws(EffectSizeError) -> EffectSize {
        let sample = Sample(change)
        try require(sample, "the change scores", 2)
        guard sample.standardDeviation > 0 else { throw .zeroStandardDeviation(group: "the change scores") }
        return try withInterval(.standardizedResponseMean, estimate: sample.mean / sample.standardDeviation,
                                h: 1 / Double(sample.count), df: Double(sample.count - 1), level: level, correction: 1)
    }

    /// d_av: mean difference / the mean of the two SDs (Cumming 2012). No interval: there is no
    /// established one.
    public static func pairedDav(before: [Double], after: [Double]) throws(EffectSizeError) -> EffectSize {
        let paired = try pairs(before, after)
        let first = Sample(paired.map(\.0)), second = Sample(paired.map(\.1))
        try require(first, "the paired values", 2)
        let average = (first.standardDeviation + second.standardDeviation) / 2
        guard average > 0 else { throw .zeroStandardDeviation(group: "the paired values") }
        return EffectSize(kind: .pairedDav, estimate: (second.mean - first.mean) / average, confidenceInterval: nil,
                          intervalMethod: "none (no established interval for d_av)", variance: nil)
    }

    /// d_rm: mean difference / √(s₁² + s₂² − 2 r s₁ s₂) × √(2(1 − r)) (Morris & DeShon 2002).
    public static func pairedDrm(before: [Double], after: [Double]) throws(EffectSizeError) -> EffectSize {
        let paired = try pairs(before, after)
        let first = Sample(paired.map(\.0)), second = Sample(paired.map(\.1))
        try require(first, "the paired values", 3)
        let s1 = first.standardDeviation, s2 = second.standardDeviation
        guard s1 > 0, s2 > 0 else { throw .zeroStandardDeviation(group: "the paired values") }
        let covariance = zip(paired.map(\.0), paired.map(\.1)).reduce(0) { $0 + ($1.0 - first.mean) * ($1.1 - second.mean) }
            / Double(paired.count - 1)
        let r = covariance / (s1 * s2)
        let differenceSD = (s1 * s1 + s2 * s2 - 2 * r * s1 * s2).squareRoot()
        guard differenceSD > 0 else { throw .zeroStandardDeviation(group: "the paired differences") }
        return EffectSize(kind: .pairedDrm, estimate: (second.mean - first.mean) / differenceSD * (2 * (1 - r)).squareRoot(),
                          confidenceInterval: nil, intervalMethod: "none (no established interval for d_rm)", variance: nil)
    }

    /// Morris (2008) d_ppc2: c_p × [(post_T − pre_T) − (post_C − pre_C)] / SD_pre (pooled over both
    /// groups), c_p = 1 − 3/(4(n_T + n_C − 2) − 1), with its variance (Morris 2008, eq. 25), using
    /// the pooled pre-post correlation and the estimate in place of the population effect.
    /// Change is "after minus before"; a negative d_ppc2 is a larger fall in the treatment group.
    public static func morrisDppc2(
        treatmentBefore: [Double], treatmentAfter: [Double], controlBefore: [Double], controlAfter: [Double], level: Double = 0.95
    ) throws(EffectSizeError) -> EffectSize {
        let treatment = try pairs(treatmentBefore, treatmentAfter), control = try pairs(controlBefore, controlAfter)
        let preT = Sample(treatment.map(\.0)), postT = Sample(treatment.map(\.1))
        let preC = Sample(control.map(\.0)), postC = Sample(control.map(\.1))
        try require(preT, "the treatment group", 3)
        try require(preC, "the control group", 3)
        let nT = Double(preT.count), nC = Double(preC.count)
        let pooledPre = (((nT - 1) * preT.variance + (nC - 1) * preC.variance) / (nT + nC - 2)).squareRoot()
        guard pooledPre > 0 else { throw .zeroStandardDeviation(group: "the pre-test values") }
        for (sample, name) in [(preT, "the treatment group's pre-test values"), (postT, "the treatment group's post-test values"),
                               (preC, "the control group's pre-test values"), (postC, "the control group's post-test values")]
        where !(sample.standardDeviation > 0) {
            // The pre-post correlation, and with it the variance, is undefined.
            throw .zeroStandardDeviation(group: name)
        }
        let correction = 1 - 3 / (4 * (nT + nC - 2) - 1)
        let d = correction * ((postT.mean - preT.mean) - (postC.mean - preC.mean)) / pooledPre
        // The pre-post correlation, pooled: the correlations weighted by n − 1.
        func correlation(_ pairs: [(Double, Double)], _ before: Sample, _ after: Sample) -> Double {
            pairs.reduce(0) { $0 + ($1.0 - before.mean) * ($1.1 - after.mean) } / Double(pairs.count - 1)
                / (before.standardDeviation * after.standardDeviation)
        }
        let rho = ((nT - 1) * correlation(treatment, preT, postT) + (nC - 1) * correlation(control, preC, postC)) / (nT + nC - 2)
        let sizes = (nT + nC) / (nT * nC)
        let variance = 2 * correction * correction * (1 - rho) * sizes * ((nT + nC - 2) / (nT + nC - 4))
            * (1 + d * d / (2 * (1 - rho) * sizes)) - d * d
        guard level > 0, level < 1 else { throw .invalidConfidenceLevel(level) }
        let z = (try? Normal.standard.quantile(1 - (1 - level) / 2)) ?? .nan
        let half = z * variance.squareRoot()
        return EffectSize(kind: .morrisDppc2, estimate: d, confidenceInterval: ConfidenceInterval(lower: d - half, upper: d + half, level: level),
                          intervalMethod: "normal, with the variance of Morris (2008, eq. 25)", variance: variance)
    }

    // MARK: - Shared steps

    static func pooled(_ treatment: [Double], _ control: [Double]) throws(EffectSizeError) -> (Double, Double, Double) {
        let a = Sample(treatment), b = Sample(control)
        try require(a, "the treatment group", 2)
        try require(b, "the control group", 2)
        let df = Double(a.count + b.count - 2)
        let pooledSD = (((Double(a.count) - 1) * a.variance + (Double(b.count) - 1) * b.variance) / df).squareRoot()
        guard pooledSD > 0 else { throw .zeroStandardDeviation(group: "both groups") }
        return ((a.mean - b.mean) / pooledSD, 1 / Double(a.count) + 1 / Double(b.count), df)
    }

    /// J(df) = Γ(df/2) / (√(df/2) Γ((df − 1)/2)), computed on the log scale.
    public static func hedgesJ(_ df: Double) -> Double {
        exp(lgamma(df / 2) - log((df / 2).squareRoot()) - lgamma((df - 1) / 2))
    }

    static func withInterval(
        _ kind: EffectSizeKind, estimate: Double, h: Double, df: Double, level: Double, correction: Double
    ) throws(EffectSizeError) -> EffectSize {
        let (low, high) = try NoncentralTInterval.limits(t: estimate / h.squareRoot(), degreesOfFreedom: df, level: level)
        return EffectSize(kind: kind, estimate: estimate * correction,
                          confidenceInterval: ConfidenceInterval(lower: low * h.squareRoot() * correction,
                                                                 upper: high * h.squareRoot() * correction, level: level),
                          intervalMethod: "noncentral t (df = \(df == df.rounded() ? String(Int(df)) : String(df)))", variance: nil)
    }

    static func require(_ sample: Sample, _ name: String, _ needed: Int) throws(EffectSizeError) {
        guard sample.count >= needed else { throw .tooFewObservations(group: name, count: sample.count, needed: needed) }
    }

    /// Pairs with both values present.
    static func pairs(_ before: [Double], _ after: [Double]) throws(EffectSizeError) -> [(Double, Double)] {
        guard before.count == after.count else { throw .unequalPairs(first: before.count, second: after.count) }
        return zip(before, after).filter { $0.0.isFinite && $0.1.isFinite }
    }
}
