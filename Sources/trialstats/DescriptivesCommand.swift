import Analyses
import ArgumentParser
import StatsCore
import TrialData

/// `trialstats descriptives`: an outcome by arm and visit, or its change from baseline with
/// paired intervals.
struct DescriptivesCommand: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "descriptives",
        abstract: "An outcome by arm and visit: n, missing, mean, SD, SE, median, quartiles, range; --change for change from baseline with paired CIs.")

    @OptionGroup var data: DataOptions

    @Flag(help: "Describe the change from baseline; its mean's interval is the paired t interval.")
    var change = false

    @Option(help: "Confidence level for the intervals.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let dataset = try inputs.dataset(data).dataset
        let result: OutcomeDescriptivesResult
        do {
            result = try OutcomeDescriptives(change: change, confidenceLevel: level).run(on: dataset)
        } catch {
            throw AnalysisCommands.failure(error, command: "descriptives")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, figures: { ResultFigures.trajectories(result) })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
