import LinearAlgebra

/// The variance parameters' asymptotic covariance and the derivatives of Var(β̂) with respect
/// to them: what Satterthwaite's approximation needs (lmerTest's `vcov_varpar`, `Jac_list`).
///
/// The parameters are (θ, σ), as lmerTest takes them. The deviance is the REML or ML
/// criterion with β profiled out but σ not:
///
///     D(θ, σ) = log|ΛᵀZᵀZΛ + I| [+ log|X'V⁻¹X|] + pwrss(θ)/σ² + ν·log(2πσ²),   ν = n [− p]
///
/// so its σ-derivatives are exact. For a model of one random-effects term the θ-gradients of
/// the log-determinants and of pwrss are analytic (`criterionGradientParts`), and the Hessian
/// and the derivatives of Var(β̂) are central differences of the gradient and of Var(β̂) at two
/// halving steps: 4t updates of the blocked factor. Otherwise D itself is differenced at four
/// halving steps (10% of each θ, or 1e-4 for θ near 0), combined by Richardson extrapolation,
/// as numDeriv does for lmerTest: a few dozen updates. Nothing is of order n².
public struct VarianceParameterCovariance: Sendable {
    /// θ then σ, at the fit.
    public let parameters: [Double]
    public let names: [String]
    /// ∂²D/∂(θ, σ)².
    public let hessian: Matrix
    /// 2·H⁺: the inverse of half the Hessian over its positive eigenvalues (lmerTest drops
    /// eigenvalues below 1e-8 and warns).
    public let covariance: Matrix
    /// Var(β̂) = σ²(X'V⁻¹X)⁻¹ at the fit.
    public let fixedEffectsCovariance: Matrix
    /// ∂Var(β̂)/∂(θ, σ)ᵢ, one p×p matrix per parameter.
    public let jacobian: [Matrix]
    /// Negative or near-zero eigenvalues of the Hessian, said plainly.
    public let warnings: [String]

    public init(fit: LinearMixedModelFit) throws(MixedModelError) {
        try self.init(fit: fit, differencingTheCriterion: false)
    }

    /// `differencingTheCriterion` takes the differences of D even where the gradient is
    /// analytic, so that tests can hold the two against each other.
    init(fit: LinearMixedModelFit, differencingTheCriterion: Bool) throws(MixedModelError) {
        var model = fit.model
        let theta = fit.theta, sigma = fit.sigma, t = theta.count, p = model.fixedEffectCount
        let reml = model.method == .reml
        let nu = Double(model.observationCount - (reml ? p : 0))
        parameters = theta + [sigma]
        names = model.thetaNames + ["sigma"]

        struct Point { var logDeterminant: Double; var pwrss: Double; var m: [Double] }
        func evaluate(_ point: [Double]) throws(MixedModelError) -> Point {
            model.setTheta(point)
            try model.updateFactor()
            return Point(logDeterminant: model.logDeterminantZ + (reml ? model.logDeterminantX : 0),
                         pwrss: model.penalizedResidualSumOfSquares, m: model.relativeFixedEffectsCovariance.storage)
        }
        let center = try evaluate(theta)
        let variance = sigma * sigma
        func criterion(_ point: Point) -> Double { point.logDeterminant + point.pwrss / variance }

        let thetaHessian: [Double], pwrssGradient: [Double], mGradient: [[Double]]
        if !differencingTheCriterion, let derivatives = try Self.gradientDerivatives(model: &model, theta: theta, variance: variance) {
            (thetaHessian, pwrssGradient, mGradient) = derivatives
        } else {
            let levels = 4
            let steps = theta.map { abs($0) < 1.7817e-5 ? 1e-4 : 0.1 * abs($0) }
            func shifted(_ shifts: [(Int, Double)]) -> [Double] {
                var point = theta
                for (index, shift) in shifts { point[index] += shift }
                return point
            }
            // Per level: first derivatives of pwrss and of M, second derivatives of the criterion.
            var pwrssSlopes = [[Double]](repeating: [Double](repeating: 0, count: t), count: levels)
            var mSlopes = [[[Double]]](repeating: [[Double]](repeating: [], count: t), count: levels)
            var curvatures = [[Double]](repeating: [Double](repeating: 0, count: t), count: levels)
            for level in 0..<levels {
                let scale = 1 / Double(1 << level)
                for index in 0..<t {
                    let h = steps[index] * scale
                    let plus = try evaluate(shifted([(index, h)])), minus = try evaluate(shifted([(index, -h)]))
                    pwrssSlopes[level][index] = (plus.pwrss - minus.pwrss) / (2 * h)
                    mSlopes[level][index] = zip(plus.m, minus.m).map { ($0 - $1) / (2 * h) }
                    curvatures[level][index] = (criterion(plus) - 2 * criterion(center) + criterion(minus)) / (h * h)
                }
            }
            pwrssGradient = (0..<t).map { index in Self.richardson(pwrssSlopes.map { $0[index] }) }
            mGradient = (0..<t).map { index in
                (0..<(p * p)).map { entry in Self.richardson(mSlopes.map { $0[index][entry] }) }
            }
            var differenceHessian = [Double](repeating: 0, count: t * t)
            for index in 0..<t { differenceHessian[index * t + index] = Self.richardson(curvatures.map { $0[index] }) }
            for i in 0..<t {
                for j in 0..<i {
                    var estimates: [Double] = []
                    for level in 0..<levels {
                        let scale = 1 / Double(1 << level)
                        let hi = steps[i] * scale, hj = steps[j] * scale
                        let up = try evaluate(shifted([(i, hi), (j, hj)])), down = try evaluate(shifted([(i, -hi), (j, -hj)]))
                        let second = criterion(up) - 2 * criterion(center) + criterion(down)
                            - differenceHessian[i * t + i] * hi * hi - differenceHessian[j * t + j] * hj * hj
                        estimates.append(second / (2 * hi * hj))
                    }
                    differenceHessian[j * t + i] = Self.richardson(estimates)
                    differenceHessian[i * t + j] = differenceHessian[j * t + i]
                }
            }
            thetaHessian = differenceHessian
        }

        var hessian = Matrix(rows: t + 1, columns: t + 1)
        for i in 0..<t {
            for j in 0..<t { hessian[i, j] = thetaHessian[j * t + i] }
            hessian[i, t] = -2 * pwrssGradient[i] / (variance * sigma)
            hessian[t, i] = hessian[i, t]
        }
        hessian[t, t] = 6 * center.pwrss / (variance * variance) - 2 * nu / variance
        self.hessian = hessian

        (covariance, warnings) = try Self.inverseOfHalfHessian(hessian, parameters: "(θ, σ)")

        var fixedCovariance = Matrix(rows: p, columns: p)
        for index in 0..<(p * p) { fixedCovariance.storage[index] = center.m[index] * variance }
        fixedEffectsCovariance = fixedCovariance
        var jacobian: [Matrix] = mGradient.map { slope in
            var matrix = Matrix(rows: p, columns: p)
            for index in 0..<(p * p) { matrix.storage[index] = slope[index] * variance }
            return matrix
        }
        var sigmaDerivative = Matrix(rows: p, columns: p)
        for index in 0..<(p * p) { sigmaDerivative.storage[index] = 2 * sigma * center.m[index] }
        jacobian.append(sigmaDerivative)
        self.jacobian = jacobian
    }

    /// The θ-Hessian of D, the θ-gradient of pwrss and the θ-derivatives of M = (X'V⁻¹X)⁻¹ from
    /// the analytic gradient (one-term models; nil otherwise): central differences of the
    /// gradient and of M at steps of 0.1% of each θ (1e-4 near 0) and half that, combined by
    /// Richardson extrapolation, 4t updates of L instead of the 2t(t + 1) · 4 + 1 of differences
    /// of D itself.
    static func gradientDerivatives(
        model: inout LinearMixedModel, theta: [Double], variance: Double
    ) throws(MixedModelError) -> (hessian: [Double], pwrssGradient: [Double], mGradient: [[Double]])? {
        guard model.hasAnalyticGradient else { return nil }
        let t = theta.count
        func evaluate(_ point: [Double]) throws(MixedModelError) -> (gradient: [Double], m: [Double])? {
            model.setTheta(point)
            try model.updateFactor()
            guard let parts = model.criterionGradientParts() else { return nil }
            return (zip(parts.logDeterminant, parts.pwrss).map { $0 + $1 / variance }, model.relativeFixedEffectsCovariance.storage)
        }
        model.setTheta(theta)
        try model.updateFactor()
        guard let centerParts = model.criterionGradientParts() else { return nil }
        let steps = theta.map { abs($0) < 0.1 ? 1e-4 : 1e-3 * abs($0) }
        var hessian = [Double](repeating: 0, count: t * t)
        var mGradient: [[Double]] = []
        for index in 0..<t {
            var gradientSlopes: [[Double]] = [], mSlopes: [[Double]] = []
            for level in 0..<2 {
                let h = steps[index] / Double(1 << level)
                var plus = theta, minus = theta
                plus[index] += h
                minus[index] -= h
                guard let up = try evaluate(plus), let down = try evaluate(minus) else { return nil }
                gradientSlopes.append(zip(up.gradient, down.gradient).map { ($0 - $1) / (2 * h) })
                mSlopes.append(zip(up.m, down.m).map { ($0 - $1) / (2 * h) })
            }
            for other in 0..<t { hessian[index * t + other] = richardson(gradientSlopes.map { $0[other] }) }
            mGradient.append(mSlopes[0].indices.map { entry in richardson(mSlopes.map { $0[entry] }) })
        }
        for i in 0..<t {
            for j in 0..<i {
                let mean = (hessian[i * t + j] + hessian[j * t + i]) / 2
                hessian[i * t + j] = mean
                hessian[j * t + i] = mean
            }
        }
        return (hessian, centerParts.pwrss, mGradient)
    }

    /// For models whose variance parameters and derivatives are found another way (the MMRM's
    /// analytic ones).
    init(parameters: [Double], names: [String], hessian: Matrix, fixedEffectsCovariance: Matrix, jacobian: [Matrix],
         parameterLabel: String) throws(MixedModelError) {
        self.parameters = parameters
        self.names = names
        self.hessian = hessian
        self.fixedEffectsCovariance = fixedEffectsCovariance
        self.jacobian = jacobian
        (covariance, warnings) = try Self.inverseOfHalfHessian(hessian, parameters: parameterLabel)
    }

    /// 2·H⁺ over the eigenvalues above 1e-8, and a warning for any below (lmerTest's rule).
    static func inverseOfHalfHessian(_ hessian: Matrix, parameters: String) throws(MixedModelError) -> (Matrix, [String]) {
        var warnings: [String] = []
        let eigen: SymmetricEigendecomposition
        do {
            eigen = try SymmetricEigendecomposition(hessian)
        } catch {
            throw .numerical("eigendecomposition of the variance parameters' Hessian: \(error)")
        }
        let tolerance = 1e-8
        let negative = eigen.values.filter { $0 < -tolerance }
        let nearZero = eigen.values.filter { abs($0) <= tolerance }
        if !negative.isEmpty {
            warnings.append("the Hessian of the deviance over \(parameters) has \(negative.count) negative eigenvalue(s); "
                            + "the fit may not be at a minimum, and those directions are left out of the df")
        }
        if !nearZero.isEmpty {
            warnings.append("the Hessian of the deviance over \(parameters) has \(nearZero.count) eigenvalue(s) close to zero; "
                            + "those directions are left out of the df")
        }
        let size = hessian.rows
        var covariance = Matrix(rows: size, columns: size)
        for (position, value) in eigen.values.enumerated() where value > tolerance {
            let vector = eigen.vectors.column(position)
            for i in 0..<size { for j in 0..<size { covariance[i, j] += 2 * vector[i] * vector[j] / value } }
        }
        return (covariance, warnings)
    }

    /// Richardson extrapolation of estimates at steps h, h/2, h/4 …, each with error O(h²).
    static func richardson(_ estimates: [Double]) -> Double {
        var values = estimates
        var power = 4.0
        for round in 1..<values.count {
            for index in 0..<(values.count - round) {
                values[index] = (power * values[index + 1] - values[index]) / (power - 1)
            }
            power *= 4
        }
        return values[0]
    }
}
