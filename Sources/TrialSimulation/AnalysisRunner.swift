import Distributions
import HypothesisTests
import LinearAlgebra
import MixedModels
import ModelFrames
import TrialData

/// The planned analysis of one simulated trial.
struct AnalysisRunner: Sendable {
    let design: TrialDesign

    func outcome(_ table: Table, sampleSize: Int, replicate: Int) -> ReplicateOutcome {
        func failed(_ why: String) -> ReplicateOutcome {
            ReplicateOutcome(sampleSize: sampleSize, replicate: replicate, estimate: nil, standardError: nil, degreesOfFreedom: nil, p: nil,
                             rejected: false, failure: why)
        }
        let test: (estimate: Double, se: Double, df: Double?)
        do {
            switch design.analysis.method {
            case .mmrm: test = try mmrm(table)
            case .tTest: test = try tTest(table)
            case .ancova: test = try ancova(table)
            case .responders: return try responders(table, sampleSize: sampleSize, replicate: replicate)
            }
        } catch let error as SimulationFailure {
            return failed(error.reason)
        } catch {
            return failed("\(error)")
        }
        guard test.se > 0, test.se.isFinite, test.estimate.isFinite else { return failed("the effect's SE is not a positive number") }
        let statistic = test.estimate / test.se
        let lower: Double, upper: Double
        if let df = test.df {
            guard let distribution = try? StudentT(degreesOfFreedom: df) else { return failed("df \(df) is not usable") }
            lower = distribution.distributionFunction(statistic, upperTail: false, logScale: false)
            upper = distribution.distributionFunction(statistic, upperTail: true, logScale: false)
        } else {
            lower = Normal.standard.distributionFunction(statistic, upperTail: false, logScale: false)
            upper = Normal.standard.distributionFunction(statistic, upperTail: true, logScale: false)
        }
        let p: Double
        switch design.analysis.alternative {
        case .twoSided: p = min(1, 2 * min(lower, upper))
        case .less: p = lower
        case .greater: p = upper
        }
        // A p that is not a number would reach a shard's JSON as a string: it is a failure, with its reason.
        guard p.isFinite else { return failed("the test's p-value is not a number (df \(test.df.map { "\($0)" } ?? "normal"))") }
        return ReplicateOutcome(sampleSize: sampleSize, replicate: replicate, estimate: test.estimate, standardError: test.se,
                                degreesOfFreedom: test.df, p: p, rejected: p < design.analysis.alpha, failure: nil)
    }

    struct SimulationFailure: Error { let reason: String }

    /// `y ~ arm * visit + structure(visit | subject)`, REML, the treatment − control difference at the visit.
    func mmrm(_ table: Table) throws -> (estimate: Double, se: Double, df: Double?) {
        let analysis = design.analysis
        let formula = try Formula("y ~ arm * visit + \(analysis.structure)(visit | subject)")
        let frame = try ModelFrame(formula, table: table, references: ["arm": design.control, "visit": design.visits[0]])
        let fit = try RepeatedMeasuresFit(model: try RepeatedMeasuresModel(frame: frame))
        guard fit.converged else { throw SimulationFailure(reason: "the MMRM did not converge") }
        let names = fit.model.fixedEffectNames, treatment = design.treatment.name
        var contrast = [Double](repeating: 0, count: names.count)
        guard let main = names.firstIndex(of: "arm" + treatment) else { throw SimulationFailure(reason: "no coefficient for arm \(treatment)") }
        contrast[main] = 1
        if analysis.visit != design.visits[0] {
            guard let interaction = names.firstIndex(of: "arm\(treatment):visit\(analysis.visit)") else {
                throw SimulationFailure(reason: "no coefficient for arm \(treatment) at visit \(analysis.visit)")
            }
            contrast[interaction] = 1
        }
        switch analysis.degreesOfFreedom {
        case .kenwardRoger:
            let test = try fit.kenwardRoger().contrast(contrast)
            return (test.estimate, test.standardError, test.degreesOfFreedom)
        case .satterthwaite:
            let test = try fit.satterthwaite().contrast(contrast)
            return (test.estimate, test.standardError, test.degreesOfFreedom)
        case .normal:
            let beta = fit.fixedEffects, v = fit.fixedEffectsCovariance
            let estimate = zip(contrast, beta).reduce(0) { $0 + $1.0 * $1.1 }
            var variance = 0.0
            for i in contrast.indices where contrast[i] != 0 { for j in contrast.indices where contrast[j] != 0 { variance += contrast[i] * v[i, j] * contrast[j] } }
            return (estimate, variance.squareRoot(), nil)
        }
    }

    /// The difference in responder proportions (treatment − control), its Wald SE, and the p of
    /// Fisher's exact test or Pearson's chi-square (no continuity correction) on the 2 × 2 table.
    func responders(_ table: Table, sampleSize: Int, replicate: Int) throws -> ReplicateOutcome {
        guard let rule = design.analysis.responder,
              case let .categorical(subjects) = try table.column(named: "subject").values,
              case let .categorical(arms) = try table.column(named: "arm").values, case let .categorical(visits) = try table.column(named: "visit").values,
              case let .numeric(y) = try table.column(named: "y").values,
              let visit = design.visits.firstIndex(of: design.analysis.visit),
              let treatment = design.arms.firstIndex(where: { $0.name == design.treatment.name }) else {
            throw SimulationFailure(reason: "the simulated table lacks its columns")
        }
        var baseline: [Int32: Double] = [:], value: [Int32: Double] = [:], armOf: [Int32: Int32] = [:]
        for row in 0..<y.count {
            armOf[subjects.codes[row]] = arms.codes[row]
            if visits.codes[row] == 0 { baseline[subjects.codes[row]] = y[row] }
            if visits.codes[row] == Int32(visit) { value[subjects.codes[row]] = y[row] }
        }
        // Randomised subjects never seen at all have no row: count them from the design's sizes.
        let sizes = design.armSizes(sampleSize)
        var counts = [[0, 0], [0, 0]]  // [arm][responder, non-responder], control first
        for (subject, arm) in armOf {
            let row = arm == Int32(treatment) ? 1 : 0
            if let start = baseline[subject], let end = value[subject] {
                counts[row][rule.responds(baseline: start, value: end) ? 0 : 1] += 1
            } else if rule.missing == .nonResponder {
                counts[row][1] += 1
            }
        }
        if rule.missing == .nonResponder {
            let control = design.arms.firstIndex { $0.name == design.control }!
            for (index, row) in [(control, 0), (treatment, 1)] {
                let seen = armOf.values.filter { $0 == Int32(index) }.count
                counts[row][1] += sizes[index] - seen
            }
        }
        let totals = counts.map { $0[0] + $0[1] }
        guard totals.allSatisfy({ $0 > 0 }) else { throw SimulationFailure(reason: "an arm has no subject to count") }
        let p0 = Double(counts[0][0]) / Double(totals[0]), p1 = Double(counts[1][0]) / Double(totals[1])
        let se = (p0 * (1 - p0) / Double(totals[0]) + p1 * (1 - p1) / Double(totals[1])).squareRoot()
        let p: Double
        let table2 = [counts[1], counts[0]]
        switch rule.test {
        case .fisher: p = try FisherExactTest(table2).pValue
        case .chiSquare:
            guard counts[0][0] + counts[1][0] > 0, counts[0][1] + counts[1][1] > 0 else { throw SimulationFailure(reason: "everyone or no one responded") }
            p = try ChiSquareTest(table2.map { $0.map(Double.init) }, yates: false).pValue
        }
        return ReplicateOutcome(sampleSize: sampleSize, replicate: replicate, estimate: p1 - p0, standardError: se, degreesOfFreedom: nil, p: p,
                                rejected: p < design.analysis.alpha, failure: nil)
    }

    /// Least squares y_visit ~ 1 + arm + y_first over the subjects seen at both; the arm's t test on n − 3 df.
    func ancova(_ table: Table) throws -> (estimate: Double, se: Double, df: Double?) {
        guard case let .categorical(subjects) = try table.column(named: "subject").values,
              case let .categorical(arms) = try table.column(named: "arm").values, case let .categorical(visits) = try table.column(named: "visit").values,
              case let .numeric(y) = try table.column(named: "y").values,
              let visit = design.visits.firstIndex(of: design.analysis.visit),
              let treatment = design.arms.firstIndex(where: { $0.name == design.treatment.name }) else {
            throw SimulationFailure(reason: "the simulated table lacks its columns")
        }
        var baseline: [Int32: Double] = [:], outcome: [(subject: Int32, arm: Int32, value: Double)] = []
        for row in 0..<y.count {
            if visits.codes[row] == 0 { baseline[subjects.codes[row]] = y[row] }
            if visits.codes[row] == Int32(visit) { outcome.append((subjects.codes[row], arms.codes[row], y[row])) }
        }
        let rows = outcome.filter { baseline[$0.subject] != nil }
        guard rows.count > 3, Set(rows.map(\.arm)).count == 2 else { throw SimulationFailure(reason: "fewer than 4 subjects, or one arm only, seen at the visit") }
        var x = Matrix(rows: rows.count, columns: 3)
        for (index, row) in rows.enumerated() {
            x[index, 0] = 1
            x[index, 1] = row.arm == Int32(treatment) ? 1 : 0
            x[index, 2] = baseline[row.subject]!
        }
        let response = rows.map(\.value)
        let qr = try PivotedQR(x)
        guard qr.rank == 3 else { throw SimulationFailure(reason: "the ANCOVA's design is rank deficient") }
        let beta = try qr.leastSquares(response)
        var residual = 0.0
        for index in rows.indices {
            let fitted = beta[0] + beta[1] * x[index, 1] + beta[2] * x[index, 2]
            residual += (response[index] - fitted) * (response[index] - fitted)
        }
        let df = Double(rows.count - 3)
        // Var(β̂_arm) = s² [(R'R)⁻¹]_arm,arm = s² ‖R⁻ᵀ e_arm‖², e_arm in the pivoted order.
        let contrast = qr.keptColumns.map { $0 == 1 ? 1.0 : 0.0 }
        let w = try qr.upperTriangle.solvingTriangular(contrast, triangle: .upper, transposed: true)
        let se = (residual / df * w.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return (beta[1], se, df)
    }

    /// The pooled-variance two-sample t-test of the values seen at the visit.
    func tTest(_ table: Table) throws -> (estimate: Double, se: Double, df: Double?) {
        guard case let .categorical(arms) = try table.column(named: "arm").values, case let .categorical(visits) = try table.column(named: "visit").values,
              case let .numeric(y) = try table.column(named: "y").values,
              let visit = design.visits.firstIndex(of: design.analysis.visit),
              let control = design.arms.firstIndex(where: { $0.name == design.control }),
              let treatment = design.arms.firstIndex(where: { $0.name == design.treatment.name }) else {
            throw SimulationFailure(reason: "the simulated table lacks its columns")
        }
        var groups: [[Double]] = [[], []]
        for row in 0..<y.count where visits.codes[row] == Int32(visit) {
            if arms.codes[row] == Int32(control) { groups[0].append(y[row]) } else if arms.codes[row] == Int32(treatment) { groups[1].append(y[row]) }
        }
        guard groups[0].count >= 2, groups[1].count >= 2 else { throw SimulationFailure(reason: "fewer than 2 subjects seen at the visit in an arm") }
        let means = groups.map { $0.reduce(0, +) / Double($0.count) }
        let squares = zip(groups, means).map { group, mean in group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } }
        let df = Double(groups[0].count + groups[1].count - 2)
        let pooled = (squares[0] + squares[1]) / df
        let se = (pooled * (1 / Double(groups[0].count) + 1 / Double(groups[1].count))).squareRoot()
        return (means[1] - means[0], se, df)
    }
}
