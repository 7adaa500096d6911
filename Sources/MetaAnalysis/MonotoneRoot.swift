/// The root of a decreasing function by bisection, to the last bits of a Double. Slower than
/// Brent's method but certain, and the functions solved here (the generalized Q) are cheap.
enum MonotoneRoot {
    /// x ≥ lower with f(x) = target, for f decreasing; f(lower) must exceed the target.
    static func decreasing(_ f: (Double) -> Double, target: Double, lower: Double) throws(MetaAnalysisError) -> Double {
        var low = lower, high = max(1, lower * 2)
        var expansions = 0
        while f(high) > target {
            low = high
            high *= 2
            expansions += 1
            if expansions > 200 { throw .notComputable("no τ² up to \(high) brings the generalized Q down to \(target)") }
        }
        for _ in 0..<2_000 {
            let middle = (low + high) / 2
            if middle <= low || middle >= high { break }
            if f(middle) > target { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
