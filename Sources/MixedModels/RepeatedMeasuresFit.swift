#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra
import StatsCore
import ModelFrames
import Optimization
import TrialData

/// A fitted MMRM: θ̂, β̂ and Var(β̂), Σ̂ per group, the criterion and how the optimum was found.
public struct RepeatedMeasuresFit: Sendable {
    public let model: RepeatedMeasuresModel
    public let theta: [Double]
    public let evaluation: RepeatedMeasuresEvaluation
    /// The optimizer whose result was kept ("L-BFGS", or "BOBYQA" when L-BFGS failed), and
    /// what each tried did.
    public let optimizer: String
    public let attempts: [OptimizationSummary]
    public let newtonSteps: Int
    /// ∂objective/∂θ at θ̂ and the Newton step it implies, H⁻¹g: near zero at a converged fit.
    public let gradient: [Double]
    public let newtonDecrement: [Double]
    /// The Hessian of the criterion in θ at θ̂ (central differences of the analytic gradient),
    /// taken once by the convergence check and reused by Satterthwaite and Kenward-Roger.
    public let hessian: Matrix?
    public let converged: Bool
    public let warnings: [FitWarning]
    /// The warnings' plain-language messages.
    public var messages: [String] { warnings.map(\.message) }

    public var method: EstimationMethod { model.method }
    public var fixedEffects: [Double] { evaluation.fixedEffects }
    public var fixedEffectsCovariance: Matrix { evaluation.fixedEffectsCovariance }
    public var standardErrors: [Double] { (0..<fixedEffects.count).map { fixedEffectsCovariance[$0, $0].squareRoot() } }
    public var objective: Double { evaluation.objective }
    public var logLikelihood: Double { -evaluation.objective / 2 }
    /// β, and θ for every group: nlme's df of `logLik` for gls (a likelihood-ratio test's count).
    public var parameterCount: Int { model.fixedEffectCount + model.parameterCount }
    /// AIC, AICc and BIC as SAS and mmrm count them (`InformationCriteria`).
    public var informationCriteria: InformationCriteria {
        InformationCriteria(criterion: evaluation.objective, covarianceParameters: model.parameterCount, fixedEffects: model.fixedEffectCount,
                            observations: model.observationCount, subjects: model.subjectCount, method: method)
    }
    public var aic: Double { informationCriteria.aic }
    public var bic: Double { informationCriteria.bic }
    /// Σ̂ per group as T×T matrices.
    public var covariances: [Matrix] {
        let t = model.visits.count
        // Every entry, also those of visits no subject was seen at together (spatial Σ).
        let count = model.parametrization.parameterCount
        return model.groups.indices.map { group in
            try! Matrix(rows: t, columns: t, columnMajor: model.parametrization.matrix(theta[(group * count)..<((group + 1) * count)]))
        }
    }

    public static func fit(
        _ formula: Formula, table: Table, method: EstimationMethod = .reml, references: [String: String] = [:],
        weights: String? = nil, maximumEvaluations: Int = 10_000
    ) throws(MixedModelError) -> RepeatedMeasuresFit {
        let frame: ModelFrame
        do {
            frame = try ModelFrame(formula, table: table, references: references, weights: weights)
        } catch {
            throw .modelFrame(error)
        }
        let model = try RepeatedMeasuresModel(frame: frame, method: method)
        return try RepeatedMeasuresFit(model: model, maximumEvaluations: maximumEvaluations)
    }

    /// L-BFGS with the analytic gradient from the empirical covariance, BOBYQA if L-BFGS fails,
    /// then Newton steps with a Hessian from central differences of the gradient. `start`, when
    /// given, is where the optimizer begins instead (a refit of nearly the same data: a jackknife
    /// replicate starts at the whole data's θ̂).
    public init(model: RepeatedMeasuresModel, maximumEvaluations: Int = 10_000, start given: [Double]? = nil) throws(MixedModelError) {
        self.model = model
        var start: [Double]
        if let given { start = given } else { start = try model.startingTheta() }
        // A spatial structure's range is started where the criterion is lowest on a grid spanning
        // the visits' distances: from the empirical correlation alone, a Gaussian range can start
        // where Σ is nearly singular and the optimizer slides onto the flat of no correlation.
        if given == nil, model.term.structure.isSpatial, model.visits.count > 1 {
            let parametrization = model.parametrization
            let distances = model.visits.indices.flatMap { i in (0..<i).map { parametrization.distance(i, $0) } }.filter { $0 > 0 }
            if let shortest = distances.min(), let longest = distances.max() {
                let count = model.parametrization.parameterCount
                var best = (try? model.evaluate(start).objective).flatMap { $0.isFinite ? $0 : nil } ?? .infinity
                for step in 0...12 {
                    let range = shortest / 2 * pow(8 * longest / shortest, Double(step) / 12)
                    var candidate = start
                    for group in model.groups.indices { candidate[group * count + 1] = log(range) }
                    if let value = try? model.evaluate(candidate).objective, value.isFinite, value < best { best = value; start = candidate }
                }
            }
        }
        var attempts: [OptimizationSummary] = []
        var warnings = model.designWarnings.map { FitWarning(.design, $0) }
        var best: (theta: [Double], value: Double, name: String)? = nil
        let lbfgs = OptimizationOptions(algorithm: .lbfgs, relativeFunctionTolerance: 1e-12, absoluteFunctionTolerance: 1e-10,
                                        absoluteParameterTolerance: 1e-10, maximumEvaluations: maximumEvaluations)
        var lbfgsFailure = ""
        // The criterion per observation: with L-BFGS's first step as long as the gradient, the raw criterion's
        // gradient (of the order of n) sends the first trial point to covariances that overflow. Where Σ is not
        // positive definite the value is huge but finite, so that the line search backs off instead of failing.
        let scale = 1 / Double(max(1, model.observationCount))
        func minimizeByLBFGS(from point: [Double], budget: Int? = nil) throws -> OptimizationSummary {
            var options = lbfgs
            if let budget { options.maximumEvaluations = budget }
            var summary = try Minimizer.minimize(start: point, options: options, objectiveAndGradient: { theta, gradient in
                guard let evaluation = try? model.evaluate(theta, gradient: true), evaluation.objective.isFinite else {
                    for index in gradient.indices { gradient[index] = 0 }
                    return 1e300
                }
                for index in gradient.indices { gradient[index] = evaluation.gradient[index] * scale }
                return evaluation.objective * scale
            })
            summary.fmin /= scale
            return summary
        }
        do {
            let summary = try minimizeByLBFGS(from: start)
            attempts.append(summary)
            if summary.fmin.isFinite, summary.status.isConvergence || summary.status == .roundoffLimited {
                best = (summary.final, summary.fmin, "L-BFGS")
            } else {
                lbfgsFailure = " (\(summary.nloptStatus))"
            }
        } catch {
            // Typically a step into covariances that are not positive definite, where the criterion is infinite.
            lbfgsFailure = " (\(error))"
        }
        if best == nil {
            warnings.append(FitWarning(.convergence, "L-BFGS did not converge\(lbfgsFailure); BOBYQA was tried next"))
            let bobyqa = OptimizationOptions(algorithm: .bobyqa, relativeFunctionTolerance: 1e-12, absoluteFunctionTolerance: 1e-10,
                                             absoluteParameterTolerance: 1e-10, initialStep: start.map { _ in 0.5 },
                                             maximumEvaluations: maximumEvaluations)
            if let summary = try? Minimizer.minimize(start: start, options: bobyqa, objective: { theta in
                (try? model.evaluate(theta).objective) ?? .infinity
            }) {
                attempts.append(summary)
                if summary.fmin.isFinite, summary.status.isConvergence || summary.status == .roundoffLimited {
                    best = (summary.final, summary.fmin, "BOBYQA")
                }
            }
        }
        guard var found = best ?? attempts.last.map({ ($0.final, $0.fmin, "none") }) else {
            throw .optimization("neither L-BFGS nor BOBYQA could start from the empirical covariance")
        }
        // Ante-dependence's criterion can have an optimum for each sign of a correlation between
        // consecutive visits (fev_data's ad: −2 log L_R 3835.31 with ρ₂₃ = 0.54, 3831.46 with −0.56),
        // and the empirical start may lead to the worse one: each sign is tried from the optimum found.
        // The probes share what is left of the evaluation budget, and each one's evaluations count.
        var probeEvaluations = 0
        if best != nil, [.ad, .adh].contains(model.term.structure) {
            let count = model.parametrization.parameterCount, t = model.visits.count
            for group in model.groups.indices {
                for k in 0..<max(t - 1, 0) {
                    let left = maximumEvaluations - attempts.reduce(0) { $0 + $1.evaluations } - probeEvaluations
                    guard left > 0 else { break }
                    var flipped = found.theta
                    let index = group * count + (count - (t - 1)) + k
                    flipped[index] = -flipped[index]
                    guard let summary = try? minimizeByLBFGS(from: flipped, budget: left) else { continue }
                    guard summary.fmin.isFinite, summary.status.isConvergence || summary.status == .roundoffLimited,
                          summary.fmin < found.value - 1e-8 * abs(found.value) else { probeEvaluations += summary.evaluations; continue }
                    attempts.append(summary)
                    warnings.append(FitWarning(.convergence, "the criterion has more than one optimum: the one first found (\(Self.shown(found.value))) "
                                               + "was improved to \(Self.shown(summary.fmin)) by starting from the other sign of the correlation "
                                               + "between \(model.visits[k]) and \(model.visits[k + 1])"
                                               + (model.groups.count > 1 ? " in \(model.groups[group])" : "")))
                    found = (summary.final, summary.fmin, found.name)
                }
            }
        }
        self.attempts = attempts
        optimizer = found.name

        // Newton steps on the analytic gradient, within what is left of the evaluation budget (a
        // Hessian costs 2·dim θ gradients; with 120 parameters and --max-evaluations 5 the polish
        // ran for minutes). One Hessian is always taken: it is the convergence check.
        var theta = found.theta
        var current = try model.evaluate(theta, gradient: true)
        var steps = 0
        var decrement: [Double] = []
        var previousSize = Double.infinity
        var hessianPositiveDefinite = false
        var lastHessian: Matrix? = nil
        let used = attempts.reduce(0) { $0 + $1.evaluations } + probeEvaluations
        let allowedSteps = found.name == "none" ? 0 : min(10, max(0, maximumEvaluations - used) / (2 * theta.count + 1))
        for iteration in 0...allowedSteps {
            let hessian = try model.gradientJacobian(at: theta)
            lastHessian = hessian
            guard let cholesky = try? CholeskyFactorization(hessian), let step = try? cholesky.solve(current.gradient) else {
                hessianPositiveDefinite = false
                break
            }
            hessianPositiveDefinite = true
            decrement = step
            let size = zip(step, theta).map { abs($0) / max(1, abs($1)) }.max() ?? 0
            guard iteration < allowedSteps, size > 1e-10, size < previousSize / 2 else { break }
            previousSize = size
            let candidate = zip(theta, step).map { $0 - $1 }
            guard let next = try? model.evaluate(candidate, gradient: true),
                  next.objective <= current.objective + 1e-10 * max(1, abs(current.objective)) else { break }
            theta = candidate
            current = next
            steps += 1
        }
        newtonSteps = steps
        self.hessian = lastHessian
        self.theta = theta
        evaluation = current
        gradient = current.gradient
        newtonDecrement = decrement
        let largest = decrement.map(abs).max() ?? .infinity
        if found.name == "none" {
            warnings.append(FitWarning(.convergence, "no optimizer converged: " + attempts.map(\.nloptStatus).joined(separator: ", ")))
        }
        if !hessianPositiveDefinite {
            warnings.append(FitWarning(.convergence, "the Hessian of the criterion is not positive definite at the estimate: the covariance parameters "
                            + "are not all identified, or the optimizer stopped at a saddle point"))
        } else if largest > 1e-4 {
            warnings.append(FitWarning(.convergence, "the fit may not have converged: the Newton step at the estimate is \(largest) in θ"))
        }
        converged = found.name != "none" && hessianPositiveDefinite && largest <= 1e-4
        self.warnings = warnings
    }
}

extension RepeatedMeasuresModel {
    /// θ from the empirical covariance of the least-squares residuals, pairwise over the
    /// subjects seen at both visits, shrunk towards its diagonal until positive definite.
    func startingTheta() throws(MixedModelError) -> [Double] {
        guard let design = frame.covariance else { return [] }
        let n = observationCount, t = visits.count
        // Residuals of the rows scaled by √w (weighted least squares), whose covariance Σ is.
        var scaledX = fixedEffectsMatrix, scaledY = response
        if let weights {
            let scales = weights.map { $0.squareRoot() }
            for column in 0..<scaledX.columns { for row in 0..<n { scaledX.storage[column * n + row] *= scales[row] } }
            for row in 0..<n { scaledY[row] *= scales[row] }
        }
        let beta: [Double]
        do {
            beta = try PivotedQR(scaledX).leastSquares(scaledY)
        } catch {
            throw .numerical("least squares for the starting values: \(error)")
        }
        var residual = scaledY
        for (column, value) in beta.enumerated() where !value.isNaN {
            for row in 0..<n { residual[row] -= scaledX.storage[column * n + row] * value }
        }
        var byGroup: [Double] = []
        for group in groups.indices {
            var values = [[Double?]](repeating: [Double?](repeating: nil, count: t), count: subjectCount)
            for row in 0..<n where (design.groupIndices.map { Int($0[row]) } ?? 0) == group {
                values[Int(design.subjectIndices[row])][Int(design.visitIndices[row])] = residual[row]
            }
            // Each pair of visits' mean product over the subjects seen at both, summed subject by
            // subject (a spatial Σ over several coordinates has hundreds of visits, few per subject).
            var sums = [Double](repeating: 0, count: t * t), counts = [Int](repeating: 0, count: t * t)
            for subject in values {
                let seen = subject.indices.filter { subject[$0] != nil }
                for a in seen { for b in seen where b <= a { sums[b * t + a] += subject[a]! * subject[b]!; counts[b * t + a] += 1 } }
            }
            var sigma = [Double](repeating: 0, count: t * t)
            for a in 0..<t {
                for b in 0...a {
                    let value = counts[b * t + a] == 0 ? (a == b ? 1 : 0) : sums[b * t + a] / Double(counts[b * t + a])
                    sigma[b * t + a] = value
                    sigma[a * t + b] = value
                }
            }
            for a in 0..<t where !(sigma[a * t + a] > 1e-8) { sigma[a * t + a] = 1 }
            var shrink = 1.0
            while shrink > 0 {
                var trial = sigma
                for a in 0..<t { for b in 0..<t where a != b { trial[b * t + a] *= shrink } }
                if let matrix = try? Matrix(rows: t, columns: t, columnMajor: trial), (try? CholeskyFactorization(matrix)) != nil {
                    sigma = trial
                    break
                }
                shrink -= 0.1
            }
            if shrink <= 0 { for a in 0..<t { for b in 0..<t where a != b { sigma[b * t + a] = 0 } } }
            byGroup += parametrization.parameters(for: sigma)
        }
        return byGroup
    }

    /// The Hessian of the criterion as the Jacobian of the analytic gradient, by central
    /// differences, symmetrized.
    func gradientJacobian(at theta: [Double]) throws(MixedModelError) -> Matrix {
        let count = theta.count
        var hessian = Matrix(rows: count, columns: count)
        for j in 0..<count {
            let h = 1e-5 * max(1, abs(theta[j]))
            var up = theta, down = theta
            up[j] += h
            down[j] -= h
            let gUp = try evaluate(up, gradient: true).gradient, gDown = try evaluate(down, gradient: true).gradient
            for i in 0..<count { hessian[i, j] = (gUp[i] - gDown[i]) / (2 * h) }
        }
        for i in 0..<count {
            for j in 0..<i {
                let mean = (hessian[i, j] + hessian[j, i]) / 2
                hessian[i, j] = mean
                hessian[j, i] = mean
            }
        }
        return hessian
    }
}

extension RepeatedMeasuresFit {
    /// A criterion as a message shows it: two decimals.
    static func shown(_ value: Double) -> String { String(format: "%.2f", value) }
}
