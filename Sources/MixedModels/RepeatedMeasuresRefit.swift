import LinearAlgebra
import StatsCore

extension RepeatedMeasuresFit {
    /// A refit of nearly the same data (a jackknife replicate, one subject fewer) by Newton
    /// iterations with a fixed Hessian, that of the whole data's fit: from its θ̂ each iteration
    /// costs one gradient, and the error shrinks by a factor of the order of 1/n per iteration,
    /// where a fit afresh would take a new Hessian (2·dim θ gradients) per step. Nil when the
    /// iterations do not settle within 50 steps or the criterion rises; the caller then fits afresh.
    /// `newtonDecrement` is then the last step with that Hessian, and `hessian` nil (taken anew
    /// by whatever needs it).
    public init?(refitting model: RepeatedMeasuresModel, from start: [Double], hessian: Matrix) {
        guard let cholesky = try? CholeskyFactorization(hessian) else { return nil }
        var theta = start
        guard var current = try? model.evaluate(theta, gradient: true) else { return nil }
        var steps = 0, settled = false, decrement: [Double] = []
        for _ in 0..<50 {
            guard let step = try? cholesky.solve(current.gradient) else { return nil }
            decrement = step
            if (zip(step, theta).map { abs($0) / max(1, abs($1)) }.max() ?? 0) <= 1e-10 {
                settled = true
                break
            }
            let candidate = zip(theta, step).map { $0 - $1 }
            guard let next = try? model.evaluate(candidate, gradient: true),
                  next.objective <= current.objective + 1e-10 * max(1, abs(current.objective)) else { return nil }
            theta = candidate
            current = next
            steps += 1
        }
        guard settled else { return nil }
        self.model = model
        self.theta = theta
        evaluation = current
        optimizer = "Newton (the whole data's Hessian)"
        attempts = []
        newtonSteps = steps
        gradient = current.gradient
        newtonDecrement = decrement
        self.hessian = nil
        converged = true
        warnings = model.designWarnings.map { FitWarning(.design, $0) }
    }
}
