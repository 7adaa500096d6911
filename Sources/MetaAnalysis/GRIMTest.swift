import Foundation

/// GRIM (Brown and Heathers 2017): on a scale of whole-number items, a mean of n people is a
/// total divided by n·items, so only some means are possible at a given number of decimals.
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
        guard let mean = Double(text), n > 0, items > 0 else {
            return Result(verdict: .notTestable, nearestPossible: [], explanation: "mean \(text), n \(n): not numbers GRIM can use")
        }
        let decimals = text.firstIndex(of: ".").map { text.distance(from: text.index(after: $0), to: text.endIndex) } ?? 0
        let denominator = Double(n * items)
        let unit = pow10(-decimals)
        if denominator >= 1 / unit {
            return Result(verdict: .notTestable, nearestPossible: [],
                          explanation: "n × items = \(n * items) ≥ 10^\(decimals): every mean with \(decimals) decimals is possible")
        }
        let total = (mean * denominator).rounded(.down)
        let candidates = [total - 1, total, total + 1, total + 2].map { $0 / denominator }
        let rounded = candidates.map { ($0 / unit).rounded() * unit }
        let possible = rounded.contains { abs($0 - mean) < unit / 1000 }
        let nearest = Array(Set(rounded)).sorted { abs($0 - mean) < abs($1 - mean) }.prefix(2).sorted()
        let printed = nearest.map { String(format: "%.\(decimals)f", $0) }.joined(separator: " or ")
        return possible
            ? Result(verdict: .consistent, nearestPossible: [mean],
                     explanation: "a total of \(Int((mean * denominator).rounded())) over n × items = \(n * items) gives \(text)")
            : Result(verdict: .inconsistent, nearestPossible: Array(nearest),
                     explanation: "no whole-number total over n × items = \(n * items) rounds to \(text); the nearest possible means are \(printed)")
    }
}
