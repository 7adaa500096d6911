import TrialData

/// The JSON of `trialstats estimand` (schema trialstats/estimand/1).
public struct EstimandResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/estimand/1"
    /// The estimand in ICH E9(R1)'s attributes.
    public var estimand: Attributes
    public var outcome: String
    public var visits: [String]
    public var reference: String
    public var treatment: String
    public var strategies: [StrategyCount]
    public var subjects: [ArmCount]
    /// Subject-visits imputed: missing, or set aside after an event.
    public var imputedValues: Int
    public var method: String
    /// How the replicates were pooled: jackknife (normal intervals), bootstrap-percentile,
    /// bootstrap-normal, or rubin (Rubin's rules, t intervals on Barnard–Rubin df).
    public var pooling: String
    /// The seed of the bootstrap samples and draws; null for the jackknife, which draws nothing.
    @Null public var seed: UInt64?
    public var imputationModel: String
    public var analysisModel: String
    public var confidenceLevel: Double
    /// Replicates pooled: subjects left out (jackknife), bootstrap samples, or imputations.
    public var replicates: Int
    /// Bootstrap samples whose model could not be fitted, replaced by further samples (at most ⌈1% of those asked for⌉, as rbmi's threshold: 1 of 20, 10 of 1,000).
    public var failedSamples: Int
    /// rbmi's parameters: per visit trt (treatment − reference), lsm_ref and lsm_alt.
    public var parameters: [Parameter]
    /// What happened to the file's rows on the way to the analysis.
    public var ledger: Ledger
    /// Added to the treatment arm's imputed values before the analysis (0: none).
    public var delta: Double
    /// Deltas by arm and visit (from a file), in place of `delta`; null for none.
    @Null public var deltasByArmAndVisit: [ArmVisitDelta]?
    public struct ArmVisitDelta: Codable, Sendable, Equatable {
        public var arm, visit: String
        public var delta: Double
    }
    /// The treatment effect at the last visit, the primary analysis's first and then each
    /// sensitivity strategy's (every event handled by it); null without sensitivity analyses.
    @Null public var sensitivity: [Sensitivity]?
    public struct Sensitivity: Codable, Sendable, Equatable {
        /// "primary", or the strategy (MAR, JR, CR, CIR, LMCF).
        public var strategy: String
        public var visit: String
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        @Null public var p: Double?
        /// Rubin's rules' df (approximate Bayesian MI); else null.
        @Null public var df: Double?
    }
    /// The tipping-point scan, when asked for; else null.
    @Null public var tippingPoint: TippingPoint?
    public var notes: [String]

    public struct Ledger: Codable, Sendable, Equatable {
        public var rowsRead: Int
        /// Rows the data checks left out, by reason.
        public var excludedByChecks: [Exclusion]
        /// Rows of arms other than the two compared.
        public var otherArmRows: Int
        /// Rows added for visits a subject had no row for, their outcome missing.
        public var addedRows: Int
        /// Observed values after a non-MAR event, left out of the imputation model's fit (they stay in the analysis).
        public var setAsideAfterEvent: Int

        public struct Exclusion: Codable, Sendable, Equatable {
            public var reason: String
            public var rows: Int
            public var lines: [Int]
        }
    }

    public struct TippingPoint: Codable, Sendable, Equatable {
        /// The visit scanned (the last) and the arm whose imputed values are shifted.
        public var visit: String
        public var arm: String
        public var rows: [Row]
        /// The first delta of the grid whose conclusion differs from the first's; null if none.
        @Null public var tippingDelta: Double?
        public var summary: String

        public struct Row: Codable, Sendable, Equatable {
            public var delta: Double
            @Null public var estimate: Double?
            @Null public var se: Double?
            @Null public var lower: Double?
            @Null public var upper: Double?
            @Null public var p: Double?
            /// Rubin's rules' df (approximate Bayesian MI); else null.
            @Null public var df: Double?
        }
    }

    public struct Attributes: Codable, Sendable, Equatable {
        public var population, variable, intercurrentEvents, summary: String
    }
    public struct StrategyCount: Codable, Sendable, Equatable { public var strategy: String; public var events: Int }
    public struct ArmCount: Codable, Sendable, Equatable { public var arm: String; public var subjects: Int }
    public struct Parameter: Codable, Sendable, Equatable {
        public var parameter: String
        /// trt, lsm_ref or lsm_alt.
        public var kind: String
        public var visit: String
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        @Null public var p: Double?
        /// Rubin's rules' Barnard–Rubin df (approximate Bayesian MI); null for normal or percentile intervals.
        @Null public var df: Double?
    }
}
