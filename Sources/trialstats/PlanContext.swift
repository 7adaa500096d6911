import StatsCore
import TrialData

/// What `trialstats run` hands the commands it runs for a plan: the schema written into the plan
/// (used when no --schema is given) and a place to collect the result tables for the report.
enum PlanContext {
    @TaskLocal static var schema: DataSchema?
    @TaskLocal static var capture: TableCapture?
    /// Names to show for files the run made itself (a derived table in the output folder), so
    /// that outputs do not depend on where the output folder is.
    @TaskLocal static var displayNames: [String: String] = [:]
}

/// The result tables a command wrote, in order, the figures it drew (kind, SVG), and whether a
/// fit it made did not converge.
final class TableCapture: @unchecked Sendable {
    var tables: [ResultTable] = []
    var figures: [(kind: String, svg: String)] = []
    var unconverged = false
    /// Why the analysis failed (exit 1), when it did: the run reports it and goes on.
    var failure: String?
}
