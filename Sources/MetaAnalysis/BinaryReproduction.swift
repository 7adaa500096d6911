import Foundation
import HypothesisTests

/// A published comparison of two arms' event counts recomputed as the paper states it: the
/// risk ratio, odds ratio or risk difference (`estimate_type`; RD when not given) with its Wald
/// interval, as `meta` takes it from the counts, and p by the stated test (Fisher's exact test,
/// the chi-square test with or without Yates' correction, or the z test of two proportions,
/// which is the uncorrected chi-square).
/// A t test on proportions is no test a paper uses for counts.
struct BinaryReproduction {
    var estimate: Double
    var lower: Double
    var upper: Double
    var measure: String
    var pFisher: Double
    var pChiSquare: Double
    var pChiSquareUncorrected: Double
    /// Whether 0.5 was added to every cell (a table with a zero cell).
    var correctedForZeroCell = false

    init?(treatmentEvents a: Double, treatmentCount n1: Double, controlEvents c: Double, controlCount n2: Double,
          measure requested: String?, level: Double) {
        guard let ai = Int(exactly: a), let ci = Int(exactly: c), let n1i = Int(exactly: n1), let n2i = Int(exactly: n2),
              ai >= 0, ci >= 0, ai <= n1i, ci <= n2i, n1i > 0, n2i > 0,
              let fisher = try? FisherExactTest([[ai, n1i - ai], [ci, n2i - ci]]) else { return nil }
        let table = [[a, n1 - a], [c, n2 - c]]
        let corrected = try? ChiSquareTest(table, yates: true), plain = try? ChiSquareTest(table, yates: false)
        let z = (try? Quantiles.normal(level)) ?? 1.959963984540054
        // The estimate as `meta` computes it (TwoByTwoTable, metafor's escalc: ½ added to every
        // cell of a table with a zero cell), with its Wald interval, on the ratio scale for RR and OR.
        let kind = EffectMeasure(rawValue: (requested ?? "RD").uppercased()).flatMap { $0.isBinary ? $0 : nil } ?? .riskDifference
        measure = kind.rawValue
        if let effect = try? TwoByTwoTable(treatmentEvents: a, treatmentNonEvents: n1 - a, controlEvents: c, controlNonEvents: n2 - c)
            .effect(kind, study: "") {
            correctedForZeroCell = !effect.conversions.isEmpty
            let low = effect.estimate - z * effect.standardError, high = effect.estimate + z * effect.standardError
            (estimate, lower, upper) = kind.isRatio ? (exp(effect.estimate), exp(low), exp(high)) : (effect.estimate, low, high)
        } else {
            // No finite estimate or variance (every subject an event in both arms): nothing agrees with it.
            (estimate, lower, upper) = (.nan, .nan, .nan)
        }
        pFisher = fisher.pValue
        pChiSquare = corrected?.pValue ?? .nan
        pChiSquareUncorrected = plain?.pValue ?? .nan
    }

    /// The p-values of the test the paper names (all three when it names none), by name.
    func pValues(statedTest: String?) -> [(name: String, p: Double)] {
        let fisher = ("Fisher's exact test", pFisher), yates = ("the chi-square test with Yates' correction", pChiSquare)
        let plain = ("the chi-square test without correction (the z test of two proportions)", pChiSquareUncorrected)
        let stated = (statedTest ?? "").lowercased()
        if stated.contains("fisher") { return [fisher] }
        if stated.contains("chi") || stated.contains("χ") { return [yates, plain] }
        if stated == "z" || stated.contains("z test") || stated.contains("z-test") || stated.contains("proportion") { return [plain] }
        return [fisher, yates, plain]
    }
}

extension Reproduction {
    /// A comparison of event counts: the measure, its interval and p by the stated test, each
    /// against what the paper printed.
    static func reproduceCounts(_ row: SummaryRow, result incoming: ReproducedComparison,
                                events: (a: Double, n1: Double, c: Double, n2: Double), published: PublishedPValue?) -> ReproducedComparison {
        var result = incoming
        let level = (row.number("ci_level") ?? 95) / 100
        guard let counts = BinaryReproduction(treatmentEvents: events.a, treatmentCount: events.n1, controlEvents: events.c,
                                              controlCount: events.n2, measure: row.text("estimate_type"), level: level) else {
            result.explanation.append("the arms' events and n are not whole numbers with events ≤ n, so the 2×2 table cannot be formed")
            return result
        }
        // A number that does not exist is null in the JSON, never NaN.
        func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
        result.difference = finite(counts.estimate)
        result.lower = finite(counts.lower)
        result.upper = finite(counts.upper)
        result.pFisher = finite(counts.pFisher)
        result.pChiSquare = finite(counts.pChiSquare)
        result.explanation.append("recomputed from the arms' events and n: \(counts.measure) \(result.treatment) vs \(result.control) with its Wald "
                                  + "interval\(counts.measure == "RD" ? "" : " on the log scale"); Fisher's exact p = \(format(counts.pFisher)), "
                                  + "chi-square p = \(format(counts.pChiSquare)) (Yates), \(format(counts.pChiSquareUncorrected)) (uncorrected)")
        var disagreements: [String] = []
        if let published, published.isImpossible { disagreements.append(published.impossibility) }
        if let published, !published.isImpossible {
            let tests = counts.pValues(statedTest: row.text("test"))
            if let match = tests.first(where: { published.agrees(with: $0.p) }) {
                result.explanation.append("published p = \(published.text) agrees with \(match.name) (\(format(match.p)))")
            } else {
                disagreements.append("published p = \(published.text) does not reproduce: "
                                     + tests.map { "\($0.name) gives \(format($0.p))" }.joined(separator: "; "))
            }
        }
        let ratio = counts.measure != "RD"
        if counts.correctedForZeroCell { result.explanation.append("a cell of the 2×2 table is 0: 0.5 was added to every cell, as metafor's escalc does") }
        // Printed the other way round (control vs treatment): 1/x for a ratio, −x for a difference, the limits swapped.
        func flipped(_ x: Double) -> Double { ratio ? 1 / x : -x }
        let straight = [("estimate", counts.estimate), ("ci_lower", counts.lower), ("ci_upper", counts.upper)]
        let reversed = [("estimate", flipped(counts.estimate)), ("ci_lower", flipped(counts.upper)), ("ci_upper", flipped(counts.lower))]
        func agrees(_ values: [(String, Double)]) -> [String] {
            values.compactMap { column, value in
                guard let printed = row.number(column) else { return nil }
                let allowed = RoundedInputs.halfUnit(row, column) * (1 + 1e-9) + 1e-12
                // A value that cannot be recomputed (not finite) never agrees.
                guard value.isFinite, abs(printed - value) <= allowed else {
                    let name = ["estimate": "estimate", "ci_lower": "lower limit", "ci_upper": "upper limit"][column]!
                    return "published \(name) \(row.text(column)!) differs from the recomputed \(format(value)) by more than its rounding"
                }
                return nil
            }
        }
        let asPrinted = agrees(straight), other = agrees(reversed)
        if !asPrinted.isEmpty, other.isEmpty {
            result.explanation.append("the published estimate and interval are \(result.control) vs \(result.treatment) (the other way round)")
        } else {
            disagreements += asPrinted
        }
        result.explanation += disagreements
        result.verdict = disagreements.isEmpty ? (published == nil && row.number("estimate") == nil ? .nothingToCompare : .reproduces)
            : .doesNotReproduce
        return result
    }
}
