import Descriptives
import Distributions
import LinearAlgebra

/// A parametric bootstrap of a linear mixed model (lme4's `bootMer`, and `confint(method =
/// "boot")`'s percentile intervals): responses simulated from the fitted model, each refitted.
///
/// Replicate r draws, from one xoshiro256** stream seeded with `seed`, first the spherical
/// random effects u (term by term, level by level, N(0, 1) by inversion), then the residuals
/// ε, and sets y* = Xβ̂ + σ̂·(ZΛu + ε). The same seed gives the same intervals, byte for byte.
public struct ParametricBootstrap: Sendable {
    /// lme4's order: each term's SDs and correlations (lower triangle column by column), σ,
    /// then the fixed effects.
    public let parameterNames: [String]
    public let estimates: [Double]
    /// One row per refit that converged, in `parameterNames` order.
    public let values: [[Double]]
    public let requested: Int
    public let seed: UInt64
    /// Refits that failed outright, and refits that did not pass the convergence check; both
    /// are left out of the intervals.
    public let failed: Int
    public let notConverged: Int

    public init(fit: LinearMixedModelFit, replicates: Int, seed: UInt64, options: MixedModelOptions = MixedModelOptions()) throws(MixedModelError) {
        guard replicates > 0 else { throw .invalidOption("the bootstrap needs at least one replicate, not \(replicates)") }
        requested = replicates
        self.seed = seed
        parameterNames = Self.names(fit)
        estimates = Self.parameters(fit)
        let model = fit.model, n = model.observationCount
        let x = model.fixedEffectsMatrix, beta = fit.fixedEffects, sigma = fit.sigma
        var mean = [Double](repeating: 0, count: n)
        for column in 0..<beta.count { for row in 0..<n { mean[row] += x.storage[column * n + row] * beta[column] } }
        var refitOptions = options
        refitOptions.initialTheta = fit.theta
        var generator = Xoshiro256StarStar(seed: seed)
        let normal = Normal.standard
        var rows: [[Double]] = []
        var failed = 0, notConverged = 0
        for _ in 0..<replicates {
            var response = mean
            for term in model.terms {
                let k = term.effectCount, lambda = term.relativeCovarianceFactor
                let u = normal.samples(term.randomEffectCount, using: &generator)
                var b = [Double](repeating: 0, count: u.count)
                for level in 0..<term.levelCount {
                    for i in 0..<k {
                        var sum = 0.0
                        for c in 0...i { sum += lambda[c * k + i] * u[level * k + c] }
                        b[level * k + i] = sigma * sum
                    }
                }
                for row in 0..<n {
                    let base = Int(term.levelIndices[row]) * k
                    var sum = 0.0
                    for effect in 0..<k { sum += term.effectValues[row * k + effect] * b[base + effect] }
                    response[row] += sum
                }
            }
            for row in 0..<n { response[row] += sigma * normal.sample(using: &generator) }
            do {
                var replicate = try model.replacingResponse(response)
                let optimization = try replicate.optimize(options: refitOptions)
                guard optimization.converged else {
                    notConverged += 1
                    continue
                }
                rows.append(Self.parameters(LinearMixedModelFit(model: replicate, optimization: optimization)))
            } catch {
                failed += 1
            }
        }
        values = rows
        self.failed = failed
        self.notConverged = notConverged
    }

    /// Percentile intervals (R's `boot.ci(type = "perc")` as lme4 uses it: type 7 quantiles of
    /// the replicates at α/2 and 1 − α/2), per parameter.
    public func percentileIntervals(level: Double) -> [(lower: Double, upper: Double)] {
        parameterNames.indices.map { index in
            let sorted = values.map { $0[index] }.filter { !$0.isNaN }.sorted()
            return (Description.quantile(sorted, (1 - level) / 2), Description.quantile(sorted, (1 + level) / 2))
        }
    }

    static func names(_ fit: LinearMixedModelFit) -> [String] {
        var names: [String] = []
        for component in fit.varianceComponents {
            let effects = component.effectNames
            for j in effects.indices {
                names.append("sd \(effects[j]) | \(component.group)")
                for i in (j + 1)..<max(j + 1, effects.count) { names.append("cor \(effects[i]), \(effects[j]) | \(component.group)") }
            }
        }
        return names + ["sigma"] + fit.fixedEffectNames
    }

    static func parameters(_ fit: LinearMixedModelFit) -> [Double] {
        var values: [Double] = []
        for component in fit.varianceComponents {
            let k = component.effectNames.count
            for j in 0..<k {
                values.append(component.standardDeviations[j])
                for i in (j + 1)..<max(j + 1, k) { values.append(component.correlation(i, j)) }
            }
        }
        return values + [fit.sigma] + fit.fixedEffects
    }
}

extension LinearMixedModel {
    /// The same model with another response (a simulated one): only A is formed again.
    public func replacingResponse(_ response: [Double]) throws(MixedModelError) -> LinearMixedModel {
        guard response.count == observationCount else {
            throw .invalidOption("a new response needs \(observationCount) values, one per row used; \(response.count) were given")
        }
        var copy = self
        copy.response = response
        let centre = Self.responseCentre(response, interceptColumn: interceptColumn)
        copy.responseCentre = centre
        copy.crossProducts = Self.crossProducts(terms: terms, x: fixedEffectsMatrix, y: response.map { $0 - centre }, layout: layout)
        copy.setTheta(identityTheta)
        try copy.updateFactor()
        return copy
    }

    /// λ = I in every term: lme4's starting θ.
    var identityTheta: [Double] { terms.flatMap { term in term.thetaPositions.map { $0.row == $0.column ? 1.0 : 0.0 } } }
}
