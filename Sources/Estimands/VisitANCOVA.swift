import LinearAlgebra
import ModelFrames
import TrialData

/// The analysis model of rbmi's `ancova`: at each visit, `outcome ~ arm + covariates` by least
/// squares on the completed data, giving the treatment difference (`trt_<visit>`) and each arm's
/// least-squares mean with counterfactual weights (`lsm_ref_<visit>`, `lsm_alt_<visit>`: the mean
/// of every subject's prediction with all subjects put in that arm, g-computation).
public struct VisitANCOVA: Sendable {
    /// Covariates of the analysis model (e.g. the baseline), as formula terms.
    public let covariates: [String]

    public init(covariates: [String]) { self.covariates = covariates }

    /// Parameters in rbmi's order: per visit trt, lsm_ref, lsm_alt.
    public func parameterNames(visits: [String]) -> [String] {
        visits.flatMap { ["trt_\($0)", "lsm_ref_\($0)", "lsm_alt_\($0)"] }
    }

    /// Each visit's design of every subject (rows subject by subject), formed once for all the
    /// analyses of an estimand, and the column of the treatment arm.
    public struct Design: Sendable {
        public let visits: [Matrix]
        public let armColumn: Int
    }

    public func design(_ data: ImputationData) throws(EstimandError) -> Design {
        let t = data.visitCount, columns = data.columns
        var matrices: [Matrix] = [], armColumn = -1
        for visit in 0..<t {
            var table = data.table.keepingRows((0..<data.subjectCount).map { $0 * t + visit })
            if let index = table.columns.firstIndex(where: { $0.name == columns.outcome }) {
                table.columns[index].values = .numeric([Double](repeating: 0, count: data.subjectCount))
            }
            let frame: ModelFrame
            do {
                frame = try ModelFrame(try Formula("\(columns.outcome) ~ " + ([columns.arm] + covariates).joined(separator: " + ")), table: table,
                                       references: [columns.arm: data.reference])
            } catch {
                throw .model("the analysis model at visit \(data.visits[visit]): \(error)")
            }
            guard frame.rows.count == data.subjectCount else {
                throw .notEstimable("at visit \(data.visits[visit]) a covariate of the analysis model is missing for some subject; "
                                    + "the analysis needs every subject's covariates")
            }
            guard let arm = frame.design.columnNames.firstIndex(of: columns.arm + data.treatment) else {
                throw .notEstimable("at visit \(data.visits[visit]) the treatment effect cannot be estimated (one arm only?)")
            }
            armColumn = arm
            matrices.append(frame.design.matrix)
        }
        return Design(visits: matrices, armColumn: armColumn)
    }

    /// The estimates, in `parameterNames` order, for the kept subjects with their completed
    /// outcomes (subject-major, T per subject; a subject kept twice, as a bootstrap sample keeps
    /// them, is two rows): at each visit the least-squares fit, the arm's coefficient, and the
    /// counterfactual means (the kept rows' column means with the arm indicator at 0, then at 1,
    /// times the coefficients).
    public func estimates(_ data: ImputationData, keeping subjects: [Int], completed: [Double], design given: Design? = nil) throws(EstimandError) -> [Double] {
        try inference(data, keeping: subjects, completed: completed, design: given, standardErrors: false).estimates
    }

    /// The estimates with their least-squares standard errors and the residual df, n − rank
    /// (rbmi's `ancova`: `vcov(lm)` for trt, √(l'Vl) for each mean), for Rubin's rules.
    public func inference(_ data: ImputationData, keeping subjects: [Int], completed: [Double], design given: Design? = nil,
                          standardErrors wanted: Bool = true) throws(EstimandError)
        -> (estimates: [Double], standardErrors: [Double], degreesOfFreedom: [Double]) {
        let design: Design
        if let given { design = given } else { design = try self.design(data) }
        let t = data.visitCount
        var estimates: [Double] = [], errors: [Double] = [], dfs: [Double] = []
        for visit in 0..<t {
            let full = design.visits[visit], p = full.columns, n = subjects.count
            var x = Matrix(rows: n, columns: p)
            for column in 0..<p { for (row, subject) in subjects.enumerated() { x[row, column] = full[subject, column] } }
            let y = subjects.indices.map { completed[$0 * t + visit] }
            let beta: [Double], qr: PivotedQR
            do {
                qr = try PivotedQR(x)
                beta = try qr.leastSquares(y)
            } catch {
                throw .model("the analysis model at visit \(data.visits[visit]): \(error)")
            }
            guard beta[design.armColumn].isFinite else {
                throw .notEstimable("at visit \(data.visits[visit]) the treatment effect cannot be estimated (aliased with the covariates)")
            }
            var means = (0..<p).map { column in (0..<n).reduce(0.0) { $0 + x[$1, column] } / Double(n) }
            func mean() -> Double { zip(means, beta).reduce(0) { $0 + ($1.1.isFinite ? $1.0 * $1.1 : 0) } }
            means[design.armColumn] = 0
            let referenceMeans = means
            let reference = mean()
            means[design.armColumn] = 1
            estimates += [beta[design.armColumn], reference, mean()]
            guard wanted else { continue }
            // Var(l'β̂) = s² ‖R⁻ᵀ l_kept‖², l over the independent columns in pivot order.
            let residualDF = n - qr.rank
            var armContrast = [Double](repeating: 0, count: p)
            armContrast[design.armColumn] = 1
            var residualSS = 0.0
            for row in 0..<n {
                var fitted = 0.0
                for column in 0..<p where beta[column].isFinite { fitted += x[row, column] * beta[column] }
                residualSS += (y[row] - fitted) * (y[row] - fitted)
            }
            let variance = residualDF > 0 ? residualSS / Double(residualDF) : .nan
            let r = qr.upperTriangle
            for contrast in [armContrast, referenceMeans, means] {
                let kept = qr.keptColumns.map { contrast[$0] }
                let w: [Double]
                do {
                    w = try r.solvingTriangular(kept, triangle: .upper, transposed: true)
                } catch {
                    throw .model("the analysis model at visit \(data.visits[visit]): \(error)")
                }
                errors.append((variance * w.reduce(0) { $0 + $1 * $1 }).squareRoot())
                dfs.append(Double(residualDF))
            }
        }
        return (estimates, errors, dfs)
    }
}
