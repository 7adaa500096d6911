/// The record of one optimization: where it started and ended, how it stopped, and, when
/// asked, every point it evaluated. Codable, so that a fit can be reported, saved and rerun.
public struct OptimizationSummary: Codable, Sendable, Equatable {
    /// One evaluation of the objective.
    public struct LogEntry: Codable, Sendable, Equatable {
        public var parameters: [Double]
        public var value: Double
    }

    public var options: OptimizationOptions
    public var initial: [Double]
    public var final: [Double]
    /// The objective at `final`.
    public var fmin: Double
    /// How many times the objective was evaluated.
    public var evaluations: Int
    public var status: OptimizationStatus
    /// NLopt's name for `status`, kept in the record for readers who know NLopt.
    public var nloptStatus: String
    /// Every evaluation in order, when `options.recordLog` was set.
    public var log: [LogEntry]?

    /// True when a convergence criterion stopped the optimizer. False for a run cut off by the
    /// evaluation or time limit, or stopped by round-off. NLopt says a round-off-limited result
    /// is "typically useful" (BOBYQA in one dimension often ends so at the exact minimum); a
    /// model built on it must confirm the optimum with its own gradient check and say so.
    public var converged: Bool { status.isConvergence }
}
