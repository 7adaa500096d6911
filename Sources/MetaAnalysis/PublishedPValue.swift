import Foundation

/// A p-value as papers print it: "0.217", "<0.001", "< .05", "P=0.015", "≥ 0.05", and "NS"
/// (not significant), read as p > 0.05, the threshold papers mean by it unless they say otherwise.
public struct PublishedPValue: Codable, Sendable, Equatable {
    public enum Relation: String, Codable, Sendable {
        case equal = "="
        case below = "<"
        case above = ">"
    }

    public var relation: Relation
    public var value: Double
    /// The text as printed.
    public var text: String

    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        if rest.hasPrefix("p") { rest = rest.dropFirst().drop { $0 == " " } }
        var relation = Relation.equal
        if ["ns", "n.s.", "n.s", "not significant"].contains(String(rest)) {
            rest = ">0.05"
        }
        if rest.hasPrefix("<") || rest.hasPrefix("≤") { relation = .below; rest = rest.dropFirst() }
        else if rest.hasPrefix(">") || rest.hasPrefix("≥") { relation = .above; rest = rest.dropFirst() }
        else if rest.hasPrefix("=") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " || $0 == "=" }
        let number = rest.hasPrefix(".") ? "0" + rest : String(rest)
        guard let value = Double(number), value >= 0, value <= 1 else { return nil }
        self.relation = relation
        self.value = value
        self.text = text
    }

    /// "p = 0" (or 0.000): no test gives it. A paper means p below its printed precision, and
    /// should say so (p < 0.001).
    public var isImpossible: Bool { relation == .equal && value == 0 }

    var impossibility: String {
        "published p = \(text) is impossible: a p-value is never 0" + (decimals > 0
            ? " (it is p < \(SummaryFile.text(0.5 * pow10(-decimals))) rounded to \(decimals) decimals, and should be printed as p < \(SummaryFile.text(pow10(-decimals))))"
            : "; it should be printed as a bound such as p < 0.001")
    }

    /// Decimals printed, e.g. 3 for 0.217; the rounding a recomputed p is allowed.
    public var decimals: Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text[text.index(after: dot)...].prefix { $0.isNumber }.count
    }

    /// Whether some p in [low, high] (the p-values the printed inputs allow, given their own
    /// rounding) agrees with the printed p.
    public func agrees(low: Double, high: Double) -> Bool {
        switch relation {
        case .below: return low < value
        case .above: return high > value
        case .equal:
            let halfUnit = 0.5 * pow10(-decimals) * (1 + 1e-9)
            return low <= value + halfUnit && high >= value - halfUnit
        }
    }

    /// Whether a recomputed p agrees with the printed one, given the printed rounding: within half
    /// a unit of the last printed digit, or on the right side of a bound.
    public func agrees(with p: Double) -> Bool {
        switch relation {
        case .below: return p < value
        case .above: return p > value
        case .equal:
            let halfUnit = 0.5 * pow10(-decimals)
            return abs(p - value) <= halfUnit * (1 + 1e-9)
        }
    }
}

/// 10ⁿ for small integer n, without Foundation's pow.
func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
