/// The largest SD n values can have on a bounded scale with a given mean: all values at the two
/// ends, √((mean − min)(max − mean)·n/(n − 1)). A published SD above it is impossible.
public enum StandardDeviationBound {
    public static func maximum(mean: Double, minimum: Double, maximum: Double, count n: Double) -> Double {
        ((mean - minimum) * (maximum - mean) * n / (n - 1)).squareRoot()
    }

    public static func check(mean: Double, sd: Double, minimum: Double, maximum: Double, count n: Double?) -> (ConsistencyFinding.Verdict, String) {
        guard mean >= minimum, mean <= maximum else {
            return (.inconsistent, "the mean \(mean) lies outside the scale \(minimum) to \(maximum)")
        }
        // Without n, the bound at n → ∞ is the smallest and still a valid test.
        let bound = n.map { self.maximum(mean: mean, minimum: minimum, maximum: maximum, count: $0) }
            ?? ((mean - minimum) * (maximum - mean)).squareRoot()
        let nText = n.map { "n = \(SummaryFile.text($0))" } ?? "any n"
        return sd <= bound
            ? (.consistent, "SD \(sd) is possible: at most \(String(format: "%.3g", bound)) on \(minimum) to \(maximum) with mean \(mean) and \(nText)")
            : (.inconsistent, "SD \(sd) is impossible: with mean \(mean) on \(minimum) to \(maximum) and \(nText) the SD is at most \(String(format: "%.3g", bound))")
    }
}
