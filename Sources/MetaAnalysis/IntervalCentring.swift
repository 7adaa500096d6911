import Foundation

/// Is an estimate in the middle of its CI? Differences are symmetric on their own scale, ratios
/// on the log scale. The midpoint may miss the estimate by the rounding of the printed numbers:
/// half a unit of the estimate's last digit plus half a unit of the limits' last digit (carried
/// to the log scale for ratios).
public enum IntervalCentring {
    public static func check(estimate: String, lower: String, upper: String, ratio: Bool) -> (ConsistencyFinding.Verdict, String) {
        guard let e = Double(estimate), let l = Double(lower), let u = Double(upper) else {
            return (.notTestable, "the estimate or a limit is not reported")
        }
        func decimals(_ text: String) -> Int {
            text.firstIndex(of: ".").map { text.distance(from: text.index(after: $0), to: text.endIndex) } ?? 0
        }
        let estimateRounding = 0.5 * pow10(-decimals(estimate))
        let limitRounding = 0.5 * pow10(-max(decimals(lower), decimals(upper)))
        if ratio {
            guard e > 0, l > 0, u > 0 else { return (.notTestable, "a ratio or limit is not positive") }
            let middle = (log(l) + log(u)) / 2
            let allowed = estimateRounding / e + limitRounding / 2 * (1 / l + 1 / u)
            let gap = abs(log(e) - middle)
            let centre = String(format: "%.4g", exp(middle))
            return gap <= allowed
                ? (.consistent, "on the log scale the CI's centre is \(centre), the estimate \(estimate) within rounding")
                : (.inconsistent, "on the log scale the CI \(lower) to \(upper) is centred on \(centre), not on \(estimate); the gap exceeds the rounding of the printed numbers")
        }
        let middle = (l + u) / 2
        let allowed = estimateRounding + limitRounding
        let gap = abs(e - middle)
        let centre = String(format: "%.\(max(decimals(lower), decimals(upper)) + 1)f", middle)
        return gap <= allowed
            ? (.consistent, "the CI \(lower) to \(upper) is centred on \(centre), the estimate \(estimate) within rounding")
            : (.inconsistent, "the CI \(lower) to \(upper) is centred on \(centre), not on the estimate \(estimate) (gap \(String(format: "%.3g", gap)), more than the rounding allows, \(String(format: "%.3g", allowed))); the estimate or a limit is misprinted, or the CI is not symmetric")
    }
}
