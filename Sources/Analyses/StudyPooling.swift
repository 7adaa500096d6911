import Foundation
import MetaAnalysis
import StatsCore

/// A meta-analysis of a summary file (`trialstats meta`): each study's effect, pooled by inverse
/// variance with a fixed or random effect (DL, REML, PM τ²), or from 2×2 counts by Mantel-Haenszel
/// or Peto; Hartung-Knapp, subgroups and leave-one-out on request.
public struct StudyPooling: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        case FE, DL, REML, PM, MH, PETO
        public var poolsCounts: Bool { self == .MH || self == .PETO }
    }

    public var measure: EffectMeasure
    public var method: Method
    public var hartungKnapp: Bool
    /// A column whose levels form subgroups: a model per subgroup and the test of differences.
    public var subgroup: String?
    public var leaveOneOut: Bool
    public var confidenceLevel: Double

    public init(measure: EffectMeasure, method: Method = .REML, hartungKnapp: Bool = false, subgroup: String? = nil,
                leaveOneOut: Bool = false, confidenceLevel: Double = 0.95) {
        self.measure = measure
        self.method = method
        self.hartungKnapp = hartungKnapp
        self.subgroup = subgroup
        self.leaveOneOut = leaveOneOut
        self.confidenceLevel = confidenceLevel
    }

    public func check() throws(AnalysisError) {
        try AnalysisError.requireConfidenceLevel(confidenceLevel)
        guard method.poolsCounts else { return }
        guard measure.isBinary, method == .MH || measure == .oddsRatio else {
            throw .conflictingOptions("--method \(method.rawValue) pools 2×2 counts: use --measure \(method == .MH ? "RR, OR or RD" : "OR")")
        }
        guard !hartungKnapp else { throw .conflictingOptions("--knha applies to inverse-variance models, not \(method.rawValue)") }
        guard subgroup == nil, !leaveOneOut else {
            throw .conflictingOptions("--subgroup and --leave-one-out are offered for inverse-variance models (FE, DL, REML, PM), not \(method.rawValue)")
        }
    }

    var options: MetaAnalysisOptions {
        MetaAnalysisOptions(estimator: HeterogeneityEstimator(rawValue: method.rawValue) ?? .fixed, hartungKnapp: hartungKnapp,
                            level: confidenceLevel)
    }

    var modelName: String {
        switch method {
        case .FE: return "FE (inverse variance)\(hartungKnapp ? ", Hartung-Knapp" : "")"
        case .DL, .REML, .PM: return "RE, \(method.rawValue) tau²\(hartungKnapp ? ", Hartung-Knapp" : "")"
        case .MH, .PETO: return "\(countsMethodName) fixed effect"
        }
    }

    /// The name Mantel-Haenszel's and Peto's pooling go by.
    var countsMethodName: String { method == .MH ? "Mantel-Haenszel" : "Peto" }

    public func run(on file: SummaryFile) throws -> StudyPoolingResult {
        try check()
        let (effects, builderNotes) = try StudyEffectBuilder.effects(file, measure: measure, subgroupColumn: subgroup)
        var studies: [String: Int] = [:]
        for effect in effects { studies[effect.study, default: 0] += 1 }
        if let repeated = studies.filter({ $0.value > 1 }).keys.sorted().first {
            throw MetaAnalysisError.notComputable("\(repeated) gives \(studies[repeated]!) comparisons; each study may enter once (use --outcome, --visit or role)")
        }
        var result = StudyPoolingResult(
            data: file.source, measure: measure.rawValue, measureName: measure.name, method: method.rawValue, hartungKnapp: hartungKnapp,
            confidenceLevel: confidenceLevel, ratio: measure.isRatio, pooled: [], studies: try effects.map { try study($0, weight: nil) },
            subgroups: nil, leaveOneOut: nil, treatmentByRowOrder: !file.isPerStudy && !file.columns.contains("role"), notes: builderNotes)
        if method.poolsCounts {
            let counts = try TwoByTwoTables.tables(file, subgroupColumn: subgroup)
            let fit = method == .MH
                ? try MantelHaenszel.pool(counts.map(\.table), studies: counts.map(\.study), measure: measure, level: confidenceLevel)
                : try PetoOddsRatio.pool(counts.map(\.table), level: confidenceLevel)
            if method == .PETO {  // the study rows show Peto's own log OR, (O − E)/V with variance 1/V, as escalc(measure = "PETO")
                result.studies = try counts.map { try study($0.table.petoEffect(study: $0.study, subgroup: $0.subgroup), weight: nil) }
            }
            result.pooled = [.init(model: modelName, k: counts.count, estimate: fit.estimate, se: fit.standardError,
                                   statistic: fit.statistic, df: nil, p: fit.pValue, interval: fit.confidenceInterval, prediction: nil,
                                   tau2: nil, tau2Interval: nil, q: fit.q, qDF: fit.qDegreesOfFreedom, qP: fit.qPValue, iSquared: fit.iSquared,
                                   iSquaredInterval: nil, hSquared: fit.hSquared)]
            return result
        }
        let options = options
        let fit = try MetaAnalysisSummary(effects, options: options)
        result.pooled = [.init(fit, model: modelName)]
        result.notes += fit.warnings
        result.studies = try zip(effects, fit.weights).map { try study($0, weight: $1) }
        if let subgroup {
            let analysis = try SubgroupAnalysis(effects, options: options)
            result.subgroups = .init(column: subgroup, models: analysis.subgroups.map { .init($0.summary, model: "\(subgroup) = \($0.level)") },
                                     qBetween: finiteOrNil(analysis.qBetween), df: analysis.degreesOfFreedom, p: finiteOrNil(analysis.pValue),
                                     ungrouped: effects.filter { $0.subgroup == nil }.map(\.study))
        }
        if leaveOneOut {
            var omissions: [StudyPoolingResult.Model] = []
            omissions.reserveCapacity(effects.count)
            try LeaveOneOut.forEachOmission(effects, options: options) { omitted, summary in omissions.append(.init(summary, model: omitted)) }
            result.leaveOneOut = omissions
        }
        return result
    }

    func study(_ effect: StudyEffect, weight: Double?) throws -> StudyPoolingResult.Study {
        let interval = try effect.confidenceInterval(level: confidenceLevel)
        return .init(study: effect.study, subgroup: effect.subgroup, estimate: finiteOrNil(effect.estimate),
                     se: finiteOrNil(effect.standardError), lower: finiteOrNil(interval.lower), upper: finiteOrNil(interval.upper),
                     weight: weight.flatMap(finiteOrNil), conversions: effect.conversions)
    }
}

/// The JSON of `trialstats meta` (schema trialstats/meta/1). Ratios are on the log scale.
public struct StudyPoolingResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/meta/1"
    public var data: String
    /// metafor's name (MD, SMD, SMCR, RR, OR, RD) and the measure in words.
    public var measure: String
    public var measureName: String
    public var method: String
    public var hartungKnapp: Bool
    public var confidenceLevel: Double
    /// Whether estimates are log ratios (exponentiate for the ratio).
    public var ratio: Bool
    /// The pooled model (one row).
    public var pooled: [Model]
    public var studies: [Study]
    @Null public var subgroups: Subgroups?
    /// One model per omitted study; null unless asked for.
    @Null public var leaveOneOut: [Model]?
    /// Without a role column the first arm listed in each study is the treatment: the order of the rows sets the sign.
    public var treatmentByRowOrder: Bool
    /// What building the study effects said (pairings, conversions, left-out rows).
    public var notes: [String]

    public struct Study: Codable, Sendable, Equatable {
        public var study: String
        @Null public var subgroup: String?
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        /// Percent of the pooled model's weight; null for Mantel-Haenszel and Peto.
        @Null public var weight: Double?
        public var conversions: [String]
    }

    public struct Model: Codable, Sendable, Equatable {
        public var model: String
        public var k: Int
        @Null public var estimate: Double?
        @Null public var se: Double?
        /// z, or t with `df` under Hartung-Knapp.
        @Null public var statistic: Double?
        @Null public var df: Double?
        @Null public var p: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        @Null public var predictionLower: Double?
        @Null public var predictionUpper: Double?
        @Null public var tau2: Double?
        /// Q-profile interval of τ², and the I² interval from it.
        @Null public var tau2Lower: Double?
        @Null public var tau2Upper: Double?
        @Null public var Q: Double?
        public var qDF: Int
        @Null public var qP: Double?
        /// I² in percent, and H².
        @Null public var iSquared: Double?
        @Null public var iSquaredLower: Double?
        @Null public var iSquaredUpper: Double?
        @Null public var hSquared: Double?

        init(model: String, k: Int, estimate: Double, se: Double, statistic: Double, df: Double?, p: Double, interval: ConfidenceInterval,
             prediction: ConfidenceInterval?, tau2: Double?, tau2Interval: ConfidenceInterval?, q: Double, qDF: Int, qP: Double,
             iSquared: Double, iSquaredInterval: ConfidenceInterval?, hSquared: Double) {
            self.model = model
            self.k = k
            self.estimate = finiteOrNil(estimate)
            self.se = finiteOrNil(se)
            self.statistic = finiteOrNil(statistic)
            self.df = df.flatMap(finiteOrNil)
            self.p = finiteOrNil(p)
            lower = finiteOrNil(interval.lower)
            upper = finiteOrNil(interval.upper)
            predictionLower = prediction.flatMap { finiteOrNil($0.lower) }
            predictionUpper = prediction.flatMap { finiteOrNil($0.upper) }
            self.tau2 = tau2.flatMap(finiteOrNil)
            tau2Lower = tau2Interval.flatMap { finiteOrNil($0.lower) }
            tau2Upper = tau2Interval.flatMap { finiteOrNil($0.upper) }
            Q = finiteOrNil(q)
            self.qDF = qDF
            self.qP = finiteOrNil(qP)
            self.iSquared = finiteOrNil(iSquared)
            iSquaredLower = iSquaredInterval.flatMap { finiteOrNil($0.lower) }
            iSquaredUpper = iSquaredInterval.flatMap { finiteOrNil($0.upper) }
            self.hSquared = finiteOrNil(hSquared)
        }

        init(_ fit: MetaAnalysisSummary, model: String) {
            self.init(model: model, k: fit.k, estimate: fit.estimate, se: fit.standardError, statistic: fit.statistic, df: fit.degreesOfFreedom,
                      p: fit.pValue, interval: fit.confidenceInterval,
                      prediction: fit.options.estimator == .fixed ? nil : fit.predictionInterval, tau2: fit.tau2,
                      tau2Interval: fit.tau2Interval, q: fit.q, qDF: fit.qDegreesOfFreedom, qP: fit.qPValue, iSquared: fit.iSquared,
                      iSquaredInterval: fit.iSquaredInterval, hSquared: fit.hSquared)
        }
    }

    public struct Subgroups: Codable, Sendable, Equatable {
        public var column: String
        public var models: [Model]
        /// The test of subgroup differences: Q between subgroups on `df`, chi-square.
        @Null public var qBetween: Double?
        public var df: Int
        @Null public var p: Double?
        /// Studies without a value of the column: in no subgroup, but in the overall model.
        public var ungrouped: [String]
    }
}
