import Foundation
import Testing
@testable import MetaAnalysis

/// The metafor reference numbers, as strings with 17 significant digits ("NA" for R's NA).
// Source: Fixtures/metafor_reference.json, written by Fixtures/metafor_reference.R (R, metafor 3.8-1).
struct MetaforFixture: Decodable {
    struct Effects: Decodable {
        let yi, vi: [String]
    }
    struct Model: Decodable {
        let method, test: String
        let estimate, se, statistic, p, tau2, se_tau2, Q, Q_p, I2, H2: String
        let ci, pi: [String]
        let tau2_ci, I2_ci, H2_ci: [String]?
    }
    struct LeaveOut: Decodable {
        let method: String
        let estimate, se, ci_lb, ci_ub, Q, Q_p, tau2, I2, H2: [String]
    }
    struct Group: Decodable {
        let level: String
        let k: Int
        let estimate, se, tau2, Q: String
    }
    struct Subgroups: Decodable {
        let method: String
        let groups: [Group]
        let Q_between, p: String
        let df: Int
    }
    struct Between: Decodable {
        let Q, p: String
        let df: Int
    }
    struct Pooled: Decodable {
        let measure: String?
        let estimate, se, statistic, p, Q, Q_p, I2, H2: String
        let ci: [String]
        let df: Int?
    }
    struct BCG: Decodable {
        let author: [String]
        let alloc: [String]
        let ai, bi, ci, di: [Double]
        let rr, or, rd: Effects
        let models: [Model]
        let leave1out: [LeaveOut]
        let subgroups: [Subgroups]
        let fixed_between: Between
        let mantel_haenszel: [Pooled]
        let peto: Pooled
    }
    struct ZeroEffects: Decodable {
        let measure: String
        let yi, vi: [String]
    }
    struct ZeroCells: Decodable {
        let ai, bi, ci, di: [Double]
        let effects: [ZeroEffects]
        let peto: Effects
    }
    struct DoubleZeroSet: Decodable {
        let study: [String]
        let ai, bi, ci, di: [Double]
        let mantel_haenszel: [Pooled]
        let peto: Pooled
    }
    struct DoubleZero: Decodable {
        let sets: [DoubleZeroSet]
        let peto_effects: Effects
    }
    struct EffectsWithModels: Decodable {
        let yi, vi: [String]
        let models: [Model]
    }
    struct Normand: Decodable {
        let source: [String]
        let m1i, sd1i, n1i, m2i, sd2i, n2i: [Double]
        let md, smd: EffectsWithModels
    }
    struct Arm: Decodable {
        let m_pre, m_post, sd_pre, sd_post, ni, ri: [Double]
    }
    struct Morris: Decodable {
        let treatment, control: Arm
        let smcr_treatment, smcr_control: Effects
        let difference: EffectsWithModels
        let dppc2: Effects
    }

    let bcg: BCG
    let zero_cells: ZeroCells
    let double_zero: DoubleZero
    let normand: Normand
    let morris: Morris

    static func load() throws -> MetaforFixture {
        let url = try #require(Bundle.module.url(forResource: "metafor_reference", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(MetaforFixture.self, from: Data(contentsOf: url))
    }
}

/// Relative agreement with a reference written as text, to 1e-6 as the project requires (the
/// errors seen are below 1e-12).
enum Agreement {
    static let tolerance = 1e-6

    static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        abs(actual - expected) / max(abs(expected), 1e-8)
    }

    static func check(_ actual: Double?, _ expected: String, _ context: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expectedValue = Double(expected) else {
            Issue.record("\(context): reference \(expected) is not a number", sourceLocation: sourceLocation)
            return
        }
        guard let actual else {
            Issue.record("\(context): no value; expected \(expected)", sourceLocation: sourceLocation)
            return
        }
        // A reference that is zero up to rounding (τ² or I² at the boundary) is matched absolutely.
        let error = abs(expectedValue) < 1e-10 && abs(actual) < 1e-10 ? 0 : relativeError(actual, expectedValue)
        #expect(error <= tolerance, "\(context): \(actual) vs metafor \(expected) (relative error \(error))", sourceLocation: sourceLocation)
    }

    static func values(_ strings: [String]) -> [Double] { strings.map { Double($0) ?? .nan } }
}

extension MetaforFixture.Model {
    var options: MetaAnalysisOptions {
        MetaAnalysisOptions(estimator: HeterogeneityEstimator(rawValue: method)!, hartungKnapp: test == "knha")
    }

    /// Every number the model and metafor both report.
    func compare(_ fit: MetaAnalysisSummary, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let context = "\(name) \(method) \(test)"
        Agreement.check(fit.estimate, estimate, "\(context) estimate", sourceLocation: sourceLocation)
        Agreement.check(fit.standardError, se, "\(context) se", sourceLocation: sourceLocation)
        Agreement.check(fit.confidenceInterval.lower, ci[0], "\(context) ci.lb", sourceLocation: sourceLocation)
        Agreement.check(fit.confidenceInterval.upper, ci[1], "\(context) ci.ub", sourceLocation: sourceLocation)
        Agreement.check(fit.statistic, statistic, "\(context) statistic", sourceLocation: sourceLocation)
        Agreement.check(fit.pValue, p, "\(context) p", sourceLocation: sourceLocation)
        Agreement.check(fit.q, Q, "\(context) Q", sourceLocation: sourceLocation)
        Agreement.check(fit.qPValue, Q_p, "\(context) Q p", sourceLocation: sourceLocation)
        Agreement.check(fit.iSquared, I2, "\(context) I2", sourceLocation: sourceLocation)
        Agreement.check(fit.hSquared, H2, "\(context) H2", sourceLocation: sourceLocation)
        if method == "FE" {
            #expect(fit.tau2 == 0)
        } else {
            // τ² may be exactly 0 (truncated); compare absolutely there.
            if let reference = Double(tau2), reference == 0 { #expect(fit.tau2 < 1e-12, "\(context) tau2 \(fit.tau2)") }
            else { Agreement.check(fit.tau2, tau2, "\(context) tau2", sourceLocation: sourceLocation) }
            Agreement.check(fit.predictionInterval.lower, pi[0], "\(context) pi.lb", sourceLocation: sourceLocation)
            Agreement.check(fit.predictionInterval.upper, pi[1], "\(context) pi.ub", sourceLocation: sourceLocation)
            if se_tau2 != "NA" {
                Agreement.check(fit.tau2StandardError, se_tau2, "\(context) se.tau2", sourceLocation: sourceLocation)
            }
            if let tau2_ci, let I2_ci, let H2_ci {
                for (index, side) in ["lower", "upper"].enumerated() {
                    let limits = [fit.tau2Interval, fit.iSquaredInterval, fit.hSquaredInterval].map { index == 0 ? $0?.lower : $0?.upper }
                    let references = [tau2_ci[index], I2_ci[index], H2_ci[index]], labels = ["tau2", "I2", "H2"]
                    for position in 0..<3 {
                        let limit = limits[position], reference = references[position], label = labels[position]
                        if let value = Double(reference), value == 0 { #expect(limit == 0, "\(context) \(label) \(side) \(limit ?? .nan)") }
                        else { Agreement.check(limit, reference, "\(context) Q-profile \(label) \(side)", sourceLocation: sourceLocation) }
                    }
                }
            }
        }
    }
}
