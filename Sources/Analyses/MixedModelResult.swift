import StatsCore
import TrialData

/// The JSON of `trialstats fit` (schema trialstats/fit/1), for a linear mixed model
/// (`model: "lmm"`) and an MMRM (`model: "mmrm"`) alike. The keys documented in the README keep
/// their meaning; what one kind of model does not have is null or empty, never left out.
public struct MixedModelResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/fit/1"
    /// "lmm" (random effects) or "mmrm" (a covariance term).
    public var model: String
    /// "REML" or "ML".
    public var method: String
    public var formula: String
    public var data: String
    public var nobs: Int
    /// Grouping factor → its number of levels (subjects for an MMRM).
    public var groups: [String: Int]
    /// The same, in the model's order.
    public var groupSizes: [GroupSize]
    public var fixed: [Fixed]
    /// The df method of the tests: satterthwaite, kenward-roger, residual, between-within.
    public var df: String
    public var confidenceLevel: Double
    /// n − p: the observations less the estimated fixed effects.
    public var residualDF: Int
    public var random: [Random]
    public var correlations: [Correlation]
    /// The residual variance of a linear mixed model; null for an MMRM (its covariance is `covariance`).
    @Null public var residual: Residual?
    /// The MMRM's covariance between visits; null for a linear mixed model.
    @Null public var covariance: VisitCovariance?
    @Null public var logLik: Double?
    @Null public var deviance: Double?
    @Null public var REMLcriterion: Double?
    /// lme4's count for a linear mixed model (every parameter); SAS's and mmrm's for an MMRM
    /// (under REML the covariance parameters only; BIC's n the subjects).
    @Null public var aic: Double?
    @Null public var bic: Double?
    /// An MMRM's AICc as SAS and mmrm define it; null for a linear mixed model.
    @Null public var aicc: Double?
    /// An MMRM's null model likelihood-ratio test (SAS PROC MIXED's); null for a linear mixed model.
    @Null public var nullModelTest: NullModelTest?
    public var theta: [Double?]
    public var converged: Bool
    public var singular: Bool
    /// The fit's and the tests' warnings, as text (the `warnings` without their kinds).
    public var messages: [String]
    /// Every warning with its kind, the compared models' too, in the order they are printed.
    public var warnings: [FitWarning]
    public var droppedFixedEffects: [String]
    /// "model", or the empirical estimator ("CR0", "CR2") the tests use.
    public var vcov: String
    /// The weights column; null for an unweighted fit.
    @Null public var weights: String?
    /// Structures of a --fallback chain passed over before the one used, with the reason.
    public var covarianceFallback: [PassedOver]
    public var typeIII: [Test]
    /// Var(β̂) over the estimated fixed effects, model-based (lme4's and mmrm's vcov()) whatever `vcov` says.
    public var fixedEffectsCovariance: CovarianceMatrix
    /// Quantiles (0, ¼, ½, ¾, 1) of the residuals divided by σ, as lme4's summary(); null for an MMRM.
    @Null public var scaledResiduals: [Double?]?
    @Null public var conditionalModes: [Mode]?
    @Null public var bootstrap: Bootstrap?
    @Null public var likelihoodRatio: LikelihoodRatio?
    public var optimizer: Optimizer
    /// What `emmeans` and `contrasts` hold; null when they were not asked for.
    @Null public var marginalMeans: MarginalMeansSummary?
    /// `[{factor: level, …, estimate, se, df, lower, upper}]`, keyed by the factors' names.
    @Null public var emmeans: [[String: JSONValue]]?
    /// `[{contrast, by factor: level, …, estimate, se, df, t, p, lower, upper}]`.
    @Null public var contrasts: [[String: JSONValue]]?
    /// Each used row's fitted value and residual; null unless asked for (`--fitted`).
    @Null public var fittedValues: [FittedValue]?
    public var ledger: Ledger

    public struct GroupSize: Codable, Sendable, Equatable { public var group: String; public var levels: Int }
    public struct Fixed: Codable, Sendable, Equatable {
        public var term: String
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var df: Double?
        @Null public var t: Double?
        @Null public var p: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
    }
    public struct Random: Codable, Sendable, Equatable {
        public var group, term: String
        @Null public var variance: Double?
        @Null public var sd: Double?
    }
    public struct Correlation: Codable, Sendable, Equatable {
        public var group, term1, term2: String
        /// Null when undefined: a correlation with an effect whose variance is 0.
        @Null public var correlation: Double?
    }
    public struct Residual: Codable, Sendable, Equatable {
        @Null public var variance: Double?
        @Null public var sd: Double?
    }
    public struct VisitCovariance: Codable, Sendable, Equatable {
        public var structure: String
        /// The structure's name in words ("unstructured", "first-order autoregressive", …).
        public var structureName: String
        public var visits: [String]
        /// The visit-by-visit covariance, or null when it is per group (`groups`).
        @Null public var matrix: [[Double?]]?
        @Null public var groups: [GroupCovariance]?
        /// Missingness patterns: subjects seen at the same visits share one.
        public var patterns: Int
        /// SAS PROC MIXED's "Covariance Parameter Estimates" (COVTEST, CL); null when the
        /// information of the covariance parameters could not be formed.
        @Null public var parameters: [CovarianceParameter]?
    }
    public struct CovarianceParameter: Codable, Sendable, Equatable {
        /// SAS's name: UN(2,1), CS, Residual, Var(3), AR(1), TOEP(2), Rho(1), SP(EXP) ….
        public var name: String
        @Null public var group: String?
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var z: Double?
        /// One-sided (Pr > Z) for a parameter bounded below by 0, two-sided otherwise.
        @Null public var p: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        /// "Satterthwaite" (bounded below by 0) or "Wald".
        public var interval: String
    }
    public struct GroupCovariance: Codable, Sendable, Equatable {
        @Null public var group: String?
        public var matrix: [[Double?]]
    }
    public struct PassedOver: Codable, Sendable, Equatable { public var structure, reason: String }
    public struct Test: Codable, Sendable, Equatable {
        public var term: String
        @Null public var numeratorDF: Double?
        @Null public var denominatorDF: Double?
        @Null public var F: Double?
        @Null public var p: Double?
    }
    public struct Mode: Codable, Sendable, Equatable {
        public var group, level, term: String
        @Null public var mode: Double?
        @Null public var conditionalSD: Double?
    }
    public struct BootstrapInterval: Codable, Sendable, Equatable {
        public var parameter: String
        @Null public var estimate: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
    }
    public struct Bootstrap: Codable, Sendable, Equatable {
        public var replicates, used, notConverged, failed: Int
        public var seed: UInt64
        public var level: Double
        public var intervals: [BootstrapInterval]
    }
    public struct ComparedModel: Codable, Sendable, Equatable {
        public var formula: String
        public var npar: Int
        @Null public var aic: Double?
        @Null public var bic: Double?
        @Null public var logLik: Double?
        @Null public var deviance: Double?
    }
    /// The fitted covariance against independent errors of one variance, same fixed effects and method.
    public struct NullModelTest: Codable, Sendable, Equatable {
        @Null public var nullCriterion: Double?
        @Null public var chisq: Double?
        public var df: Int
        @Null public var p: Double?
    }
    public struct LikelihoodRatio: Codable, Sendable, Equatable {
        public var reduced, full: ComparedModel
        @Null public var chisq: Double?
        public var df: Int
        @Null public var p: Double?
        public var refittedByML, varianceOnBoundary: Bool
    }
    public struct Optimizer: Codable, Sendable, Equatable {
        public var name: String
        public var evaluations: Int
        public var status: String
        public var newtonSteps: Int
        /// lme4's scaled gradient at the optimum (an MMRM: the Newton step H⁻¹g in θ).
        public var scaledGradient: [Double?]
        /// lme4's gradient check: the largest min(|scaled gradient|, |gradient|); null when not computed.
        @Null public var gradientCheck: Double?
    }
    public struct MarginalMeansSummary: Codable, Sendable, Equatable {
        public var factors: [String]
        public var by: [String]
        /// Averaged-over factors and means that are not estimable.
        public var notes: [String]
        /// How the contrasts' p-values and intervals were adjusted; null without an adjustment.
        @Null public var adjustment: String?
    }
    public struct FittedValue: Codable, Sendable, Equatable {
        public var line: Int
        public var observed: Double
        @Null public var fitted: Double?
        @Null public var residual: Double?
    }
    public struct Exclusion: Codable, Sendable, Equatable { public var reason: String; public var rows: Int; public var lines: [Int] }
    public struct Ledger: Codable, Sendable, Equatable {
        public var rowsRead, rowsUsed: Int
        /// Rows the data checks excluded before the model (the first of `excluded`'s reasons).
        public var excludedByChecks: Int
        /// Rows the model left out for a missing value.
        public var leftOutMissing: Int
        public var excluded: [Exclusion]
        /// Labels read as another because they differ only by spaces or case, with their lines.
        public var normalized: [LevelNormalization]
        /// Null when the data were checked as a trial; else what could not be checked (data that
        /// are not a trial in long form are modelled as they are).
        @Null public var note: String?
    }

    public func coefficient(_ term: String) -> Fixed? { fixed.first { $0.term == term } }

    /// A marginal mean or a contrast of them, typed: the levels it is at (each factor's, and the
    /// `by` factors'), and its estimate with SE, df, t, p and interval.
    public struct MarginalEstimate: Sendable, Equatable {
        /// The means' levels joined ("dextrose, week12"), or the contrast ("dextrose - saline").
        public var label: String
        public var levels: [String: String]
        public var estimate: Estimate
    }

    /// `emmeans`, typed.
    public var marginalMeanEstimates: [MarginalEstimate] {
        guard let emmeans, let summary = marginalMeans else { return [] }
        return emmeans.map { row in marginalEstimate(row, label: (summary.factors + summary.by).compactMap { row[$0]?.text }.joined(separator: ", "),
                                                    factors: summary.factors + summary.by, method: "marginal mean") }
    }

    /// `contrasts`, typed; `levels` holds the `by` factors' levels.
    public var contrastEstimates: [MarginalEstimate] {
        guard let contrasts, let summary = marginalMeans else { return [] }
        return contrasts.map { row in marginalEstimate(row, label: row["contrast"]?.text ?? "", factors: summary.by, method: summary.adjustment ?? "contrast") }
    }

    func marginalEstimate(_ row: [String: JSONValue], label: String, factors: [String], method: String) -> MarginalEstimate {
        let number = { (key: String) in row[key]?.number }
        return MarginalEstimate(
            label: label, levels: Dictionary(uniqueKeysWithValues: factors.compactMap { factor in row[factor]?.text.map { (factor, $0) } }),
            estimate: Estimate(measure: label, estimate: number("estimate") ?? .nan, se: number("se"), statistic: number("t"), df: number("df"),
                               p: number("p"), interval: ConfidenceInterval(lower: number("lower") ?? .nan, upper: number("upper") ?? .nan,
                                                                          level: confidenceLevel), method: method))
    }
}

/// A square matrix over named terms (Var(β̂)).
public struct CovarianceMatrix: Codable, Sendable, Equatable {
    public var terms: [String]
    public var matrix: [[Double?]]

    public init(terms: [String], matrix: [[Double?]]) {
        self.terms = terms
        self.matrix = matrix
    }
}

/// A JSON value whose keys come from the data (factor names as keys).
public enum JSONValue: Codable, Sendable, Equatable {
    case text(String)
    case number(Double?)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(value): try container.encode(value)
        case let .number(value): if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .number(nil) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .text(try container.decode(String.self)) }
    }

    public var text: String? { if case let .text(value) = self { return value } else { return nil } }
    public var number: Double? { if case let .number(value) = self { return value } else { return nil } }
}
