import MetaAnalysis

/// Every between-arm result a paper reports, beside what its own numbers give (`trialstats
/// reproduce`): disagreements beyond rounding flagged, what cannot be recomputed said.
public struct PublishedReproduction: Codable, Sendable, Equatable {
    public init() {}

    public func run(on file: SummaryFile) throws(MetaAnalysisError) -> PublishedReproductionResult {
        let reproduction = try Reproduction(file)
        func count(_ verdict: ReproducedComparison.Verdict) -> Int { reproduction.comparisons.filter { $0.verdict == verdict }.count }
        return PublishedReproductionResult(
            data: file.source, comparisons: reproduction.comparisons, unrecomputable: reproduction.unrecomputable,
            counts: .init(reproduces: count(.reproduces), doesNotReproduce: count(.doesNotReproduce), notRecomputable: count(.notRecomputable),
                          nothingToCompare: count(.nothingToCompare)))
    }
}

/// The JSON of `trialstats reproduce` (schema trialstats/reproduce/1).
public struct PublishedReproductionResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/reproduce/1"
    public var data: String
    /// Each published comparison: the printed numbers as printed (text), the recomputed ones, the verdict and how.
    public var comparisons: [ReproducedComparison]
    /// Published results that cannot be recomputed, with the study and the reason.
    public var unrecomputable: [String]
    public var counts: Counts

    public struct Counts: Codable, Sendable, Equatable {
        public var reproduces, doesNotReproduce, notRecomputable, nothingToCompare: Int
    }
}
