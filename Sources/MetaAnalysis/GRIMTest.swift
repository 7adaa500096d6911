import Foundation

/// GRIM (Brown and Heathers 2017): on a scale of whole-number items, a mean of n people is a
/// total divided by n·items, so only some means are possible at a given number of decimals.
/// The arithmetic is on whole numbers (the printed mean times 10^decimals), so it is exact; a
/// total whose mean lies exactly halfway between two printed values may have been rounded either
/// way (half up, or half to even as R, SAS and printf do), and both are accepted, as Brown and
/// Heathers advise.
public enum GRIMTest {
    public struct Result: Codable, Sendable, Equatable {
        public var verdict: ConsistencyFinding.Verdict
        /// The possible means nearest the reported one, at the reported decimals.
        public var nearestPossible: [Double]
        public var explanation: String
    }

    /// `mean` as printed (its decimals matter), n people, and the number of whole-number items
    /// summed (1 for a single 0–10 rating).
    public static func check(mean text: String, count n: Int, items: Int = 1) -> Result {
        func notTestable(_ why: String) -> Result { Result(verdict: .notTestable, nearestPossible: [], explanation: why) }
        guard let mean = Double(text), mean.isFinite, n > 0, items > 0 else {
            return notTestable("mean \(text), n \(n): not numbers GRIM can use")
        }
        let decimals = text.firstIndex(of: ".").map { text.distance(from: text.index(after: $0), to: text.endIndex) } ?? 0
        let (denominator, overflow) = n.multipliedReportingOverflow(by: items)
        guard decimals <= 18 else { return notTestable("\(decimals) decimals are more than exact whole-number arithmetic holds") }
        let scale = (0..<decimals).reduce(1) { result, _ in result * 10 }
        if overflow || denominator >= scale {
            return notTestable("n × items = \(overflow ? "\(n) × \(items)" : "\(denominator)") ≥ 10^\(decimals): every mean with \(decimals) decimals is possible")
        }
        // The printed mean as a whole number of its last digit's units.
        var digits = Substring(text)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let plain = String(digits.filter { $0 != "." })
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let magnitude = Int(plain.isEmpty ? "0" : plain) else {
            return notTestable("the mean is not a plain decimal number (digits and a point) GRIM can use")
        }
        let printed = negative ? -magnitude : magnitude
        let (product, productOverflow) = printed.multipliedReportingOverflow(by: denominator)
        guard !productOverflow else { return notTestable("the printed digits times n × items = \(denominator) are beyond exact whole-number arithmetic") }
        // Totals T near mean × n × items; T/denominator prints as the mean when
        // |T·10^decimals − printed·denominator| ≤ denominator/2 (equality: an exact tie).
        var nearestTotal = product / scale
        if product % scale != 0 && product < 0 { nearestTotal -= 1 }
        var witness: (total: Int, tie: Bool)?
        var roundedCandidates: Set<Int> = []
        for total in (nearestTotal - 1)...(nearestTotal + 2) {
            let (scaled, scaledOverflow) = total.multipliedReportingOverflow(by: scale)
            guard !scaledOverflow else { continue }
            let (difference, differenceOverflow) = scaled.subtractingReportingOverflow(product)
            guard !differenceOverflow else { continue }
            let twice = difference.magnitude.multipliedReportingOverflow(by: 2)
            if !twice.overflow, twice.partialValue <= UInt(denominator), witness == nil {
                witness = (total, twice.partialValue == UInt(denominator))
            }
            // The printed value of this total's mean, rounded half away from zero.
            let quotient = scaled / denominator, remainder = scaled % denominator
            roundedCandidates.insert(quotient + (2 * remainder.magnitude >= UInt(denominator) ? (scaled < 0 ? -1 : 1) : 0))
        }
        if let witness {
            let tie = witness.tie ? " (an exact tie, printed either way by rounding half up or half to even)" : ""
            return Result(verdict: .consistent, nearestPossible: [mean],
                          explanation: "a total of \(witness.total) over n × items = \(denominator) gives \(text)\(tie)")
        }
        let nearest = roundedCandidates.sorted { ($0 - printed).magnitude < ($1 - printed).magnitude }.prefix(2).sorted()
            .map { Double($0) / Double(scale) }
        let shown = nearest.map { String(format: "%.\(decimals)f", $0) }.joined(separator: " or ")
        return Result(verdict: .inconsistent, nearestPossible: nearest,
                      explanation: "no whole-number total over n × items = \(denominator) rounds to \(text); the nearest possible means are \(shown)")
    }
}
