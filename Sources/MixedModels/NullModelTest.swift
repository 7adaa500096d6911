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
        // Column by column over the column-major design: each sum runs down contiguous memory.
        var crossProduct = Matrix(rows: p, columns: p), rightHandSide = [Double](repeating: 0, count: p)
        x.storage.withUnsafeBufferPointer { design in
            for a in 0..<p {
                let columnA = design.baseAddress! + a * n
                var sum = 0.0
                for row in 0..<n { sum += weights[row] * columnA[row] * y[row] }
                rightHandSide[a] = sum
                for b in 0...a {
                    let columnB = design.baseAddress! + b * n
                    var product = 0.0
                    for row in 0..<n { product += weights[row] * columnA[row] * columnB[row] }
                    crossProduct[a, b] = product
                    crossProduct[b, a] = product
                }
            }
        }
        let factor: CholeskyFactorization, beta: [Double]
        do {
            factor = try CholeskyFactorization(crossProduct)
            beta = try factor.solve(rightHandSide)
        } catch {
            throw .numerical("the null model's X'WX: \(error)")
        }
        var fitted = [Double](repeating: 0, count: n)
        x.storage.withUnsafeBufferPointer { design in
            for a in 0..<p {
                let column = design.baseAddress! + a * n
                for row in 0..<n { fitted[row] += column[row] * beta[a] }
            }
        }
        var residualSum = 0.0
        for row in 0..<n { residualSum += weights[row] * (y[row] - fitted[row]) * (y[row] - fitted[row]) }
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
