import Analyses
import ArgumentParser
import Reporting
import StatsCore
import TrialData

/// `trialstats table1`: `BaselineCharacteristics` as JSON, or as the table trial reports print.
struct TableOne: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table1",
        abstract: "Baseline characteristics by arm: continuous variables as mean (SD) and median [IQR], categorical as n (%).")

    @OptionGroup var data: DataOptions

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        let result = BaselineCharacteristics().run(on: dataset)
        try output.write(document: { try JSONText.encode(result) }, tables: [result.table()])
    }
}
