import HypothesisTests

/// The range of two-sample t-test p-values that printed means and SDs allow: each printed number
/// stands for any value within half a unit of its last digit, so p is evaluated at every corner
/// of that box. A printed p that no corner reaches disagrees beyond rounding.
enum RoundedInputs {
    struct Printed {
        var count: Double
        var mean: Double
        var meanHalfUnit: Double
        var sd: Double
        var sdHalfUnit: Double
    }

    static func pRange(_ first: Printed, _ second: Printed, variance: VarianceAssumption) -> (low: Double, high: Double)? {
        guard let firstCount = Int(exactly: first.count), let secondCount = Int(exactly: second.count) else { return nil }
        var low = Double.infinity, high = -Double.infinity
        for corner in 0..<16 {
            func shift(_ bit: Int, _ half: Double) -> Double { corner & (1 << bit) == 0 ? -half : half }
            guard let a = try? GroupSummary(count: firstCount, mean: first.mean + shift(0, first.meanHalfUnit),
                                            standardDeviation: max(0, first.sd + shift(1, first.sdHalfUnit))),
                  let b = try? GroupSummary(count: secondCount, mean: second.mean + shift(2, second.meanHalfUnit),
                                            standardDeviation: max(0, second.sd + shift(3, second.sdHalfUnit))),
                  let test = try? TwoSampleTTest(a, b, variance: variance) else { continue }
            low = min(low, test.pValue)
            high = max(high, test.pValue)
        }
        return low.isFinite ? (low, high) : nil
    }

    /// Half a unit of the last printed digit of a cell; 0 for a number that was not printed (converted).
    static func halfUnit(_ row: SummaryRow, _ column: String) -> Double {
        row.decimals(column).map { 0.5 * pow10(-$0) } ?? 0
    }
}
