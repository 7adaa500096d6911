import Foundation
import LinearAlgebra
import StatsCore
import Optimization

extension LinearMixedModel {
    /// Minimizes the objective over θ and leaves the model at the optimum (lme4's
    /// `optimizeLmer` followed by `checkConv`):
    ///
    /// 1. from λ = I within θ's bounds: L-BFGS on the analytic gradient for a model of one
    ///    random-effects term (`objectiveGradient()`), else, or if that fails, BOBYQA;
    /// 2. θ within the singular tolerance of a bound of 0 is set to 0 when that does not raise
    ///    the objective (lme4's boundary check);
    /// 3. Newton steps on the interior θ, from the analytic gradient and its differences, or
    ///    from central differences of the objective;
    /// 4. the convergence check: optimizer status, scaled gradient and Hessian at the optimum.
    ///
    /// A fit that fails the check is returned, never hidden: `converged` is false and
    /// `warnings` says why.
    public mutating func optimize(options: MixedModelOptions = MixedModelOptions()) throws(MixedModelError) -> MixedModelOptimization {
        let lower = thetaLowerBounds
        if let given = options.initialTheta, given.count != lower.count {
            throw .invalidOption("the starting θ has \(given.count) entries; the model has \(lower.count)")
        }
        let identity = identityTheta
        // A given start is moved inside the bounds: BOBYQA needs room around a start on a bound.
        let start = options.initialTheta.map { given in
            zip(given, lower).map { value, bound in bound == 0 ? max(value, 0.01) : value }
        } ?? identity
        var settings = options.optimizer
        settings.lowerBounds = lower
        if settings.initialStep == nil { settings.initialStep = start.map { _ in options.initialTheta == nil ? 0.75 : 0.25 } }
        // With the analytic gradient, L-BFGS needs far fewer evaluations than BOBYQA; it is not
        // used for a start the caller gave (a refit), and BOBYQA takes over if it fails.
        var gradientRun: OptimizationSummary? = nil
        var abandonedEvaluations = 0
        if hasAnalyticGradient, settings.algorithm == .bobyqa, options.initialTheta == nil {
            var lbfgs = settings
            lbfgs.algorithm = .lbfgs
            lbfgs.initialStep = nil
            lbfgs.relativeFunctionTolerance = min(settings.relativeFunctionTolerance, 1e-12)
            // Without bounds: ΛΛᵀ is the same when a column of λ changes sign, so the objective is
            // defined everywhere, and a bound at 0, where every diagonal θ's derivative vanishes,
            // cannot hold L-BFGS at a saddle. The signs are made positive afterwards.
            lbfgs.lowerBounds = nil
            var summary = try? Minimizer.minimize(start: start, options: lbfgs) { theta, gradient in
                let value = self.objective(at: theta)
                guard value.isFinite, let analytic = self.objectiveGradient() else { return .infinity }
                for index in gradient.indices { gradient[index] = analytic[index] }
                return value
            }
            if let run = summary { summary?.final = withPositiveDiagonal(run.final) }
            // The objective depends on a diagonal θ through its square near 0, so its gradient there
            // is exactly 0: L-BFGS can stop on such a bound at a saddle, not a minimum. A result with
            // a variance at or near its bound is left to BOBYQA, which compares values instead.
            let nearBound = summary.map { run in
                run.final.indices.contains { lower[$0] == 0 && abs(run.final[$0]) < options.singularTolerance }
            } ?? true
            if let summary, !nearBound, summary.status.isConvergence || summary.status == .roundoffLimited, summary.fmin.isFinite {
                gradientRun = summary
            } else {
                abandonedEvaluations = summary?.evaluations ?? 0
            }
        }
        let run: OptimizationSummary
        if let gradientRun {
            run = gradientRun
        } else {
            do {
                run = try Minimizer.minimize(start: start, options: settings) { theta in self.objective(at: theta) }
            } catch {
                throw .optimization("\(error)")
            }
        }

        var theta = run.final
        var value = objective(at: theta)
        var evaluations = 1
        guard value.isFinite else { throw .numerical("the objective is not finite at the optimizer's result θ = \(theta)") }
        for index in theta.indices where lower[index] == 0 && theta[index] != 0 && abs(theta[index]) < options.singularTolerance {
            var trial = theta
            trial[index] = 0
            let trialValue = objective(at: trial)
            evaluations += 1
            // Within the objective's rounding the two are equal, and the bound is the answer:
            // deciding by the last bits would make singularity depend on the BLAS kernel.
            if trialValue <= value + Self.roundingAllowance(value) {
                theta = trial
                value = trialValue
            }
        }
        var boundary = theta.indices.filter { lower[$0] == 0 && abs(theta[$0]) < options.singularTolerance }
        var interior = theta.indices.filter { !boundary.contains($0) }

        var derivatives = objectiveDerivatives(at: theta, over: interior, steps: derivativeSteps(theta, options))
        evaluations += derivatives.evaluations
        var newtonSteps = 0
        if options.newtonPolish, !interior.isEmpty {
            var previousSize = Double.infinity
            for _ in 0..<8 {
                guard let step = Self.newtonStep(gradient: derivatives.gradient, hessian: derivatives.hessian) else { break }
                let size = zip(step, interior).map { abs($0) / max(1, abs(theta[$1])) }.max() ?? 0
                // Near the optimum Newton steps shrink quadratically; one that does not is
                // following rounding noise in the derivatives.
                guard size < previousSize / 2 else { break }
                previousSize = size
                var candidate = theta
                for (position, index) in interior.enumerated() { candidate[index] -= step[position] }
                let crossing = interior.filter { candidate[$0] < lower[$0] }
                if !crossing.isEmpty {
                    // The step leaves the feasible region: BOBYQA stopped short of a bound where the
                    // optimum is. Try the projected step, those θ on their bound (lme4 checks the
                    // boundary after optimizing, too).
                    for index in crossing { candidate[index] = lower[index] }
                    let projectedValue = objective(at: candidate)
                    evaluations += 1
                    guard projectedValue < value else { break }
                    theta = candidate
                    value = projectedValue
                    newtonSteps += 1
                    boundary = (boundary + crossing).sorted()
                    interior.removeAll { crossing.contains($0) }
                    if interior.isEmpty { break }
                    derivatives = objectiveDerivatives(at: theta, over: interior, steps: derivativeSteps(theta, options))
                    evaluations += derivatives.evaluations
                    previousSize = .infinity
                    continue
                }
                let candidateValue = objective(at: candidate)
                evaluations += 1
                // The objective's rounding hides the last digits of θ from BOBYQA's value
                // comparisons. A small Newton step, which uses derivatives instead, is kept unless
                // it raises the objective beyond that rounding.
                guard candidateValue < value || (size <= 1e-4 && candidateValue <= value + Self.roundingAllowance(value)) else { break }
                theta = candidate
                value = candidateValue
                newtonSteps += 1
                // The Hessian barely changes over a Newton step this close to the optimum; only the
                // gradient is recomputed (4t evaluations instead of t² + 3t + 1).
                let gradient = objectiveGradient(at: theta, over: interior, steps: derivativeSteps(theta, options))
                derivatives.gradient = gradient.gradient
                evaluations += gradient.evaluations
                if size <= 1e-9 { break }
            }
        }
        // A variance the polish moved next to its bound is on the boundary (lme4's isSingular
        // rule), and is set to 0 when that does not raise the objective.
        let nearBound = interior.filter { lower[$0] == 0 && abs(theta[$0]) < options.singularTolerance }
        if !nearBound.isEmpty {
            var trial = theta
            for index in nearBound { trial[index] = 0 }
            let trialValue = objective(at: trial)
            evaluations += 1
            if trialValue <= value + Self.roundingAllowance(value) {
                theta = trial
                value = trialValue
            }
            boundary = (boundary + nearBound).sorted()
            interior.removeAll { nearBound.contains($0) }
            derivatives = interior.isEmpty ? ([], [], 0) : objectiveDerivatives(at: theta, over: interior, steps: derivativeSteps(theta, options))
            evaluations += derivatives.evaluations
        }
        value = objective(at: theta)
        evaluations += 1
        if interior.isEmpty { derivatives = ([], [], 0) }

        // The convergence check.
        var warnings = identifiabilityWarnings
        let statusAcceptable = run.status.isConvergence || run.status == .roundoffLimited
        if !statusAcceptable {
            warnings.append(FitWarning(.convergence, "the optimizer stopped without converging: \(run.nloptStatus) after \(run.evaluations) evaluations"))
        }
        var scaled: [Double] = []
        var checkPassed = true
        if !interior.isEmpty {
            let t = interior.count
            if let hessian = try? Matrix(rows: t, columns: t, columnMajor: derivatives.hessian),
               let cholesky = try? CholeskyFactorization(hessian),
               // lme4's solve(chol(H), g): R⁻¹g with R = Lᵀ the upper factor.
               let solved = try? cholesky.lower.solvingTriangular(derivatives.gradient, triangle: .lower, transposed: true) {
                scaled = solved
                let worst = zip(scaled, derivatives.gradient).map { min(abs($0), abs($1)) }.max() ?? 0  // lme4's rule
                if worst >= options.gradientTolerance {
                    checkPassed = false
                    warnings.append(FitWarning(.convergence, "the fit may not have converged: the scaled gradient at the optimum is \(Self.short(worst)) "
                                    + "(tolerance \(Self.short(options.gradientTolerance)))"))
                }
            } else {
                checkPassed = false
                warnings.append(FitWarning(.convergence, "the fit may not have converged: the Hessian of the objective over θ is not positive definite "
                                + "at the optimum, so it is a saddle point or a flat ridge"))
            }
        }
        let singular = !boundary.isEmpty
        if singular {
            warnings.append(contentsOf: boundaryDescriptions(boundary: boundary, singularTolerance: options.singularTolerance)
                .map { FitWarning(.singular, $0) })
        }
        return MixedModelOptimization(
            optimizer: run, abandonedEvaluations: abandonedEvaluations, newtonSteps: newtonSteps, newtonEvaluations: evaluations, theta: theta, objective: value,
            interiorParameters: interior, gradient: derivatives.gradient, hessian: derivatives.hessian,
            scaledGradient: scaled, boundaryParameters: boundary, singular: singular,
            converged: statusAcceptable && checkPassed, warnings: warnings)
    }

    /// How much two evaluations of the objective at indistinguishable θ may differ by rounding
    /// alone: 1e-11 of its size, about 45,000 ε. The profiled objective sums n·log(pwrss) and
    /// log-determinants over q random effects; with the response centred, pwrss loses few digits
    /// to cancellation, so kernels that round differently move it by well under this (measured:
    /// under 1e-12 relative across OpenBLAS's kernel families and the reference BLAS).
    static func roundingAllowance(_ value: Double) -> Double { 1e-11 * max(1, abs(value)) }

    /// Per θ, the finite-difference step: the option's, or half the distance to a bound of 0
    /// when that is closer, so that differences never reach across the bound.
    func derivativeSteps(_ theta: [Double], _ options: MixedModelOptions) -> [Double] {
        zip(theta, thetaLowerBounds).map { value, bound in
            bound == 0 && value > 0 ? min(options.derivativeStep, value / 2) : options.derivativeStep
        }
    }

    /// The gradient and Hessian of the objective over θ[indices]. With the analytic gradient:
    /// it at θ and the Hessian from its central differences, 2t + 1 evaluations. Otherwise
    /// central differences of the objective, the gradient with one Richardson extrapolation:
    /// 4t + t(t − 1) + 1 evaluations.
    mutating func objectiveDerivatives(
        at theta: [Double], over indices: [Int], steps: [Double]
    ) -> (gradient: [Double], hessian: [Double], evaluations: Int) {
        let t = indices.count
        guard t > 0 else { return ([], [], 0) }
        if hasAnalyticGradient, let center = analyticGradient(at: theta) {
            var hessian = [Double](repeating: 0, count: t * t)
            var complete = true
            for (position, index) in indices.enumerated() {
                var plus = theta, minus = theta
                plus[index] += steps[index]
                minus[index] -= steps[index]
                guard let up = analyticGradient(at: plus), let down = analyticGradient(at: minus) else { complete = false; break }
                for (row, other) in indices.enumerated() {
                    hessian[position * t + row] = (up[other] - down[other]) / (2 * steps[index])
                }
            }
            if complete {
                for a in 0..<t {
                    for b in (a + 1)..<max(a + 1, t) {
                        let mean = (hessian[a * t + b] + hessian[b * t + a]) / 2
                        hessian[a * t + b] = mean
                        hessian[b * t + a] = mean
                    }
                }
                return (indices.map { center[$0] }, hessian, 1 + 2 * t)
            }
        }
        var evaluations = 0
        func value(_ shifts: [(Int, Double)]) -> Double {
            var point = theta
            for (index, shift) in shifts { point[index] += shift }
            evaluations += 1
            return objective(at: point)
        }
        let center = value([])
        var gradient = [Double](repeating: 0, count: t)
        var hessian = [Double](repeating: 0, count: t * t)
        var plus = [Double](repeating: 0, count: t), minus = plus
        for (position, index) in indices.enumerated() {
            let step = steps[index]
            plus[position] = value([(index, step)])
            minus[position] = value([(index, -step)])
            hessian[position * t + position] = (plus[position] - 2 * center + minus[position]) / (step * step)
            // Richardson: central differences at h and h/2 combine to an O(h⁴) gradient, so the
            // Newton steps are not limited by the O(h²) error of one central difference.
            let wide = (plus[position] - minus[position]) / (2 * step)
            let narrow = (value([(index, step / 2)]) - value([(index, -step / 2)])) / step
            gradient[position] = (4 * narrow - wide) / 3
        }
        // Off-diagonal entries from moving two coordinates together (numDeriv's scheme): two
        // evaluations per pair instead of four, with the same O(h²) error.
        for a in 0..<t {
            for b in (a + 1)..<max(a + 1, t) {
                let i = indices[a], j = indices[b], si = steps[i], sj = steps[j]
                let along = value([(i, si), (j, sj)]) - 2 * center + value([(i, -si), (j, -sj)])
                let mixed = (along - hessian[a * t + a] * si * si - hessian[b * t + b] * sj * sj) / (2 * si * sj)
                hessian[b * t + a] = mixed
                hessian[a * t + b] = mixed
            }
        }
        return (gradient, hessian, evaluations)
    }

    /// The gradient alone: analytic (one evaluation), or the Richardson-extrapolated central
    /// differences (4t evaluations).
    mutating func objectiveGradient(at theta: [Double], over indices: [Int], steps: [Double]) -> (gradient: [Double], evaluations: Int) {
        if hasAnalyticGradient, let gradient = analyticGradient(at: theta) { return (indices.map { gradient[$0] }, 1) }
        var evaluations = 0
        func value(_ index: Int, _ shift: Double) -> Double {
            var point = theta
            point[index] += shift
            evaluations += 1
            return objective(at: point)
        }
        let gradient = indices.map { index in
            let step = steps[index]
            let wide = (value(index, step) - value(index, -step)) / (2 * step)
            let narrow = (value(index, step / 2) - value(index, -step / 2)) / step
            return (4 * narrow - wide) / 3
        }
        return (gradient, evaluations)
    }

    /// θ with every column of λ whose diagonal entry is negative negated: the same ΛΛᵀ, and θ
    /// within its bounds.
    func withPositiveDiagonal(_ theta: [Double]) -> [Double] {
        var result = theta, offset = 0
        for term in terms {
            let positions = term.thetaPositions
            for (index, position) in positions.enumerated() where position.row == position.column && theta[offset + index] < 0 {
                for (other, entry) in positions.enumerated() where entry.column == position.column { result[offset + other] = -theta[offset + other] }
            }
            offset += positions.count
        }
        return result
    }

    /// Sets θ, updates L and returns the analytic gradient; nil where L cannot be formed or the
    /// model has no analytic gradient.
    mutating func analyticGradient(at theta: [Double]) -> [Double]? {
        setTheta(theta)
        do {
            try updateFactor()
        } catch {
            return nil
        }
        guard let gradient = objectiveGradient(), gradient.allSatisfy(\.isFinite) else { return nil }
        return gradient
    }

    /// H⁻¹g, or nil when H is not positive definite (a Newton step would not go downhill).
    static func newtonStep(gradient: [Double], hessian: [Double]) -> [Double]? {
        let t = gradient.count
        guard let matrix = try? Matrix(rows: t, columns: t, columnMajor: hessian),
              let cholesky = try? CholeskyFactorization(matrix) else { return nil }
        return try? cholesky.solve(gradient)
    }

    static func short(_ value: Double) -> String {
        let text = String(format: "%.3g", value)
        return text
    }
}
