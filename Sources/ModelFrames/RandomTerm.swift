/// A random-effects term in lme4's syntax, `(1 + week | subject)`: effects, written as the
/// right-hand side of a model formula, whose values vary between the levels of a grouping factor.
///
/// `(x || g)` and `(1 | a/b)` are expanded when parsed, as lme4 expands them: the first into
/// `(1 | g) + (0 + x | g)`, the second into `(1 | b:a) + (1 | a)`.
public struct RandomTerm: Sendable, Hashable, CustomStringConvertible {
    /// The effects' terms, ordered as R orders a formula's terms.
    public var terms: [[Formula.Variable]]
    public var hasIntercept: Bool
    /// The grouping factor's columns, the slowest-varying level first; more than one for an
    /// interaction such as `cask:batch`.
    public var grouping: [String]
    /// The grouping factor's name as lme4 prints it: `Subject`, `cask:batch`, `c:(b:a)`.
    public var groupingLabel: String

    public init(terms: [[Formula.Variable]], hasIntercept: Bool, grouping: [String], groupingLabel: String? = nil) {
        self.terms = terms
        self.hasIntercept = hasIntercept
        self.grouping = grouping
        self.groupingLabel = groupingLabel ?? grouping.joined(separator: ":")
    }

    /// The effects as R writes them: `1 + Days`, `0 + Days`, `1`.
    public var effectsDescription: String { effects { $0 } }

    private func effects(_ name: (String) -> String) -> String {
        if terms.isEmpty { return hasIntercept ? "1" : "0" }
        let labels = terms.map { Formula.label($0, name) }
        return (hasIntercept ? ["1"] + labels : ["0"] + labels).joined(separator: " + ")
    }

    public var description: String { "(\(effectsDescription) | \(groupingLabel))" }

    /// The term as a formula writes it, so that it parses back to the same term: names
    /// back-quoted where needed, and a nested grouping (`c:(b:a)`) as the columns it crosses.
    public var formulaText: String {
        "(\(effects(Formula.spelled)) | \(grouping.map(Formula.spelled).joined(separator: ":")))"
    }

    /// Every column it reads: the effects' columns, then the grouping factor's.
    public var columns: [String] {
        var seen: [String] = []
        for name in terms.flatMap({ $0.flatMap(\.columns) }) + grouping where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
