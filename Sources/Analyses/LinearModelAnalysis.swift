import Foundation
import LinearModels
import StatsCore
import TrialData

/// A linear model from an R formula (`trialstats lm`): R's coefficient names and estimates with t
/// tests, the fit statistics, type I and type III F tests, and the covariance of the estimable
/// coefficients.
public struct LinearModelAnalysis: Codable, Sendable, Equatable {
    public var formula: String
    /// Factor → reference level (R's relevel).
    public var references: [String: String]
    public var confidenceLevel: Double

    public init(formula: String, references: [String: String] = [:], confidenceLevel: Double = 0.95) {
        self.formula = formula
        self.references = references
        self.confidenceLevel = confidenceLevel
    }

    /// `excluded`: rows the data checks took out before `table`; the ledger counts them as read.
    /// `dataNote`: what the data checks could not do (data that are not a trial), said in the result.
    public func run(on table: Table, excluded: [RowLedger.Exclusion] = [], normalized: [LevelNormalization] = [],
                    dataNote: String? = nil) throws(LinearModelError) -> LinearModelResult {
        let fit = try LinearModelFit.fit(formula, table: table, references: references, confidenceLevel: confidenceLevel)
        let marginal = try fit.marginalTests()
        let coefficients = fit.coefficients.map { c in
            c.aliased
                ? Estimate(measure: c.name, estimate: .nan, method: "not estimable: a linear combination of earlier columns (R's NA)")
                : Estimate(measure: c.name, estimate: c.estimate, se: c.standardError, statistic: c.statistic,
                           df: Double(fit.residualDegreesOfFreedom), p: c.pValue, interval: c.confidenceInterval, method: "t test")
        }
        let tests = fit.sequentialTests().map { LinearModelResult.TermTest($0, type: "I") } + marginal.map { LinearModelResult.TermTest($0, type: "III") }
        let names = fit.estimableColumns.map { fit.coefficients[$0].name }
        let matrix = (0..<names.count).map { i in (0..<names.count).map { j in finiteOrNil(fit.covariance[i, j]) } }
        var ledger = RowLedger(source: table.source, rowsRead: table.rowCount + excluded.count, blankLinesSkipped: table.blankLines.count,
                               excluded: excluded + fit.frame.incompleteRows)
        ledger.normalized = normalized
        // R's logLik.lm: the Gaussian likelihood at σ̂² = RSS/n; σ counts as a parameter.
        let observations = Double(fit.frame.response.count), parameters = Double(fit.rank + 1)
        let logLikelihood = -observations / 2 * (log(2 * Double.pi) + 1 - log(observations) + log(fit.residualSumOfSquares))
        return LinearModelResult(
            formula: formula, confidenceLevel: confidenceLevel, coefficients: coefficients, aliased: fit.aliased,
            fit: .init(observations: fit.frame.response.count, sigma: finiteOrNil(fit.sigma), residualDF: fit.residualDegreesOfFreedom,
                       rSquared: finiteOrNil(fit.rSquared), adjustedRSquared: finiteOrNil(fit.adjustedRSquared),
                       F: fit.overall.flatMap { finiteOrNil($0.statistic) }, numeratorDF: fit.overall?.numeratorDegreesOfFreedom,
                       p: fit.overall.flatMap { finiteOrNil($0.pValue) },
                       logLik: finiteOrNil(logLikelihood), aic: finiteOrNil(-2 * logLikelihood + 2 * parameters),
                       bic: finiteOrNil(-2 * logLikelihood + log(observations) * parameters)),
            tests: tests, vcov: .init(terms: names, matrix: matrix), ledger: DataLedger(ledger), dataNote: dataNote)
    }
}

/// The JSON of `trialstats lm` (schema trialstats/lm/2).
public struct LinearModelResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/lm/2"
    public var formula: String
    public var confidenceLevel: Double
    /// One per design column, R's names; an aliased one has null numbers.
    public var coefficients: [Estimate]
    public var aliased: [String]
    public var fit: Fit
    public var tests: [TermTest]
    /// Var(β̂) of the estimable coefficients.
    public var vcov: CovarianceMatrix
    public var ledger: DataLedger
    /// Null when the data were checked as a trial; else what could not be checked.
    @Null public var dataNote: String?

    public struct Fit: Codable, Sendable, Equatable {
        public var observations: Int
        @Null public var sigma: Double?
        public var residualDF: Int
        @Null public var rSquared: Double?
        @Null public var adjustedRSquared: Double?
        /// The overall F test against the intercept-only model; null without one.
        @Null public var F: Double?
        @Null public var numeratorDF: Int?
        @Null public var p: Double?
        /// R's logLik(), AIC() and BIC() (σ counted as a parameter).
        @Null public var logLik: Double?
        @Null public var aic: Double?
        @Null public var bic: Double?
    }

    public struct TermTest: Codable, Sendable, Equatable {
        public var term: String
        /// "I" (sequential, R's anova) or "III" (each term's coefficients jointly zero, Wald F).
        public var type: String
        public var numeratorDF: Int
        public var denominatorDF: Int
        @Null public var sumOfSquares: Double?
        @Null public var F: Double?
        @Null public var p: Double?

        init(_ test: LinearModels.TermTest, type: String) {
            term = test.term
            self.type = type
            numeratorDF = test.numeratorDegreesOfFreedom
            denominatorDF = test.denominatorDegreesOfFreedom
            sumOfSquares = test.sumOfSquares.flatMap(finiteOrNil)
            F = finiteOrNil(test.statistic)
            p = finiteOrNil(test.pValue)
        }
    }

    public func coefficient(_ term: String) -> Estimate? { coefficients.first { $0.measure == term } }
}
