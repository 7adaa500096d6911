import LinearModels
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

    /// The estimates, in `parameterNames` order, for the kept subjects with their completed
    /// outcomes (subject-major, T per subject).
    public func estimates(_ data: ImputationData, keeping subjects: [Int], completed: [Double]) throws(EstimandError) -> [Double] {
        let t = data.visitCount, columns = data.columns
        var result: [Double] = []
        for visit in 0..<t {
            var table = data.table.keepingRows(subjects.map { $0 * t + visit })
            if let index = table.columns.firstIndex(where: { $0.name == columns.outcome }) {
                table.columns[index].values = .numeric(subjects.indices.map { completed[$0 * t + visit] })
            }
            let fit: LinearModelFit
            do {
                fit = try LinearModelFit.fit("\(columns.outcome) ~ " + ([columns.arm] + covariates).joined(separator: " + "), table: table,
                                             references: [columns.arm: data.reference])
            } catch {
                throw .model("the analysis model at visit \(data.visits[visit]): \(error)")
            }
            let armColumn = columns.arm + data.treatment
            let names = fit.frame.design.columnNames
            guard let armIndex = names.firstIndex(of: armColumn),
                  let coefficient = fit.coefficients.first(where: { $0.name == armColumn }), !coefficient.aliased else {
                throw .notEstimable("at visit \(data.visits[visit]) the treatment effect cannot be estimated (one arm only?)")
            }
            // Counterfactual means: the design's column means with the arm indicator at 0, then at 1.
            let x = fit.frame.design.matrix, n = x.rows
            var means = (0..<x.columns).map { column in (0..<n).reduce(0.0) { $0 + x[$1, column] } / Double(n) }
            let beta = names.indices.map { column in fit.coefficients.first { $0.name == names[column] }.map { $0.aliased ? 0 : $0.estimate } ?? 0 }
            means[armIndex] = 0
            let reference = zip(means, beta).reduce(0) { $0 + $1.0 * $1.1 }
            means[armIndex] = 1
            let treatment = zip(means, beta).reduce(0) { $0 + $1.0 * $1.1 }
            result += [coefficient.estimate, reference, treatment]
        }
        return result
    }
}
