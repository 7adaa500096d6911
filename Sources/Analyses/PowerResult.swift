import TrialSimulation

/// The JSON of `trialstats power` (schema trialstats/power/1), and of `trialstats merge` of its
/// shards: the same bytes either way.
public struct PowerResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/power/1"
    /// The SHA-256 of the design's canonical JSON: the same for every shard of one design.
    public var designFingerprint: String
    public var design: TrialDesign
    /// In words: the analysis, its test, and what is simulated.
    public var analysis: String
    /// The true effect (treatment − control at the analysis visit); 0 makes `power` the type I error.
    public var effect: Double
    public var replicates: Int
    public var seed: UInt64
    public var sampleSizes: [Row]
    /// The smallest per-arm n of the grid whose simulated power reaches the target; null if none does.
    @Null public var smallestSampleSize: Int?
    /// The same with the Monte-Carlo interval's lower limit reaching the target; null if none does.
    @Null public var smallestSampleSizeSurely: Int?
    public var targetPower: Double
    public var notes: [String]

    public struct Row: Codable, Sendable, Equatable {
        public var n: Int
        /// Randomised per arm, in the design's arm order.
        public var armSizes: [Int]
        public var replicates: Int
        public var analysed: Int
        public var rejected: Int
        @Null public var power: Double?
        /// Wilson's 95% interval: the Monte-Carlo uncertainty of `power`.
        @Null public var lower: Double?
        @Null public var upper: Double?
        /// Lu, Luo and Chen's analytic power (longpower's power.mmrm) where it applies (an MMRM at the last visit); else null.
        @Null public var analyticPower: Double?
        @Null public var meanEstimate: Double?
        @Null public var empiricalSE: Double?
        @Null public var meanSE: Double?
        public var failures: [PowerEstimate.Failure]
    }
}

/// A shard's replicates (schema trialstats/power-shard/1): what `trialstats merge` combines.
public struct PowerShard: Codable, Sendable, Equatable {
    public var schema = "trialstats/power-shard/1"
    public var version: String
    public var designFingerprint: String
    public var design: TrialDesign
    public var shard: PowerSimulation.Shard
    public var outcomes: [ReplicateOutcome]

    public init(version: String, design: TrialDesign, shard: PowerSimulation.Shard, outcomes: [ReplicateOutcome]) {
        self.version = version
        designFingerprint = DesignFingerprint.of(design)
        self.design = design
        self.shard = shard
        self.outcomes = outcomes
    }
}
