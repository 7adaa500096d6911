/// The release of TrialStats, printed by `trialstats --version` and recorded in outputs.
enum TrialStatsVersion {
    static let current = "0.1.0"
}
