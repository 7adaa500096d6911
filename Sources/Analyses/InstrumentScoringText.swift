import Instruments

extension InstrumentScoringResult {
    /// What `score` says beside a CSV of scores: the rules used, counts, and every invalid item.
    public var text: String {
        var lines = ["\(name) (\(instrument)): \(source)"]
        if !settings.isEmpty { lines.append("settings: " + settings.joined(separator: "; ")) }
        for scale in scales {
            var line = "\(scale.column): \(scale.scored) scored, \(scale.notScored) not scored, \(scale.missingItems) missing items; rule: \(scale.missingItemRule)"
            if !scale.reasons.isEmpty {
                line += " [" + scale.reasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + "]"
            }
            lines.append(line)
        }
        for rule in responderRules { lines.append("responder: \(rule.description)") }
        lines.append("invalid item codes (treated as missing): \(itemIssues.count)")
        for issue in itemIssues.prefix(LedgerText.shownExclusions) { lines.append("  " + issue.description) }
        if itemIssues.count > LedgerText.shownExclusions {
            lines.append("  … and \(itemIssues.count - LedgerText.shownExclusions) more (--format json lists them all)")
        }
        for problem in improvementProblems { lines.append("improvement: \(problem)") }
        lines += LedgerText.lines(ledger)
        return lines.joined(separator: "\n")
    }
}
