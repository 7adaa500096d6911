import Foundation
import MixedModels

/// Which estimated marginal means to compute and how to contrast them, as emmeans'
/// `emmeans(fit, pairwise ~ arm | visit, adjust = "holm")`.
public struct MarginalMeansRequest: Codable, Sendable, Equatable {
    /// Factors whose level combinations get a mean ("arm", "arm + sex").
    public var factors: [String]
    /// Factors within whose levels the means are taken and contrasted separately ("visit").
    public var by: [String]
    /// Nil: the means only.
    public var comparison: Comparison?
    public var adjustment: MarginalMeans.Adjustment

    public enum Comparison: Codable, Sendable, Equatable {
        case pairwise
        case control(String)
    }

    public init(factors: [String], by: [String] = [], comparison: Comparison? = nil,
                adjustment: MarginalMeans.Adjustment = .none) throws(AnalysisError) {
        guard !factors.isEmpty else { throw .invalidOption(name: "--emmeans", value: "", expected: "at least one factor") }
        if adjustment == .tukey, case .control = comparison {
            throw .conflictingOptions("--adjust tukey is for all pairwise contrasts; use bonferroni or holm with control=")
        }
        self.factors = factors
        self.by = by
        self.comparison = comparison
        self.adjustment = adjustment
    }

    /// The command line's spelling: `--emmeans 'arm + sex | visit'`, `--contrasts pairwise` or
    /// `control=LEVEL`, `--adjust none|bonferroni|holm|tukey`. Nil when `emmeans` is.
    public static func parsing(emmeans: String?, contrasts: String?, adjust: String) throws(AnalysisError) -> MarginalMeansRequest? {
        guard let adjustment = MarginalMeans.Adjustment(rawValue: adjust) else {
            throw .invalidOption(name: "--adjust", value: adjust, expected: "none, bonferroni, holm, tukey, hochberg, hommel, BH or BY")
        }
        guard let emmeans else {
            if contrasts != nil { throw .conflictingOptions("--contrasts needs --emmeans, e.g. --emmeans 'arm | visit'") }
            return nil
        }
        // Split on Unicode scalars, not characters: a combining or prepended mark next to | or +
        // would otherwise hide it inside one character and make it part of a name.
        let halves = emmeans.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false).map { String(Substring($0)) }
        guard halves.count <= 2 else { throw .invalidOption(name: "--emmeans", value: emmeans, expected: "'factors' or 'factors | by'") }
        func names(_ text: String) -> [String] {
            text.unicodeScalars.split(separator: "+").map { String(Substring($0)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let factors = names(halves[0]), by = halves.count == 2 ? names(halves[1]) : []
        guard !factors.isEmpty else { throw .invalidOption(name: "--emmeans", value: emmeans, expected: "at least one factor before |") }
        let comparison: Comparison?
        switch contrasts {
        case nil: comparison = nil
        case "pairwise": comparison = .pairwise
        case let text? where text.hasPrefix("control="): comparison = .control(String(text.dropFirst("control=".count)))
        case let text?: throw .invalidOption(name: "--contrasts", value: text, expected: "pairwise or control=LEVEL")
        }
        return try MarginalMeansRequest(factors: factors, by: by, comparison: comparison, adjustment: adjustment)
    }
}

extension MarginalMeansRequest.Comparison {
    var model: MarginalMeans.Comparison {
        switch self {
        case .pairwise: return .pairwise
        case let .control(level): return .control(level)
        }
    }
}
