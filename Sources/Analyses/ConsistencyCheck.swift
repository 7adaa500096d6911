import MetaAnalysis

/// Consistency checks of published numbers (`trialstats check`): GRIM, p-value recomputation, CI
/// centring and SD plausibility, each finding explained in words.
public struct ConsistencyCheck: Codable, Sendable, Equatable {
    public init() {}

    public func run(on file: SummaryFile) throws(MetaAnalysisError) -> ConsistencyCheckResult {
        let findings = try ConsistencyChecks.run(file)
        return ConsistencyCheckResult(data: file.source, findings: findings,
                                      inconsistent: findings.filter { $0.verdict == .inconsistent }.count,
                                      notTestable: findings.filter { $0.verdict == .notTestable }.count)
    }
}

/// The JSON of `trialstats check` (schema trialstats/check/1).
public struct ConsistencyCheckResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/check/1"
    public var data: String
    public var findings: [ConsistencyFinding]
    public var inconsistent: Int
    public var notTestable: Int
}
