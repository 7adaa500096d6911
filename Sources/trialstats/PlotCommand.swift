import Analyses
import ArgumentParser
import Descriptives
import Foundation
import Reporting
import StatsCore
import TrialData

/// `trialstats plot`: figures of individual subjects, which means and models summarise away:
/// every subject's line (spaghetti), every patient's change (waterfall), and who has a value at
/// each visit (missingness). Each figure comes with the table of counts behind it, so that a
/// subject who is not drawn is still counted, with the reason.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw one outcome as SVG: spaghetti (a line per subject), waterfall (change per patient at a visit) or missingness (subjects with a value by arm and visit).")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case spaghetti, waterfall, missingness
    }

    enum ChangeScale: String, ExpressibleByArgument, CaseIterable {
        case percent, points
    }

    @OptionGroup var data: DataOptions

    @Option(help: "The figure: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Option(help: "waterfall: VISIT=VALUE, the visit whose change from baseline is drawn, e.g. week=12 (default: the last visit).")
    var at: String?

    @Option(help: "waterfall: percent change from baseline (default) or change in points.")
    var scale: ChangeScale = .percent

    @Option(help: "The SVG file to write (default: OUTCOME-KIND.svg).")
    var figure: String?

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        guard dataset.roles.outcomes.count == 1, let outcome = dataset.roles.outcomes.first else {
            throw ValidationError("plot draws one outcome; name it with --outcome (the outcomes are \(dataset.roles.outcomes.joined(separator: ", ")))")
        }
        if at != nil && kind != .waterfall { throw ValidationError("--at is for --kind waterfall") }
        let subjects = SubjectSeries(dataset, outcome: outcome)
        let drawn: (svg: String, table: ResultTable)
        switch kind {
        case .spaghetti: drawn = spaghetti(subjects, dataset: dataset, outcome: outcome)
        case .missingness: drawn = missingness(subjects, dataset: dataset, outcome: outcome)
        case .waterfall: drawn = try waterfall(subjects, dataset: dataset, outcome: outcome)
        }
        var table = drawn.table
        table.notes += LedgerText.lines(dataset.ledger)
        if let capture = PlanContext.capture {
            capture.figures.append((kind.rawValue, drawn.svg))
        } else {
            try AtomicFile.write(drawn.svg, to: figure ?? "\(outcome)-\(kind.rawValue).svg")
        }
        try output.write([table])
    }

    func spaghetti(_ series: SubjectSeries, dataset: TrialDataset, outcome: String) -> (String, ResultTable) {
        let arms = dataset.arms.levels
        let figure = SpaghettiFigure(outcome: outcome, visits: dataset.visits.labels, arms: arms,
                                     subjects: series.subjects.filter { $0.values.contains(where: \.isFinite) })
        var table = ResultTable(title: "\(outcome): subjects drawn per arm", columns: [
            .init("arm", style: .text), .init("subjects", style: .count), .init("drawn", style: .count),
            .init("with a value at every visit", style: .count), .init("not drawn: no value at any visit", style: .count)])
        for arm in arms {
            let members = series.subjects.filter { $0.arm == arm }
            let drawn = members.filter { $0.values.contains(where: \.isFinite) }.count
            table.rows.append([.text(arm), .number(Double(members.count)), .number(Double(drawn)),
                               .number(Double(members.filter { $0.values.allSatisfy(\.isFinite) }.count)), .number(Double(members.count - drawn))])
        }
        return (figure.svg(), table)
    }

    func missingness(_ series: SubjectSeries, dataset: TrialDataset, outcome: String) -> (String, ResultTable) {
        let arms = dataset.arms.levels, visits = dataset.visits.labels
        var observed: [[Int]] = [], counts: [Int] = []
        var table = ResultTable(title: "\(outcome): subjects with a value, by arm and visit", columns: [
            .init("arm", style: .text), .init("visit", style: .text), .init("subjects", style: .count), .init("with a value", style: .count),
            .init("% with a value", style: .statistic), .init("missing", style: .count),
            .init("missing: dropped out (no value here or later)", style: .count), .init("missing: visit missed, value later", style: .count)])
        for arm in arms {
            let members = series.subjects.filter { $0.arm == arm }
            counts.append(members.count)
            observed.append(visits.indices.map { visit in members.filter { $0.values[visit].isFinite }.count })
            for visit in visits.indices {
                let missing = members.filter { !$0.values[visit].isFinite }
                let droppedOut = missing.filter { !$0.values[visit...].contains(where: \.isFinite) }.count
                let have = members.count - missing.count
                table.rows.append([.text(arm), .text(visits[visit]), .number(Double(members.count)), .number(Double(have)),
                                   members.isEmpty ? .missing : .number(100 * Double(have) / Double(members.count)), .number(Double(missing.count)),
                                   .number(Double(droppedOut)), .number(Double(missing.count - droppedOut))])
            }
        }
        table.notes.append("A subject counts in the arm of their rows; a visit without a row for the subject counts as missing.")
        let figure = MissingnessFigure(outcome: outcome, visits: visits, arms: arms, subjects: counts, observed: observed)
        return (figure.svg(), table)
    }

    func waterfall(_ series: SubjectSeries, dataset: TrialDataset, outcome: String) throws -> (String, ResultTable) {
        let visits = dataset.visits.labels, arms = dataset.arms.levels
        let visit: Int
        if let at {
            visit = try AnalysisCommands.visitIndex(dataset, at: at, command: "plot")
        } else {
            visit = visits.count - 1
        }
        let baseline = dataset.visits.baselineIndex
        guard visit != baseline else { throw ValidationError("--at \(at ?? visits[visit]): that is the baseline visit; choose a later visit") }
        let percent = scale == .percent
        var bars: [WaterfallFigure.Bar] = []
        let visitName = dataset.roles.visit ?? "visit"
        let label = (percent ? "% change" : "change") + " in \(outcome) from \(visitName) \(visits[baseline]) to \(visitName) \(visits[visit])"
        var table = ResultTable(title: "Waterfall: \(label), by arm", columns: [
            .init("arm", style: .text), .init("subjects", style: .count), .init("drawn", style: .count),
            .init("not drawn: no value at \(visitName) \(visits[visit])", style: .count), .init("not drawn: no baseline value", style: .count)]
            + (percent ? [.init("not drawn: baseline 0", style: .count)] : [])
            + [.init("median " + (percent ? "% change" : "change")), .init("fell", style: .count), .init("rose", style: .count)]
            + (percent ? [.init("fell ≥ 30%", style: .count), .init("fell ≥ 50%", style: .count)] : []))
        // Each subject's row at the visit; its baseline is the dataset's (a baseline column when
        // one is declared, else the baseline visit's value), as descriptives --change uses.
        let outcomeValues = dataset.outcomes[outcome] ?? [], baselines = dataset.baselines[outcome] ?? []
        var rowAtVisit: [String: Int] = [:]
        for row in 0..<dataset.rowCount where dataset.visitCodes[row] == Int32(visit) {
            if let subject = dataset.subjects.value(at: row) { rowAtVisit[subject] = row }
        }
        var notDrawn = 0
        for arm in arms {
            let members = series.subjects.filter { $0.arm == arm }
            var noValue = 0, noBaseline = 0, zeroBaseline = 0, values: [Double] = []
            for subject in members {
                guard let row = rowAtVisit[subject.id], outcomeValues[row].isFinite else { noValue += 1; continue }
                let start = baselines[row], end = outcomeValues[row]
                if !start.isFinite { noBaseline += 1; continue }
                if percent && start == 0 { zeroBaseline += 1; continue }
                let value = percent ? 100 * (end - start) / start : end - start
                values.append(value)
                bars.append(.init(subject: subject.id, arm: arm, value: value))
            }
            notDrawn += noValue + noBaseline + zeroBaseline
            let median = Description(values).median
            var row: [ResultTable.Cell] = [.text(arm), .number(Double(members.count)), .number(Double(values.count)),
                                           .number(Double(noValue)), .number(Double(noBaseline))]
            if percent { row.append(.number(Double(zeroBaseline))) }
            row += [median.isFinite ? .number(median) : .missing, .number(Double(values.filter { $0 < 0 }.count)),
                    .number(Double(values.filter { $0 > 0 }.count))]
            if percent { row += [.number(Double(values.filter { $0 <= -30 }.count)), .number(Double(values.filter { $0 <= -50 }.count))] }
            table.rows.append(row)
        }
        let figure = WaterfallFigure(title: "\(outcome): \(label), per patient", valueLabel: label, arms: arms, bars: bars,
                                     references: percent ? [-30, -50] : [],
                                     footnote: notDrawn == 0 ? "Every patient is drawn." : "\(notDrawn) patients not drawn (no value at the visit or at baseline); see the table.")
        return (figure.svg(), table)
    }
}

/// Each subject's values of one outcome, one per visit (NaN where missing or without a row), in
/// the order subjects first appear.
struct SubjectSeries {
    var subjects: [SpaghettiFigure.Subject] = []

    init(_ dataset: TrialDataset, outcome: String) {
        let values = dataset.outcomes[outcome] ?? []
        var index: [Int32: Int] = [:]
        for row in 0..<dataset.rowCount {
            let code = dataset.subjects.codes[row]
            guard code != Factor.missingCode, let arm = dataset.arms.value(at: row) else { continue }
            let position: Int
            if let known = index[code] {
                position = known
            } else {
                position = subjects.count
                index[code] = position
                subjects.append(.init(id: dataset.subjects.levels[Int(code)], arm: arm, values: Array(repeating: .nan, count: dataset.visits.labels.count)))
            }
            let visit = Int(dataset.visitCodes[row])
            if visit >= 0, values[row].isFinite { subjects[position].values[visit] = values[row] }
        }
    }
}
