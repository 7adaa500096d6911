import Distributions

/// Power at one sample size from its replicates: the share of tests that rejected among the
/// analyses that ran, with Wilson's interval for that share (its Monte-Carlo uncertainty), the
/// effect's mean and empirical SE, and the failures, each counted with its reason.
public struct PowerEstimate: Codable, Sendable, Equatable {
    public var sampleSize: Int
    public var armSizes: [Int]
    public var replicates: Int
    /// Analyses that ran (a converged fit and a test).
    public var analysed: Int
    public var rejected: Int
    /// rejected / analysed; nil when nothing was analysed.
    public var power: Double?
    /// Wilson's 95% interval for `power`.
    public var lower: Double?
    public var upper: Double?
    public var meanEstimate: Double?
    /// The SD of the estimates over the replicates.
    public var empiricalStandardError: Double?
    /// The mean of the analyses' own SEs (to compare with the empirical one).
    public var meanStandardError: Double?
    public var failures: [Failure]

    public struct Failure: Codable, Sendable, Equatable {
        public var reason: String
        public var count: Int
    }

    /// From the replicates of one sample size, in replicate order.
    public init(sampleSize: Int, armSizes: [Int], outcomes: [ReplicateOutcome]) {
        self.sampleSize = sampleSize
        self.armSizes = armSizes
        replicates = outcomes.count
        let ran = outcomes.filter { $0.failure == nil }
        analysed = ran.count
        rejected = ran.filter(\.rejected).count
        var counts: [String: Int] = [:]
        for outcome in outcomes { if let reason = outcome.failure { counts[reason, default: 0] += 1 } }
        failures = counts.keys.sorted().map { Failure(reason: $0, count: counts[$0]!) }
        guard analysed > 0 else { return }
        let share = Double(rejected) / Double(analysed)
        power = share
        (lower, upper) = Self.wilson(successes: rejected, trials: analysed, level: 0.95)
        let estimates = ran.compactMap(\.estimate), ses = ran.compactMap(\.standardError)
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        meanEstimate = mean
        if estimates.count > 1 {
            empiricalStandardError = (estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(estimates.count - 1)).squareRoot()
        }
        meanStandardError = ses.reduce(0, +) / Double(ses.count)
    }

    /// One estimate per sample size of the design, from all its replicates (any order, any shards).
    public static func estimates(_ design: TrialDesign, _ outcomes: [ReplicateOutcome]) -> [PowerEstimate] {
        let bySize = Dictionary(grouping: outcomes, by: \.sampleSize)
        return design.sampleSizes.map { n in
            PowerEstimate(sampleSize: n, armSizes: design.armSizes(n), outcomes: (bySize[n] ?? []).sorted { $0.replicate < $1.replicate })
        }
    }

    /// Wilson's score interval for a binomial proportion.
    public static func wilson(successes: Int, trials: Int, level: Double) -> (Double, Double) {
        let z = Normal.standard.quantileFunction(1 - (1 - level) / 2, upperTail: false, logScale: false)
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}
