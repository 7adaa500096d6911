/// Separate models per subgroup (each with its own τ²), and the test of subgroup differences:
/// Q_between = Σ (μ̂_g − μ̄)²/SE_g² over the subgroup estimates pooled by inverse variance, with
/// G − 1 df. With the fixed-effect method this equals the moderator test QM of a fixed-effects
/// meta-regression on the subgroup factor (metafor: rma(yi, vi, mods = ~ factor(g), method = "FE")).
public struct SubgroupAnalysis: Codable, Sendable, Equatable {
    public struct Subgroup: Codable, Sendable, Equatable {
        public let level: String
        public let summary: MetaAnalysisSummary
    }

    public let subgroups: [Subgroup]
    public let qBetween: Double
    public let degreesOfFreedom: Int
    public let pValue: Double

    /// Studies without a subgroup are left out; levels are taken in sorted order, so the output
    /// does not depend on the order of rows.
    public init(_ studies: [StudyEffect], options: MetaAnalysisOptions) throws(MetaAnalysisError) {
        let levels = Set(studies.compactMap(\.subgroup)).sorted()
        guard levels.count >= 2 else { throw .notComputable("subgroup analysis needs at least 2 subgroups; found \(levels.count)") }
        var subgroups: [Subgroup] = []
        for level in levels {
            let members = studies.filter { $0.subgroup == level }
            var subgroupOptions = options
            // A single study has no τ²; it enters with its own variance.
            if members.count < 2 { subgroupOptions.estimator = .fixed; subgroupOptions.hartungKnapp = false }
            subgroups.append(Subgroup(level: level, summary: try MetaAnalysisSummary(members, options: subgroupOptions)))
        }
        let between = WeightedMean(subgroups.map(\.summary.estimate),
                                   weights: subgroups.map { 1 / ($0.summary.standardError * $0.summary.standardError) })
        self.subgroups = subgroups
        qBetween = between.q
        degreesOfFreedom = levels.count - 1
        pValue = ChiSquaredTail.upper(between.q, df: Double(levels.count - 1))
    }
}
