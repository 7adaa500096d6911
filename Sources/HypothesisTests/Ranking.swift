/// Average ranks (R's `rank` with ties.method = "average") and the sizes of tied groups.
enum Ranking {
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var ties: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let average = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = average }
            ties.append(end - start + 1)
            start = end + 1
        }
        return (ranks, ties)
    }

    /// Σ (t³ − t) over tie groups, the usual tie correction term.
    static func tieCorrection(_ sizes: [Int]) -> Double {
        sizes.reduce(0) { $0 + Double($1 * $1 * $1 - $1) }
    }
}
