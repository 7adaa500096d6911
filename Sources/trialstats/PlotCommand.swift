import Analyses
import ArgumentParser
import Foundation
import Reporting
import StatsCore

extension SubjectFigureData.Kind: ExpressibleByArgument {}
extension SubjectFigureData.ChangeScale: ExpressibleByArgument {}

/// `trialstats plot`: figures of individual subjects, which means and models summarise away:
/// every subject's line (spaghetti), every patient's change (waterfall), and who has a value at
/// each visit (missingness). Each figure comes with the table of counts behind it, so that a
/// subject who is not drawn is still counted, with the reason.
struct PlotCommand: ParsableCommand {
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

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        let result: SubjectFigureResult
        let specification = try specification()
        do { result = try specification.run(on: dataset) } catch { throw AnalysisCommands.failure(error, command: "plot") }
        let svg = Self.figure(result)
        if let capture = PlanContext.capture {
            capture.figures.append((kind.rawValue, svg))
        } else {
            try AtomicFile.write(svg, to: figure ?? "\(result.outcome)-\(kind.rawValue).svg")
        }
        try output.write(document: { try JSONText.encode(result) }, tables: result.tables())
    }

    /// The SVG of a figure's data.
    static func figure(_ result: SubjectFigureResult) -> String {
        let outcome = result.outcome
        if let waterfall = result.waterfall {
            let notDrawn = result.waterfallNotDrawn
            return WaterfallFigure(title: "\(outcome): \(waterfall.label), per patient", valueLabel: waterfall.label, arms: result.arms,
                                   bars: waterfall.bars.map { .init(subject: $0.subject, arm: $0.arm, value: $0.value) },
                                   references: waterfall.scale == "percent" ? [-30, -50] : [],
                                   footnote: notDrawn == 0 ? "Every patient is drawn."
                                       : "\(notDrawn) patients not drawn (no value at the visit or at baseline); see the table.").svg()
        }
        if result.missingness != nil {
            let members = result.arms.map { arm in result.subjects.filter { $0.arm == arm } }
            return MissingnessFigure(outcome: outcome, visits: result.visits, arms: result.arms, subjects: members.map(\.count),
                                     observed: members.map { subjects in
                                         result.visits.indices.map { visit in subjects.filter { $0.values[visit] != nil }.count }
                                     }).svg()
        }
        return SpaghettiFigure(outcome: outcome, visits: result.visits, arms: result.arms,
                               subjects: result.subjects.filter { $0.values.contains { $0 != nil } }
                                   .map { .init(id: $0.subject, arm: $0.arm, values: $0.values.map { $0 ?? .nan }) }).svg()
    }
}
