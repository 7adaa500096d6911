import Foundation
import ModelFrames
import TrialData
@testable import MixedModels

/// lme4, lmerTest and pbkrtest results for the data in Datasets/.
// Source: Fixtures/lmm_reference.json, written by Fixtures/lmm_reference.R (R 4.2.2, lme4 1.1-31,
// lmerTest 3.1-3, pbkrtest 0.5.2), at θ polished to the optimum by Newton steps.
struct ReferenceFixture: Decodable {
    struct CoefficientTable: Decodable {
        let term: [String]
        let estimate, se, df, t, p: [String]
    }
    struct AnovaTable: Decodable {
        let term: [String]
        let F, numeratorDF, denominatorDF, p: [String]
    }
    struct Random: Decodable {
        let group, term, variance, sd: [String]
    }
    struct Correlations: Decodable {
        let group, term1, term2, correlation: [String]
    }
    struct Modes: Decodable {
        let group: String
        let levels, effects, values: [String]
        let conditionalVarianceLayout: String
        let conditionalVariances: [String]
    }
    struct Case: Decodable {
        let name, data, formula: String
        let REML: Bool
        let theta, thetaNames, lower: [String]
        let fixed, beta, se, vcov: [String]
        let sigma: String
        let random: Random
        let correlations: Correlations?
        let objective, deviance, logLik, AIC, BIC: String
        let df, nobs: Int
        let groups: [String: Int]
        let singular: Bool
        let fitted, residuals: [String]
        let conditionalModes: [Modes]
        let satterthwaite: CoefficientTable
        let satterthwaiteAnova: AnovaTable?
        let kenwardRoger: CoefficientTable?
        let kenwardRogerAnova: AnovaTable?
    }
    struct LikelihoodRatio: Decodable {
        let name, data, reduced, full: String
        let npar: [Int]
        let AIC, BIC, logLik, deviance: [String]
        let chisq: String
        let df: Int
        let p: String
    }
    struct EmmTable: Decodable {
        let labels: [String]
        let estimate, se, df, lower, upper, t, p: [String]
    }
    struct EmmMode: Decodable {
        let means, pairwise, pairwiseTukey, pairwiseHolm, control: EmmTable
    }
    struct Marginal: Decodable {
        let name, data, formula, specs: String
        let by: String?
        let kenwardRoger, satterthwaite: EmmMode
    }
    let cases: [Case]
    let likelihoodRatio: [LikelihoodRatio]
    let marginalMeans: [Marginal]

    static let shared: ReferenceFixture = {
        let url = Bundle.module.url(forResource: "lmm_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }()

    static func `case`(_ name: String) -> Case { shared.cases.first { $0.name == name }! }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func model(_ testCase: Case) throws -> LinearMixedModel {
        let table = try CSVReader.read(path: root.appendingPathComponent(testCase.data).path)
        let frame = try ModelFrame(Formula(testCase.formula), table: table)
        return try LinearMixedModel(frame: frame, method: testCase.REML ? .reml : .ml)
    }
}

func number(_ text: String) -> Double {
    switch text {
    case "Inf": return .infinity
    case "-Inf": return -.infinity
    case "NA", "NaN": return .nan
    default: return Double(text)!
    }
}

func numbers(_ texts: [String]) -> [Double] { texts.map(number) }

/// |a − b| ≤ tolerance·|b|, or both tiny: `floor` is the absolute level below which numbers
/// count as zero (conditional modes and residuals cross zero).
func agrees(_ actual: Double, _ expected: Double, _ tolerance: Double, floor: Double = 1e-300) -> Bool {
    if expected.isNaN { return actual.isNaN }
    return abs(actual - expected) <= tolerance * max(abs(expected), floor)
}

func agrees(_ actual: [Double], _ expected: [Double], _ tolerance: Double, floor: Double = 1e-300) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy { agrees($0, $1, tolerance, floor: floor) }
}

func largestRelativeDifference(_ actual: [Double], _ expected: [Double], floor: Double = 1e-300) -> Double {
    zip(actual, expected).map { abs($0 - $1) / max(abs($1), floor) }.max() ?? 0
}
