import Analyses
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
                             }).map { ("trajectory", $0.svg()) }
        }
    }

    /// The contrasts of marginal means, each labelled by its contrast and `by` levels.
    static func contrasts(_ result: MixedModelResult) -> [Figure] {
        guard let contrasts = result.contrasts, let by = result.marginalMeans?.by else { return [] }
        let rows = contrasts.map { row in
            ForestFigure.Row(label: ([row["contrast"]?.text] + by.map { row[$0]?.text }).compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                             estimate: row["estimate"]?.number ?? .nan, lower: row["lower"]?.number ?? .nan, upper: row["upper"]?.number ?? .nan)
        }
        let percent = "\(Int((result.confidenceLevel * 100).rounded()))% CI"
        return ForestFigure(title: "Contrasts", rows: rows, intervalName: percent).map { [("forest", $0.svg())] } ?? []
    }

    /// The tipping-point scan: the treatment effect at the last visit and its interval at each
    /// delta, so that where the interval reaches 0 can be read off.
    static func tippingPoint(_ result: EstimandResult) -> [Figure] {
        guard let scan = result.tippingPoint else { return [] }
        let rows = scan.rows.map { row in
            // Each delta's p beside it, as the figure of estimate and p against delta asks.
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

    /// A figure of individual subjects: spaghetti, waterfall or missingness.
    static func subjects(_ result: SubjectFigureResult) -> [Figure] {
        let outcome = result.outcome
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
            return [("missingness", MissingnessFigure(outcome: outcome, visits: result.visits, arms: result.arms, subjects: members.map(\.count),
                                                      observed: members.map { subjects in
                                                          result.visits.indices.map { visit in subjects.filter { $0.values[visit] != nil }.count }
                                                      }).svg())]
        }
        return [("spaghetti", SpaghettiFigure(outcome: outcome, visits: result.visits, arms: result.arms,
                                              subjects: result.subjects.filter { $0.values.contains { $0 != nil } }
                                                  .map { .init(id: $0.subject, arm: $0.arm, values: $0.values.map { $0 ?? .nan }) }).svg())]
    }
}
