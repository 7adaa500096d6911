import TrialData
import Distributions
import LinearAlgebra
import ModelFrames
import StatsCore

/// One row of a coefficient table.
public struct Coefficient: Codable, Sendable, Equatable {
    public var name: String
    /// NaN for a coefficient aliased by rank deficiency (R prints NA).
    public var estimate: Double
    public var standardError: Double
    public var statistic: Double
    public var pValue: Double
    public var confidenceInterval: ConfidenceInterval
    public var aliased: Bool
}

/// An F test of one model term.
public struct TermTest: Codable, Sendable, Equatable {
    public var term: String
    public var numeratorDegreesOfFreedom: Int
    public var denominatorDegreesOfFreedom: Int
    /// Type I only: the sequential sum of squares.
    public var sumOfSquares: Double?
    public var statistic: Double
    public var pValue: Double
}

/// Ordinary least squares on R's pivoted QR, as `lm` fits it: aliased columns are named and
/// their coefficients are NaN, never a crash or garbage.
public struct LinearModelFit: Sendable {
    public let frame: ModelFrame
    public let coefficients: [Coefficient]
    /// Columns set aside as linear combinations of earlier ones, by name.
    public let aliased: [String]
    public let rank: Int
    public let residualDegreesOfFreedom: Int
    /// The residual standard error.
    public let sigma: Double
    public let rSquared: Double
    public let adjustedRSquared: Double
    /// The overall F test against the intercept-only model (or the empty model without one).
    public let overall: TermTest?
    public let fitted: [Double]
    public let residuals: [Double]
    public let confidenceLevel: Double
    /// Covariance of the non-aliased coefficients, in their column order.
    public let covariance: Matrix
    /// Column indices (in the design) of the non-aliased coefficients, matching `covariance`.
    public let estimableColumns: [Int]
    /// The effects Qᵀy and the column behind each of the first `rank` of them, for type I tests.
    let effects: [Double]
    let effectColumns: [Int]

    public static func fit(_ formula: String, table: Table, references: [String: String] = [:],
                           confidenceLevel: Double = 0.95) throws(LinearModelError) -> LinearModelFit {
        do {
            let frame = try ModelFrame(try Formula(formula), table: table, references: references)
            return try LinearModelFit(frame, confidenceLevel: confidenceLevel)
        } catch let error as ModelFrameError {
            throw .modelFrame(error)
        } catch let error as LinearModelError {
            throw error
        } catch {
            throw .numerical("\(error)")
        }
    }

    public init(_ frame: ModelFrame, confidenceLevel: Double = 0.95) throws(LinearModelError) {
        self.frame = frame
        self.confidenceLevel = confidenceLevel
        let y = frame.response, x = frame.design.matrix, n = y.count
        if let term = frame.formula.randomTerms.first { throw .randomEffects(term: term.description) }
        if let term = frame.formula.covarianceTerm { throw .randomEffects(term: term.description) }
        if let first = y.first, y.allSatisfy({ $0 == first }) {
            throw .constantResponse(variable: frame.formula.response.description, value: first)
        }
        let qr: PivotedQR
        let beta: [Double]
        do {
            qr = try PivotedQR(x)
            beta = try qr.leastSquares(y)
            effects = try qr.qTransposed(times: y)
        } catch {
            throw .numerical(error.description)
        }
        rank = qr.rank
        residualDegreesOfFreedom = n - rank
        guard residualDegreesOfFreedom > 0 else { throw .noResidualDegreesOfFreedom(rows: n, rank: rank) }
        effectColumns = qr.keptColumns
        aliased = qr.droppedColumns.map { frame.design.columnNames[$0] }

        let residualSumOfSquares = effects[rank...].reduce(0) { $0 + $1 * $1 }
        let variance = residualSumOfSquares / Double(residualDegreesOfFreedom)
        sigma = variance.squareRoot()
        let fitted = (0..<n).map { row in
            (0..<x.columns).reduce(0.0) { sum, column in beta[column].isNaN ? sum : sum + x[row, column] * beta[column] }
        }
        self.fitted = fitted
        residuals = zip(y, fitted).map { $0 - $1 }

        // (RᵀR)⁻¹ σ², from the inverse of R (upper triangular), in factorization order.
        let r = qr.upperTriangle
        let covarianceInPivotOrder: Matrix
        do {
            let rInverse = try r.solvingTriangular(Matrix.identity(rank), triangle: .upper)
            covarianceInPivotOrder = try rInverse.multiplied(by: rInverse, transposingOther: true)
        } catch {
            throw .numerical(error.description)
        }
        // Reorder to ascending column order.
        let order = effectColumns.enumerated().sorted { $0.element < $1.element }
        estimableColumns = order.map(\.element)
        var covariance = Matrix(rows: rank, columns: rank)
        for (i, a) in order.enumerated() {
            for (j, b) in order.enumerated() { covariance[i, j] = covarianceInPivotOrder[a.offset, b.offset] * variance }
        }
        self.covariance = covariance

        let t = try! StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom))
        let critical = try! t.upperQuantile((1 - confidenceLevel) / 2)
        var table: [Coefficient] = []
        for column in 0..<x.columns {
            let name = frame.design.columnNames[column]
            guard let position = estimableColumns.firstIndex(of: column) else {
                table.append(Coefficient(name: name, estimate: .nan, standardError: .nan, statistic: .nan, pValue: .nan,
                                         confidenceInterval: ConfidenceInterval(lower: .nan, upper: .nan, level: confidenceLevel),
                                         aliased: true))
                continue
            }
            let standardError = covariance[position, position].squareRoot()
            let statistic = beta[column] / standardError
            table.append(Coefficient(
                name: name, estimate: beta[column], standardError: standardError, statistic: statistic,
                pValue: t.twoSidedPValue(statistic),
                confidenceInterval: ConfidenceInterval(lower: beta[column] - critical * standardError,
                                                       upper: beta[column] + critical * standardError, level: confidenceLevel),
                aliased: false))
        }
        coefficients = table

        let hasIntercept = frame.formula.hasIntercept
        let mean = y.reduce(0, +) / Double(n)
        let totalSumOfSquares = hasIntercept ? y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } : y.reduce(0) { $0 + $1 * $1 }
        rSquared = 1 - residualSumOfSquares / totalSumOfSquares
        let interceptDegrees = hasIntercept ? 1 : 0
        adjustedRSquared = 1 - (1 - rSquared) * Double(n - interceptDegrees) / Double(residualDegreesOfFreedom)
        let modelDegrees = rank - interceptDegrees
        if modelDegrees > 0 {
            let statistic = (totalSumOfSquares - residualSumOfSquares) / Double(modelDegrees) / variance
            let f = try! FisherF(numeratorDegreesOfFreedom: Double(modelDegrees), denominatorDegreesOfFreedom: Double(residualDegreesOfFreedom))
            overall = TermTest(term: "model", numeratorDegreesOfFreedom: modelDegrees, denominatorDegreesOfFreedom: residualDegreesOfFreedom,
                               sumOfSquares: totalSumOfSquares - residualSumOfSquares, statistic: statistic, pValue: f.ccdf(statistic))
        } else {
            overall = nil
        }
    }

    public var residualSumOfSquares: Double { effects[rank...].reduce(0) { $0 + $1 * $1 } }

    /// The coefficient named as R names it.
    public func coefficient(_ name: String) -> Coefficient? { coefficients.first { $0.name == name } }

    /// Sequential (type I) F tests, as R's `anova(lm)`: each term's sum of squares given the terms
    /// before it.
    public func sequentialTests() -> [TermTest] {
        let design = frame.design
        var sums = [Double](repeating: 0, count: design.termLabels.count)
        var degrees = [Int](repeating: 0, count: design.termLabels.count)
        for (position, column) in effectColumns.enumerated() {
            sums[design.assign[column]] += effects[position] * effects[position]
            degrees[design.assign[column]] += 1
        }
        let residualMeanSquare = residualSumOfSquares / Double(residualDegreesOfFreedom)
        let first = frame.formula.hasIntercept ? 1 : 0
        return (first..<design.termLabels.count).compactMap { term in
            guard degrees[term] > 0 else { return nil }
            let statistic = sums[term] / Double(degrees[term]) / residualMeanSquare
            let f = try! FisherF(numeratorDegreesOfFreedom: Double(degrees[term]), denominatorDegreesOfFreedom: Double(residualDegreesOfFreedom))
            return TermTest(term: design.termLabels[term], numeratorDegreesOfFreedom: degrees[term],
                            denominatorDegreesOfFreedom: residualDegreesOfFreedom, sumOfSquares: sums[term],
                            statistic: statistic, pValue: f.ccdf(statistic))
        }
    }

    /// Type III (marginal) Wald F tests: each term's coefficients tested jointly against zero in
    /// the full model. With treatment contrasts, a main effect inside an interaction is then
    /// tested at the reference level of the other factor, as `car::Anova(type = 3)` does.
    public func marginalTests() throws(LinearModelError) -> [TermTest] {
        let design = frame.design
        let first = frame.formula.hasIntercept ? 1 : 0
        var tests: [TermTest] = []
        for term in first..<design.termLabels.count {
            let positions = estimableColumns.indices.filter { design.assign[estimableColumns[$0]] == term }
            guard !positions.isEmpty else { continue }
            let estimates = positions.map { coefficients[estimableColumns[$0]].estimate }
            var block = Matrix(rows: positions.count, columns: positions.count)
            for (i, a) in positions.enumerated() {
                for (j, b) in positions.enumerated() { block[i, j] = covariance[a, b] }
            }
            let quadratic: Double
            do {
                let solved = try CholeskyFactorization(block).solve(estimates)
                quadratic = zip(estimates, solved).reduce(0) { $0 + $1.0 * $1.1 }
            } catch {
                throw .numerical("the covariance of term \(design.termLabels[term]) is not positive definite: \(error)")
            }
            let statistic = quadratic / Double(positions.count)
            let f = try! FisherF(numeratorDegreesOfFreedom: Double(positions.count), denominatorDegreesOfFreedom: Double(residualDegreesOfFreedom))
            tests.append(TermTest(term: design.termLabels[term], numeratorDegreesOfFreedom: positions.count,
                                  denominatorDegreesOfFreedom: residualDegreesOfFreedom, sumOfSquares: nil,
                                  statistic: statistic, pValue: f.ccdf(statistic)))
        }
        return tests
    }
}
