import Foundation

/// How numbers appear in tables for people: fixed decimals for estimates, journal style for
/// p-values. The same number always gives the same text.
public enum NumberFormatting {
    public static func text(_ value: Double, style: ResultTable.NumberStyle, decimals: Int = 2) -> String {
        guard value.isFinite else { return value.isNaN ? "NA" : (value > 0 ? "Inf" : "-Inf") }
        switch style {
        case .count: return abs(value) < 9e18 ? String(Int64(value.rounded())) : String(format: "%.0f", value)
        case .pValue: return pValue(value)
        case .percent: return fixed(100 * value, decimals: 1) + "%"
        case .estimate, .statistic, .text: return fixed(value, decimals: decimals)
        }
    }

    /// "< 0.001", else 3 significant digits without a trailing exponent: 0.0138, 0.33, 1.
    public static func pValue(_ value: Double) -> String {
        if value < 0.001 { return "< 0.001" }
        if value >= 0.9995 { return "1.000" }
        var text = String(format: "%.3g", value)
        if text.contains("e") { text = String(format: "%.4f", value) }
        return text
    }

    public static func fixed(_ value: Double, decimals: Int) -> String {
        // A magnitude fixed decimals would spell in hundreds of digits is shown in scientific notation.
        if abs(value) >= 1e12 { return String(format: "%.\(decimals + 2)e", value) }
        let text = String(format: "%.\(decimals)f", value)
        // Never print "-0.00".
        return text.allSatisfy { $0 == "-" || $0 == "0" || $0 == "." } && text.hasPrefix("-") ? String(text.dropFirst()) : text
    }
}
