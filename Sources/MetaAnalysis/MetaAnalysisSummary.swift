import Distributions
import Foundation
import StatsCore

/// A fitted meta-analysis: the pooled effect with its test, interval and prediction interval,
/// and the heterogeneity statistics, named as metafor prints them.
public struct MetaAnalysisSummary: Codable, Sendable, Equatable {
    public let options: MetaAnalysisOptions
    public let studies: [StudyEffect]
    /// The weight of each study in percent, in the order of `studies`.
    public let weights: [Double]
    public let estimate: Double
    public let standardError: Double
    /// z, or t with k − 1 df under Hartung-Knapp.
    public let statistic: Double
    public let degreesOfFreedom: Double?
    public let pValue: Double
    public let confidenceInterval: ConfidenceInterval
    /// For a new study's true effect: estimate ± crit·√(SE² + τ²); for the fixed model, the CI.
    public let predictionInterval: ConfidenceInterval
    public let tau2: Double
    public let tau2StandardError: Double?
    /// Cochran's Q with the fixed-effect weights, its df k − 1 and p.
    public let q: Double
    public let qDegreesOfFreedom: Int
    public let qPValue: Double
    /// I² in percent and H²: from Q for the fixed model, from τ² and the typical within-study
    /// variance s² = (k − 1)Σw / ((Σw)² − Σw²) for random effects, as metafor reports them.
    public let iSquared: Double
    public let hSquared: Double
    /// Q-profile interval of τ² (Viechtbauer 2007), and the I² and H² it implies; random effects only.
    public let tau2Interval: ConfidenceInterval?
    public let iSquaredInterval: ConfidenceInterval?
    public let hSquaredInterval: ConfidenceInterval?
    /// What the fit changed from what was asked, in words (Hartung-Knapp without residual heterogeneity).
    public var warnings: [String] = []

    public var k: Int { studies.count }

    public init(_ studies: [StudyEffect], options: MetaAnalysisOptions = MetaAnalysisOptions()) throws(MetaAnalysisError) {
        guard options.level > 0, options.level < 1 else {
            throw .notComputable("confidence level \(options.level); expected a number strictly between 0 and 1")
        }
        let needed = options.estimator == .fixed && !options.hartungKnapp ? 1 : 2
        guard studies.count >= needed else { throw .tooFewStudies(count: studies.count, needed: needed, method: options.estimator.name) }
        for study in studies where !(study.variance.isFinite && study.variance > 0) || !study.estimate.isFinite {
            throw .invalidVariance(study: study.study, variance: study.variance)
        }
        self.options = options
        self.studies = studies
        let y = studies.map(\.estimate), v = studies.map(\.variance)
        let k = studies.count, df = k - 1

        let fixedWeights = v.map { 1 / $0 }
        let fixed = WeightedMean(y, weights: fixedWeights)
        q = fixed.q
        qDegreesOfFreedom = df
        qPValue = df > 0 ? ChiSquaredTail.upper(q, df: Double(df)) : .nan

        let (tau2, tau2SE) = try options.estimator.estimate(studies)
        self.tau2 = tau2
        tau2StandardError = tau2SE
        let w = v.map { 1 / ($0 + tau2) }
        let pooled = WeightedMean(y, weights: w)
        estimate = pooled.mean
        weights = w.map { 100 * $0 / pooled.sumOfWeights }

        let sw = fixedWeights.reduce(0, +), sw2 = fixedWeights.reduce(0) { $0 + $1 * $1 }
        let typicalVariance = Double(df) * sw / (sw * sw - sw2)
        if options.estimator == .fixed {
            iSquared = df > 0 ? max(0, 100 * (q - Double(df)) / q) : .nan
            hSquared = df > 0 ? q / Double(df) : .nan
        } else {
            iSquared = 100 * tau2 / (tau2 + typicalVariance)
            hSquared = (tau2 + typicalVariance) / typicalVariance
        }

        let critical: Double
        if options.hartungKnapp {
            var residual = pooled.q / Double(df)
            // Studies that agree exactly leave no residual variance: the scaled SE would be 0, the
            // interval a point and p 0. The ad hoc correction (metafor's test = "adhoc") keeps the
            // unscaled SE there.
            if !(residual > 1e-12) {
                residual = 1
                warnings.append("Hartung-Knapp: the studies' estimates agree exactly (no residual heterogeneity), so its scaling would "
                                + "give an interval of no width; the unscaled SE is used, as the ad hoc correction (metafor's test = \"adhoc\") would, with t on \(df) df")
            }
            standardError = (residual / pooled.sumOfWeights).squareRoot()
            degreesOfFreedom = Double(df)
            critical = try Quantiles.t(options.level, df: Double(df))
            statistic = estimate / standardError
            pValue = try Quantiles.twoSidedT(statistic, df: Double(df))
        } else {
            standardError = (1 / pooled.sumOfWeights).squareRoot()
            degreesOfFreedom = nil
            critical = try Quantiles.normal(options.level)
            statistic = estimate / standardError
            pValue = 2 * Normal.standard.ccdf(abs(statistic))
        }
        confidenceInterval = ConfidenceInterval(lower: estimate - critical * standardError, upper: estimate + critical * standardError,
                                                level: options.level)
        let predictionSE = (standardError * standardError + tau2).squareRoot()
        predictionInterval = ConfidenceInterval(lower: estimate - critical * predictionSE, upper: estimate + critical * predictionSE,
                                                level: options.level)

        if options.estimator != .fixed, df > 0, options.heterogeneityIntervals {
            let interval = try QProfileInterval.tau2(y: y, v: v, level: options.level)
            tau2Interval = interval
            iSquaredInterval = ConfidenceInterval(lower: 100 * interval.lower / (interval.lower + typicalVariance),
                                                  upper: 100 * interval.upper / (interval.upper + typicalVariance), level: options.level)
            hSquaredInterval = ConfidenceInterval(lower: (interval.lower + typicalVariance) / typicalVariance,
                                                  upper: (interval.upper + typicalVariance) / typicalVariance, level: options.level)
        } else {
            tau2Interval = nil
            iSquaredInterval = nil
            hSquaredInterval = nil
        }
    }
}
