import Analyses
import ArgumentParser
import Foundation
import StatsCore

extension SubjectFigureData.Kind: ExpressibleByArgument {}
extension SubjectFigureData.ChangeScale: ExpressibleByArgument {}

/// `trialstats plot`: figures of individual subjects, which means and models summarise away:
/// every subject's line (spaghetti), every patient's change (waterfall), and who has a value at
/// each visit (missingness). Each figure comes with the table of counts behind it, so that a
/// subject who is not drawn is still counted, with the reason.
struct PlotCommand: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw one outcome as SVG: spaghetti (a line per subject), waterfall (change per patient at a visit) or missingness (subjects with a value by arm and visit).")

    @OptionGroup var data: DataOptions

    @Option(help: "The figure: \(SubjectFigureData.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: SubjectFigureData.Kind

    @Option(help: "waterfall: VISIT=VALUE, the visit whose change from baseline is drawn, e.g. week=12 (default: the last visit).")
    var at: String?

    @Option(help: "waterfall: percent change from baseline (default) or change in points.")
    var scale: SubjectFigureData.ChangeScale = .percent

    @Option(help: "The SVG file to write (default: OUTCOME-KIND.svg).")
    var figure: String?

    @OptionGroup var output: TableOutputOptions

    func specification() throws -> SubjectFigureData {
        let selected = try at.map(AnalysisCommands.visit)
        let figure = SubjectFigureData(kind: kind, visit: selected?.visit, visitColumn: selected?.column, scale: scale)
        do { try figure.check() } catch { throw AnalysisCommands.failure(error, command: "plot") }
        return figure
    }

    func validate() throws { _ = try specification() }

    func result(_ inputs: StepInputs) throws -> SubjectFigureResult {
        let dataset = try inputs.dataset(data).dataset
        let specification = try specification()
        do { return try specification.run(on: dataset) } catch { throw AnalysisCommands.failure(error, command: "plot") }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let result = try result(inputs)
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, figures: { ResultFigures.subjects(result) })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let result = try result(StepInputs())
        for drawn in ResultFigures.subjects(result) {
            try AtomicFile.write(drawn.svg, to: figure ?? "\(result.outcome)-\(kind.rawValue).svg")
        }
        try output.write(document: { try JSONText.encode(result) }, tables: result.tables())
    }
}
