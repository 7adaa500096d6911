import Analyses
import ArgumentParser
import Reporting
import StatsCore
import TrialData

/// `trialstats table1`: `BaselineCharacteristics` as JSON, or as the table trial reports print.
struct TableOne: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "table1",
        abstract: "Baseline characteristics by arm: continuous variables as mean (SD) and median [IQR], categorical as n (%).")

    @OptionGroup var data: DataOptions

    @OptionGroup var output: TableOutputOptions

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let result = BaselineCharacteristics().run(on: try inputs.dataset(data).dataset)
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { [result.table()] })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
