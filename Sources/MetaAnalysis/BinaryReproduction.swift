import Foundation
import HypothesisTests

/// A published comparison of two arms' event counts recomputed as the paper states it: the
/// risk ratio, odds ratio or risk difference (`estimate_type`; RD when not given) with its Wald
/// interval, and p by the stated test (Fisher's exact test, the chi-square test with or without
/// Yates' correction, or the z test of two proportions, which is the uncorrected chi-square).
/// A t test on proportions is no test a paper uses for counts.
struct BinaryReproduction {
    var estimate: Double
    var lower: Double
    var upper: Double
    var measure: String
    var pFisher: Double
    var pChiSquare: Double
    var pChiSquareUncorrected: Double

    init?(treatmentEvents a: Double, treatmentCount n1: Double, controlEvents c: Double, controlCount n2: Double,
          measure requested: String?, level: Double) {
        guard let ai = Int(exactly: a), let ci = Int(exactly: c), let n1i = Int(exactly: n1), let n2i = Int(exactly: n2),
              ai >= 0, ci >= 0, ai <= n1i, ci <= n2i, n1i > 0, n2i > 0,
              let fisher = try? FisherExactTest([[ai, n1i - ai], [ci, n2i - ci]]) else { return nil }
        let table = [[a, n1 - a], [c, n2 - c]]
        let corrected = try? ChiSquareTest(table, yates: true), plain = try? ChiSquareTest(table, yates: false)
        let z = (try? Quantiles.normal(level)) ?? 1.959963984540054
        let p1 = a / n1, p2 = c / n2
        measure = (requested ?? "RD").uppercased()
        switch measure {
        case "RR":
            estimate = p1 / p2
            let se = (1 / a - 1 / n1 + 1 / c - 1 / n2).squareRoot()
            (lower, upper) = (exp(log(estimate) - z * se), exp(log(estimate) + z * se))
        case "OR":
            estimate = (a * (n2 - c)) / (c * (n1 - a))
            let se = (1 / a + 1 / (n1 - a) + 1 / c + 1 / (n2 - c)).squareRoot()
            (lower, upper) = (exp(log(estimate) - z * se), exp(log(estimate) + z * se))
        default:
            measure = "RD"
            estimate = p1 - p2
            let se = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
            (lower, upper) = (estimate - z * se, estimate + z * se)
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
        result.difference = counts.estimate
        result.lower = counts.lower
        result.upper = counts.upper
        result.pFisher = counts.pFisher
        result.pChiSquare = counts.pChiSquare
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
        for (column, value, name) in [("estimate", counts.estimate, "estimate"), ("ci_lower", counts.lower, "lower limit"),
                                      ("ci_upper", counts.upper, "upper limit")] {
            guard let printed = row.number(column) else { continue }
            let allowed = RoundedInputs.halfUnit(row, column) * (1 + 1e-9) + 1e-12
            // Printed the other way round (control vs treatment): 1/x for a ratio, −x for a difference.
            let reversed = ratio ? 1 / value : -value
            if abs(printed - value) > allowed, abs(printed - reversed) > allowed || column != "estimate" {
                disagreements.append("published \(name) \(row.text(column)!) differs from the recomputed \(format(value)) by more than its rounding")
            }
        }
        result.explanation += disagreements
        result.verdict = disagreements.isEmpty ? (published == nil && row.number("estimate") == nil ? .nothingToCompare : .reproduces)
            : .doesNotReproduce
        return result
    }
}
