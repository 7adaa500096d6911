/// Multiplicity adjustments of a family of p-values, as R's `p.adjust`. A missing (NaN) p-value
/// stays missing and does not count in the family size, as in R (whose default n = length(p)
/// is evaluated after the missing values are removed).
public enum PValueAdjustment: String, Codable, Sendable, CaseIterable {
    case bonferroni, holm, hochberg, hommel
    case benjaminiHochberg = "BH"
    case benjaminiYekutieli = "BY"

    public func adjust(_ pValues: [Double]) -> [Double] {
        let present = pValues.indices.filter { !pValues[$0].isNaN }
        let adjusted = adjust(present.map { pValues[$0] }, familySize: present.count)
        var result = [Double](repeating: .nan, count: pValues.count)
        for (position, index) in present.enumerated() { result[index] = adjusted[position] }
        return result
    }

    /// `p` holds the present p-values; `familySize` ≥ p.count counts the missing ones too.
    private func adjust(_ p: [Double], familySize: Int) -> [Double] {
        let present = p.count
        guard familySize > 1, present > 0 else { return p }
        let n = Double(familySize)
        let ascending = p.indices.sorted { p[$0] < p[$1] }
        var result = [Double](repeating: 0, count: present)
        switch self {
        case .bonferroni:
            return p.map { min(1, $0 * n) }
        case .holm:
            // Step-down: (n − i + 1) p₍ᵢ₎ for the i-th smallest, made non-decreasing.
            var running = 0.0
            for (rank, index) in ascending.enumerated() {
                running = max(running, (n - Double(rank)) * p[index])
                result[index] = min(1, running)
            }
        case .hochberg, .benjaminiHochberg, .benjaminiYekutieli:
            // Step-up from the largest: a running minimum of the scaled values.
            let q = self == .benjaminiYekutieli ? (1...familySize).reduce(0.0) { $0 + 1 / Double($1) } : 1
            var running = Double.infinity
            for (position, index) in ascending.enumerated().reversed() {
                let rank = Double(position + 1)
                let scaled = self == .hochberg ? (n - rank + 1) * p[index] : q * n / rank * p[index]
                running = min(running, scaled)
                result[index] = min(1, running)
            }
        case .hommel:
            // The missing ones enter as p = 1, as in R.
            let padded = p + [Double](repeating: 1, count: familySize - present)
            let all = Self.hommel(padded, ascending: padded.indices.sorted { padded[$0] < padded[$1] })
            return Array(all[..<present])
        }
        return result
    }

    /// Hommel's procedure with adjusted p-values computed as Wright (1992) describes: for each
    /// subset size j from m − 1 down to 2, the Simes-type minimum over the j largest p-values
    /// bounds the smaller ones.
    private static func hommel(_ p: [Double], ascending: [Int]) -> [Double] {
        let n = p.count
        let sorted = ascending.map { p[$0] }
        var adjusted = [Double](repeating: (0..<n).map { Double(n) * sorted[$0] / Double($0 + 1) }.min()!, count: n)
        var current = adjusted
        if n > 2 {
            for j in stride(from: n - 1, through: 2, by: -1) {
                let firstCount = n - j + 1  // sorted[0 ..< n − j + 1] takes min(j p, c)
                var c = Double.infinity
                for k in 2...j { c = min(c, Double(j) * sorted[n - j + k - 1] / Double(k)) }
                for i in 0..<firstCount { current[i] = min(Double(j) * sorted[i], c) }
                for i in firstCount..<n { current[i] = current[firstCount - 1] }
                for i in 0..<n { adjusted[i] = max(adjusted[i], current[i]) }
            }
        }
        var result = [Double](repeating: 0, count: n)
        for (position, index) in ascending.enumerated() { result[index] = min(1, max(adjusted[position], sorted[position])) }
        return result
    }
}
