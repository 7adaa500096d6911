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
        abstract: "Draw one outcome as SVG: spaghetti (a line per subject), waterfall (change per patient at a visit), missingness (subjects with a value by arm and visit) or ecdf (the cumulative distribution of change at a visit by arm, in points and in percent).")

    @OptionGroup var data: DataOptions

    @Option(help: "The figure: \(SubjectFigureData.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: SubjectFigureData.Kind

    @Option(help: "waterfall, ecdf: VISIT=VALUE, the visit whose change from baseline is drawn, e.g. week=12 (default: the last visit).")
    var at: String?

    @Option(help: "waterfall: percent change from baseline (default) or change in points.")
    var scale: SubjectFigureData.ChangeScale?

    @Option(parsing: .unconditionalSingleValue, help: "ecdf: a responder threshold on the change in points to mark, with each arm's share at or below it, e.g. --mark -2 (repeatable). Percent change is marked at -30% and -50%.")
    var mark: [Double] = []

    @Option(help: "The SVG file to write (default: OUTCOME-KIND.svg).")
    var figure: String?

    @OptionGroup var output: TableOutputOptions

    func specification() throws -> SubjectFigureData {
        let selected = try at.map(AnalysisCommands.visit)
        if scale != nil, kind != .waterfall {
            throw ValidationError("--scale is for --kind waterfall (ecdf draws change in points and in percent)")
        }
        let figure = SubjectFigureData(kind: kind, visit: selected?.visit, visitColumn: selected?.column, scale: scale ?? .percent, marks: mark)
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
        let drawn = ResultFigures.subjects(result)
        for (index, one) in drawn.enumerated() {
            // An ecdf is two figures: FILE.svg is the change in points, FILE-percent.svg the percent change.
            let name = figure ?? "\(result.outcome)-\(kind.rawValue).svg"
            try AtomicFile.write(one.svg, to: index == 0 ? name : (name as NSString).deletingPathExtension + "-percent.svg")
        }
        try output.write(document: { try JSONText.encode(result) }, tables: result.tables())
    }
}
