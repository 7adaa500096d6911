import Analyses
import TrialData
import Reporting
import StatsCore

/// Figures drawn from typed results: an outcome's means over the visits, contrasts of marginal
/// means, a meta-analysis's forest, and the figures of individual subjects.
enum ResultFigures {
    typealias Figure = (kind: String, svg: String)

    /// Mean and interval per arm over the visits, one figure per outcome.
    static func trajectories(_ result: OutcomeDescriptivesResult) -> [Figure] {
        result.outcomes.compactMap { outcome in
            TrajectoryFigure(title: result.title(outcome), outcome: result.measure(outcome), intervalName: result.intervalName,
                             points: outcome.cells.map { cell in
                                 (cell.arm, .init(visit: cell.visit, mean: cell.mean ?? .nan, lower: cell.meanLower ?? .nan, upper: cell.meanUpper ?? .nan))
                             }).map { figure in
                var figure = figure
                figure.visitTimes = VisitLabelOrder.times(figure.visits)
                return ("trajectory", figure.svg())
            }
        }
    }

    /// The contrasts of marginal means, each labelled by its contrast and `by` levels.
    /// Contrasts A − B: with lower values better (pain, disability), an estimate below 0 favours
    /// A; `higherIsBetter` turns that round. The sides are named when every contrast shares them.
    static func contrasts(_ result: MixedModelResult, arm: String? = nil, higherIsBetter: Bool = false) -> [Figure] {
        guard let contrasts = result.contrasts, let by = result.marginalMeans?.by else { return [] }
        let rows = contrasts.map { row in
            ForestFigure.Row(label: ([row["contrast"]?.text] + by.map { row[$0]?.text }).compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                             estimate: row["estimate"]?.number ?? .nan, lower: row["lower"]?.number ?? .nan, upper: row["upper"]?.number ?? .nan)
        }
        let percent = "\(Int((result.confidenceLevel * 100).rounded()))% CI"
        let pairs = Set(contrasts.compactMap { $0["contrast"]?.text }).map { $0.components(separatedBy: " - ") }.filter { $0.count == 2 }
        let firsts = Set(pairs.map { $0[0] }), seconds = Set(pairs.map { $0[1] })
        let first = firsts.count == 1 ? firsts.first! : "the first-named arm", second = seconds.count == 1 ? seconds.first! : "the second-named arm"
        // Only contrasts between arms favour an arm; contrasts between visits do not.
        let ofArms = arm.map { result.marginalMeans?.factors == [$0] } ?? false
        let favours = pairs.isEmpty || !ofArms ? nil : (higherIsBetter ? ("favours \(second)", "favours \(first)") : ("favours \(first)", "favours \(second)"))
        return ForestFigure(title: "Contrasts", rows: rows, intervalName: percent, favours: favours).map { [("forest", $0.svg())] } ?? []
    }

    /// The tipping-point scan: the treatment effect at the last visit and its interval at each
    /// delta, so that where the interval reaches 0 can be read off.
    static func tippingPoint(_ result: EstimandResult) -> [Figure] {
        guard let scan = result.tippingPoint else { return [] }
        let rows = scan.rows.map { row in
            // Each delta's p beside it, as the issue's figure of estimate and p against delta asks.
            ForestFigure.Row(label: "delta \(row.delta)" + (row.p.map { ", p " + NumberFormatting.pValue($0) } ?? ""), estimate: row.estimate ?? .nan,
                             lower: row.lower ?? .nan, upper: row.upper ?? .nan)
        }
        let percent = "\(Int((result.confidenceLevel * 100).rounded()))% CI"
        return ForestFigure(title: "Tipping point: \(result.treatment) − \(result.reference) at visit \(scan.visit), by delta added to \(scan.arm)'s imputed values",
                            rows: rows, intervalName: percent).map { [("tipping-point", $0.svg())] } ?? []
    }

    /// Simulated power against the per-arm n, with its Monte-Carlo interval, and the analytic
    /// power beside it where there is one.
    static func powerCurve(_ result: PowerResult) -> [Figure] {
        let rows = result.sampleSizes.sorted { $0.n < $1.n }
        var points: [(arm: String, point: TrajectoryFigure.Point)] = rows.compactMap { row in
            row.power.map { ("simulated", .init(visit: "\(row.n)", mean: $0, lower: row.lower ?? $0, upper: row.upper ?? $0)) }
        }
        points += rows.compactMap { row in row.analyticPower.map { ("analytic (Lu, Luo, Chen)", .init(visit: "\(row.n)", mean: $0, lower: $0, upper: $0)) } }
        return TrajectoryFigure(title: "Power by n per arm: \(result.design.treatment.name) − \(result.design.control), effect \(result.effect)",
                                outcome: "power", intervalName: "95% Monte-Carlo interval", points: points).map { [("power-curve", $0.svg())] } ?? []
    }

    /// Each study and the pooled estimate (log scale for ratios).
    static func forest(_ result: StudyPoolingResult) -> [Figure] {
        let studies = result.studies.map { study in
            MetaForestFigure.Row(label: study.study + (study.subgroup.map { $0.isEmpty ? "" : " (\($0))" } ?? ""), estimate: study.estimate ?? .nan,
                                 lower: study.lower ?? .nan, upper: study.upper ?? .nan, weight: study.weight, pooled: false)
        }
        let pooled = result.pooled.map { model in
            MetaForestFigure.Row(label: result.method == "MH" ? "Mantel-Haenszel pooled" : result.method == "PETO" ? "Peto pooled" : model.model,
                                 estimate: model.estimate ?? .nan, lower: model.lower ?? .nan, upper: model.upper ?? .nan, weight: 100, pooled: true)
        }
        let percent = String(format: "%g%% CI", result.confidenceLevel * 100)
        return MetaForestFigure(title: "Forest: \(result.measureName)", rows: studies + pooled, ratio: result.ratio ? result.measure : nil,
                                intervalName: percent).map { [("forest", $0.svg())] } ?? []
    }

    /// The flow of participants (CONSORT 2025 style) from the row ledger and the dropout patterns.
    static func flow(_ description: DatasetDescription) -> [Figure] {
        let flow = ParticipantFlow(description)
        guard !flow.arms.isEmpty else { return [] }
        let excluded = ["Rows excluded: \(flow.rowsExcluded)"] + flow.exclusions.map { "\($0.rows) \($0.rule)" }
        let columns = flow.arms.map { arm in
            var boxes = [["Allocated to \(arm.arm)", "\(arm.allocated) subjects"]]
            for visit in arm.visits {
                let notSeen = visit.droppedOut + visit.missed
                boxes.append(["\(flow.visitColumn) \(visit.visit): seen \(visit.seen)",
                              "not seen \(notSeen): \(visit.droppedOut) dropped out, \(visit.missed) missed"])
            }
            if let outcome = flow.outcome, let analysed = arm.analysed, let last = flow.lastVisit {
                boxes.append(["Analysed: \(analysed)", "with \(outcome) at \(flow.visitColumn) \(last)"])
            }
            return FlowDiagram.Column(boxes: boxes)
        }
        // Subjects are counted from the rows used: one whose every row was excluded is in the rows excluded only.
        let diagram = FlowDiagram(title: "Flow of participants", top: ["In the data: \(flow.rowsRead) rows read", "\(flow.subjects) subjects with rows used"],
                                  excluded: excluded, randomised: ["Randomised: \(flow.subjects) subjects", "in \(flow.arms.count) arms"],
                                  columns: columns)
        return [("flow", diagram.svg())]
    }

    /// A figure of individual subjects: spaghetti, waterfall or missingness.
    static func subjects(_ result: SubjectFigureResult) -> [Figure] {
        let outcome = result.outcome
        if let ecdf = result.ecdf {
            // Change in points, then percent change, each with its thresholds.
            return [(ecdf.points, "points", ""), (ecdf.percent, "percent", "%")].map { changes, scale, unit in
                let notDrawn = changes.arms.reduce(0) { $0 + $1.noValueAtVisit + $1.noBaseline + ($1.zeroBaseline ?? 0) }
                let figure = CumulativeDistributionFigure(
                    title: "Cumulative distribution of \(changes.label)", valueLabel: changes.label,
                    series: result.arms.map { arm in .init(arm: arm, values: changes.bars.filter { $0.arm == arm }.map(\.value)) },
                    marks: ecdf.marks.filter { $0.scale == scale }.map(\.value), markUnit: unit,
                    footnote: notDrawn == 0 ? "Every patient is drawn." : "\(notDrawn) patients not drawn (no value at the visit or at baseline\(scale == "percent" ? ", or a baseline of 0" : "")); see the table.")
                return ("ecdf-\(scale)", figure.svg())
            }
        }
        if let waterfall = result.waterfall {
            let notDrawn = result.waterfallNotDrawn
            return [("waterfall", WaterfallFigure(title: "\(outcome): \(waterfall.label), per patient", valueLabel: waterfall.label, arms: result.arms,
                                                  bars: waterfall.bars.map { .init(subject: $0.subject, arm: $0.arm, value: $0.value) },
                                                  references: waterfall.scale == "percent" ? [-30, -50] : [],
                                                  footnote: notDrawn == 0 ? "Every patient is drawn."
                                                      : "\(notDrawn) patients not drawn (no value at the visit or at baseline); see the table.").svg())]
        }
        if result.missingness != nil {
            let members = result.arms.map { arm in result.subjects.filter { $0.arm == arm } }
            var figure = MissingnessFigure(outcome: outcome, visits: result.visits, arms: result.arms, subjects: members.map(\.count),
                                           observed: members.map { subjects in
                                               result.visits.indices.map { visit in subjects.filter { $0.values[visit] != nil }.count }
                                           })
            figure.visitTimes = VisitLabelOrder.times(result.visits)
            return [("missingness", figure.svg())]
        }
        var figure = SpaghettiFigure(outcome: outcome, visits: result.visits, arms: result.arms,
                                     subjects: result.subjects.filter { $0.values.contains { $0 != nil } }
                                         .map { .init(id: $0.subject, arm: $0.arm, values: $0.values.map { $0 ?? .nan }) })
        figure.visitTimes = VisitLabelOrder.times(result.visits)
        return [("spaghetti", figure.svg())]
    }
}
