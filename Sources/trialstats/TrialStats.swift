import ArgumentParser

/// The `trialstats` command: one subcommand per step of an analysis.
@main
struct TrialStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trialstats",
        abstract: "Outcomes-research statistics for pain and disability trials.",
        discussion: """
            Exit codes:
              0   ok
              1   analysis failure: a fit could not be computed, or (run --strict) did not converge
              64  usage error: the command line is wrong
              65  data error: the input data are malformed or fail validation
              66  missing input: an input file does not exist or cannot be read
              70  internal error: TrialStats itself failed
              74  output error: a result could not be written
            """,
        version: TrialStatsVersion.current,
        subcommands: [RunCommand.self, MergeCommand.self, Describe.self, Validate.self, Reshape.self, Score.self, TableOne.self, DescriptivesCommand.self, Compare.self, Responders.self, PlotCommand.self, LinearModelCommand.self, MixedModelCommand.self, EstimandCommand.self, PowerCommand.self, SummaryCommand.self, MetaCommand.self, ReproduceCommand.self, CheckCommand.self, Doctor.self, WorkedExampleCommand.self]
    )

    /// As swift-argument-parser's `main()`, and a `CommandFailure` is said on standard error and
    /// ends the process with its status.
    static func main() {
        BLASKernelSelection.restartWithBetterKernelsIfNeeded()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            StandardStreams.writeMessage(failure.message)
            exit(withError: ExitCode(failure.status.rawValue))
        } catch {
            exit(withError: error)
        }
    }
}
