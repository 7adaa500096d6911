import Distributions
import LinearAlgebra
import MixedModels
import ModelFrames
import TrialData

/// Conditional mean imputation (Wolbers et al. 2022, rbmi's `method_condmean`): the MMRM is
/// fitted to the data the strategies keep (values observed after a non-MAR event are left out of
/// the fit), and each subject's missing values are replaced by their conditional mean given all
/// the subject's observed values, those after the event included (rbmi's `impute_data_individual`:
/// only missing values are imputed, and observed ones stay in the analysis),
///
///     ŷ_M = μ_M + Σ_MO Σ_OO⁻¹ (y_O − μ_O),
///
/// μ the subject's mean under their strategy (`StrategyMean`: from their own arm's and the
/// reference arm's means at their covariates) and Σ the fitted covariance (one for both arms,
/// rbmi's `same_cov`).
public struct ConditionalMeanImputation: Sendable {
    /// The imputation model's fixed part, e.g. `CHANGE ~ BASVAL * VISIT + THERAPY * VISIT`, and its
    /// covariance structure over the visits within subjects.
    public let fixedFormula: String
    public let structure: CovarianceTerm.Structure

    public init(fixedFormula: String, structure: CovarianceTerm.Structure = .us) {
        self.fixedFormula = fixedFormula
        self.structure = structure
    }

    /// Every row's design in its own arm and with every subject in the reference arm, formed once
    /// for all the fits of an analysis (its rows are the data's, subject-major).
    public struct Design: Sendable {
        public let names: [String]
        public let own: Matrix
        public let reference: Matrix
    }

    /// The kept subjects' outcomes, completed (subject-major over `keeping`, T per subject), and
    /// the fit they came from. `design` (from `design(_:)`) and `start` (a θ to start the fit at)
    /// save the work a jackknife would repeat.
    /// `model`, when given, is the imputation model of exactly the kept subjects' data (a jackknife
    /// replicate's, from `RepeatedMeasuresModel.leavingOut(subject:)`), fitted instead of one formed
    /// from the data again.
    /// `hessian` (the whole data's fit's) lets such a replicate be refitted by Newton iterations
    /// from `start` without a Hessian of its own.
    public func impute(_ data: ImputationData, keeping subjects: [Int], design given: Design? = nil,
                       start: [Double]? = nil, model prepared: RepeatedMeasuresModel? = nil,
                       hessian: Matrix? = nil) throws(EstimandError) -> (completed: [Double], fit: RepeatedMeasuresFit) {
        var noDraws: Xoshiro256StarStar? = nil
        return try impute(data, keeping: subjects, design: given, start: start, model: prepared, hessian: hessian, drawing: &noDraws)
    }

    /// As `impute`, but each subject's missing values drawn from their conditional distribution,
    /// N(ŷ_M, Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM), rather than set to its mean (rbmi's `impute` of random
    /// draws, for approximate Bayesian MI): one standard normal per missing value, subject by
    /// subject and visit by visit, from `generator`.
    public func imputeDrawing(_ data: ImputationData, keeping subjects: [Int], design given: Design? = nil,
                              start: [Double]? = nil, model prepared: RepeatedMeasuresModel? = nil, hessian: Matrix? = nil,
                              using generator: inout Xoshiro256StarStar) throws(EstimandError) -> (completed: [Double], fit: RepeatedMeasuresFit) {
        var draws: Xoshiro256StarStar? = generator
        defer { generator = draws! }
        return try impute(data, keeping: subjects, design: given, start: start, model: prepared, hessian: hessian, drawing: &draws)
    }

    private func impute(_ data: ImputationData, keeping subjects: [Int], design given: Design?, start: [Double]?,
                        model prepared: RepeatedMeasuresModel?, hessian: Matrix?,
                        drawing generator: inout Xoshiro256StarStar?) throws(EstimandError) -> (completed: [Double], fit: RepeatedMeasuresFit) {
        let t = data.visitCount, modelled = data.modelled
        let columns = data.columns
        var rows: [Int] = [], fitRows: [Int] = []
        for subject in subjects {
            for visit in 0..<t {
                rows.append(subject * t + visit)
                if modelled[subject * t + visit].isFinite { fitRows.append(subject * t + visit) }
            }
        }
        for (arm, isTreatment) in [(data.reference, false), (data.treatment, true)]
        where !subjects.contains(where: { subject in
            data.isTreatment[subject] == isTreatment && (0..<t).contains { modelled[subject * t + $0].isFinite }
        }) {
            throw .noObservedData(arm: arm)
        }
        let references = [columns.arm: data.reference]
        let fit: RepeatedMeasuresFit
        do {
            let formula = try Formula("\(fixedFormula) + \(structure.rawValue)(\(columns.visit) | \(columns.subject))")
            let model: RepeatedMeasuresModel
            if let prepared {
                model = prepared
            } else {
                model = try RepeatedMeasuresModel(frame: try ModelFrame(formula, table: data.table.keepingRows(fitRows), references: references))
            }
            let begin = start.flatMap { $0.count == model.parameterCount ? $0 : nil }
            if let begin, let hessian, let refit = RepeatedMeasuresFit(refitting: model, from: begin, hessian: hessian) {
                fit = refit
            } else {
                fit = try RepeatedMeasuresFit(model: model, start: begin)
            }
        } catch let error as MixedModelError {
            throw .fit(error)
        } catch let error as ModelFrameError {
            throw .fit(.modelFrame(error))
        } catch {
            throw .model("\(error)")
        }
        guard fit.converged else { throw .model("the MMRM did not converge (\(fit.messages.joined(separator: "; ")))") }
        // Σ over the data's visits.
        let modelVisits = fit.model.visits
        var position: [Int] = []
        for visit in data.visits {
            guard let index = modelVisits.firstIndex(of: visit) else { throw .noObservedVisit(visit: visit) }
            position.append(index)
        }
        let covariance = fit.covariances[0]
        func sigma(_ a: Int, _ b: Int) -> Double { covariance[position[a], position[b]] }

        // Each kept row's mean in its own arm and in the reference arm: the design of the rows, then
        // of the same rows with the reference arm, read with the fit's coefficient names.
        let rowsDesign: Design
        if let given { rowsDesign = given } else { rowsDesign = try design(data) }
        let (own, reference) = try means(design: rowsDesign, rows: rows, fit: fit)
        var completed = [Double](repeating: 0, count: rows.count)
        for (position, subject) in subjects.enumerated() {
            let base = position * t
            let event = data.events[subject]
            if let event, event.strategy == .lastMeanCarriedForward, event.visit == 0 {
                throw .noPriorVisit(subject: data.subjects[subject], visit: data.visits[0])
            }
            let mu = StrategyMean.mean(strategy: event?.strategy ?? .missingAtRandom, own: Array(own[base..<(base + t)]),
                                       reference: Array(reference[base..<(base + t)]), eventVisit: event?.visit)
            let values = (0..<t).map { data.observed[subject * t + $0] }
            let seen = (0..<t).filter { values[$0].isFinite }, missing = (0..<t).filter { !values[$0].isFinite }
            for visit in seen { completed[base + visit] = values[visit] }
            guard !missing.isEmpty else { continue }
            guard !seen.isEmpty else {
                for visit in missing { completed[base + visit] = mu[visit] }
                continue
            }
            var seenCovariance = Matrix(rows: seen.count, columns: seen.count)
            for (i, a) in seen.enumerated() { for (j, b) in seen.enumerated() { seenCovariance[i, j] = sigma(a, b) } }
            let weights: [Double]
            do {
                weights = try CholeskyFactorization(seenCovariance).solve(seen.map { values[$0] - mu[$0] })
            } catch {
                throw .model("the fitted covariance is not positive definite at subject \(data.subjects[subject])'s visits: \(error)")
            }
            for visit in missing {
                var sum = mu[visit]
                for (j, b) in seen.enumerated() { sum += sigma(visit, b) * weights[j] }
                completed[base + visit] = sum
            }
        }
        if generator != nil {
            for (position, subject) in subjects.enumerated() {
                let missing = (0..<t).filter { !data.observed[subject * t + $0].isFinite }
                guard !missing.isEmpty else { continue }
                let seen = (0..<t).filter { data.observed[subject * t + $0].isFinite }
                let noise = try Self.conditionalNoise(missing: missing, seen: seen, sigma: sigma, generator: &generator!,
                                                      subject: data.subjects[subject])
                for (index, visit) in missing.enumerated() { completed[position * t + visit] += noise[index] }
            }
        }
        return (completed, fit)
    }

    /// A draw from N(0, Σ_MM − Σ_MO Σ_OO⁻¹ Σ_OM): L z, L the Cholesky factor and z standard normals.
    static func conditionalNoise(missing: [Int], seen: [Int], sigma: (Int, Int) -> Double, generator: inout Xoshiro256StarStar,
                                 subject: String) throws(EstimandError) -> [Double] {
        var conditional = Matrix(rows: missing.count, columns: missing.count)
        for (i, a) in missing.enumerated() { for (j, b) in missing.enumerated() { conditional[i, j] = sigma(a, b) } }
        if !seen.isEmpty {
            var seenCovariance = Matrix(rows: seen.count, columns: seen.count), cross = Matrix(rows: seen.count, columns: missing.count)
            for (i, a) in seen.enumerated() {
                for (j, b) in seen.enumerated() { seenCovariance[i, j] = sigma(a, b) }
                for (j, b) in missing.enumerated() { cross[i, j] = sigma(a, b) }
            }
            do {
                let solved = try CholeskyFactorization(seenCovariance).solve(cross)
                for i in missing.indices {
                    for j in missing.indices {
                        var sum = 0.0
                        for k in seen.indices { sum += cross[k, i] * solved[k, j] }
                        conditional[i, j] -= sum
                    }
                }
            } catch {
                throw .model("the fitted covariance is not positive definite at subject \(subject)'s visits: \(error)")
            }
        }
        let factor: Matrix
        do {
            factor = try CholeskyFactorization(conditional).lower
        } catch {
            throw .model("the conditional covariance of subject \(subject)'s missing values is not positive definite: \(error)")
        }
        let z = Normal.standard.samples(missing.count, using: &generator)
        return missing.indices.map { i in (0...i).reduce(0.0) { $0 + factor[i, $1] * z[$1] } }
    }

    /// The design of every row of the data, in its own arm and in the reference arm.
    public func design(_ data: ImputationData) throws(EstimandError) -> Design {
        let columns = data.columns
        var own = data.table
        // The design needs no outcome: missing ones are set to 0 so that no row is left out.
        if let index = own.columns.firstIndex(where: { $0.name == columns.outcome }), case let .numeric(values) = own.columns[index].values {
            own.columns[index].values = .numeric(values.map { $0.isFinite ? $0 : 0 })
        }
        var counterfactual = own
        guard let armIndex = own.columns.firstIndex(where: { $0.name == columns.arm }) else {
            throw .unknownColumn(file: data.table.source, column: columns.arm, available: data.table.columnNames)
        }
        counterfactual.columns[armIndex].values = Self.settingAll(own.columns[armIndex].values, to: data.reference)
        let stacked = Self.stacking(own, counterfactual)
        let frame: ModelFrame
        do {
            frame = try ModelFrame(try Formula(fixedFormula), table: stacked, references: [columns.arm: data.reference])
        } catch {
            throw .model("the design of the rows to impute: \(error)")
        }
        guard frame.rows.count == stacked.rowCount else {
            let missing = Set(0..<stacked.rowCount).subtracting(frame.rows).min() ?? 0
            throw .notEstimable("\(data.table.source), line \(stacked.lineNumbers[missing]): a covariate of the imputation model is missing; "
                                + "every subject needs its covariates at every visit")
        }
        let x = frame.design.matrix, n = data.table.rowCount
        var ownRows = Matrix(rows: n, columns: x.columns), referenceRows = Matrix(rows: n, columns: x.columns)
        for column in 0..<x.columns {
            for row in 0..<n {
                ownRows[row, column] = x[row, column]
                referenceRows[row, column] = x[n + row, column]
            }
        }
        return Design(names: frame.design.columnNames, own: ownRows, reference: referenceRows)
    }

    /// X β for the rows in their own arm and with every subject in the reference arm.
    func means(design: Design, rows: [Int], fit: RepeatedMeasuresFit) throws(EstimandError) -> (own: [Double], reference: [Double]) {
        let beta = fit.fixedEffects, fitNames = fit.model.fixedEffectNames
        var coefficient = [Double](repeating: 0, count: design.names.count)
        for (column, name) in design.names.enumerated() {
            if let index = fitNames.firstIndex(of: name) {
                coefficient[column] = beta[index]
            } else if rows.contains(where: { design.own[$0, column] != 0 || design.reference[$0, column] != 0 }) {
                throw .notEstimable("the imputation model's coefficient \(name) could not be estimated from the data the strategies keep "
                                    + "(no observed value in its cell), so the means it enters cannot be formed")
            }
        }
        var own = [Double](repeating: 0, count: rows.count), reference = [Double](repeating: 0, count: rows.count)
        for column in design.names.indices where coefficient[column] != 0 {
            let value = coefficient[column]
            for (position, row) in rows.enumerated() {
                own[position] += design.own[row, column] * value
                reference[position] += design.reference[row, column] * value
            }
        }
        return (own, reference)
    }

    /// A copy of a column with every row at one level (the levels kept, so codes stay comparable).
    static func settingAll(_ values: Column.Values, to level: String) -> Column.Values {
        switch values {
        case let .categorical(factor):
            let code = Int32(factor.levels.firstIndex(of: level) ?? -1)
            return .categorical(Factor(levels: factor.levels, codes: [Int32](repeating: code, count: factor.count)))
        case let .numeric(numbers):
            return .numeric([Double](repeating: Double(level) ?? .nan, count: numbers.count))
        case .date:
            return values
        }
    }

    /// Two tables of the same columns, one after the other.
    static func stacking(_ first: Table, _ second: Table) -> Table {
        var columns: [Column] = []
        for (a, b) in zip(first.columns, second.columns) {
            switch (a.values, b.values) {
            case let (.numeric(x), .numeric(y)): columns.append(Column(name: a.name, values: .numeric(x + y)))
            case let (.date(x), .date(y)): columns.append(Column(name: a.name, values: .date(x + y)))
            case let (.categorical(x), .categorical(y)):
                // The second's codes in the first's levels (the same levels, unless a copy relabelled them).
                let codes = x.codes + (y.levels == x.levels ? y.codes
                    : (0..<y.count).map { y.value(at: $0).flatMap { x.levels.firstIndex(of: $0) }.map(Int32.init) ?? Factor.missingCode })
                columns.append(Column(name: a.name, values: .categorical(Factor(levels: x.levels, codes: codes))))
            default: columns.append(a)
            }
        }
        return Table(source: first.source, columns: columns, lineNumbers: first.lineNumbers + second.lineNumbers,
                     decimalSeparator: first.decimalSeparator)
    }
}
