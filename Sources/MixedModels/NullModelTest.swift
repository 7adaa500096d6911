#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import LinearAlgebra

/// SAS PROC MIXED's "Null Model Likelihood Ratio Test": the fitted covariance against
/// independent errors of one variance (σ²I, weighted as the fit is), with the same fixed
/// effects and method. A small χ² says the structure adds little over ordinary least squares.
public struct NullModelTest: Sendable, Equatable {
    /// −2 log L (ML) or −2 log L_R (REML) of the null model.
    public let nullCriterion: Double
    public let chiSquare: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
}

extension RepeatedMeasuresFit {
    /// With σ̂² = RSS/(n − p) (REML) or RSS/n (ML), the null criterion is
    /// (n − p)(log 2πσ̂² + 1) + log|X'WX| − Σ log w (REML) or n(log 2πσ̂² + 1) − Σ log w (ML).
    public func nullModelTest() throws(MixedModelError) -> NullModelTest {
        let x = model.fixedEffectsMatrix, y = model.response, n = y.count, p = x.columns
        let weights = model.weights ?? [Double](repeating: 1, count: n)
        var crossProduct = Matrix(rows: p, columns: p), rightHandSide = [Double](repeating: 0, count: p)
        for row in 0..<n {
            for a in 0..<p {
                let weighted = weights[row] * x[row, a]
                rightHandSide[a] += weighted * y[row]
                for b in 0...a { crossProduct[a, b] += weighted * x[row, b] }
            }
        }
        for a in 0..<p { for b in 0..<a { crossProduct[b, a] = crossProduct[a, b] } }
        let factor: CholeskyFactorization, beta: [Double]
        do {
            factor = try CholeskyFactorization(crossProduct)
            beta = try factor.solve(rightHandSide)
        } catch {
            throw .numerical("the null model's X'WX: \(error)")
        }
        var residualSum = 0.0
        for row in 0..<n {
            var fitted = 0.0
            for a in 0..<p { fitted += x[row, a] * beta[a] }
            residualSum += weights[row] * (y[row] - fitted) * (y[row] - fitted)
        }
        let degrees = Double(method == .reml ? n - p : n)
        let variance = residualSum / degrees
        let nullCriterion = degrees * (log(2 * Double.pi * variance) + 1) + (method == .reml ? factor.logDeterminant : 0)
            + model.weightLogDeterminant
        let chiSquare = nullCriterion - objective
        let df = model.parameterCount - 1
        let pValue = df > 0 ? ((try? ChiSquared(degreesOfFreedom: Double(df)))?.ccdf(max(chiSquare, 0)) ?? .nan) : .nan
        return NullModelTest(nullCriterion: nullCriterion, chiSquare: chiSquare, degreesOfFreedom: df, pValue: pValue)
    }
}
