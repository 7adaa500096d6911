import StatsCore

/// The main results of an analysis in words, with their intervals, for the summary that opens a
/// report: what a clinician reads first. Numbers are shown as the tables show them.
public enum ResultFindings {
    static func number(_ value: Double?) -> String {
        value.map { NumberFormatting.fixed($0, decimals: 2).replacingOccurrences(of: "-", with: "−") } ?? "not estimable"
    }

    static func p(_ value: Double?) -> String {
        guard let value else { return "" }
        let text = NumberFormatting.pValue(value)
        return text.hasPrefix("<") ? "p \(text)" : "p = \(text)"
    }

    static func interval(_ lower: Double?, _ upper: Double?, level: Double) -> String {
        guard lower != nil || upper != nil else { return "" }
        return "\(Int((level * 100).rounded()))% CI \(number(lower)) to \(number(upper))"
    }

    /// "−2.09 (95% CI −2.67 to −1.51; p < 0.001)".
    static func estimate(_ value: Double?, lower: Double?, upper: Double?, p probability: Double?, level: Double) -> String {
        let parts = [interval(lower, upper, level: level), p(probability)].filter { !$0.isEmpty }
        return number(value) + (parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")")
    }

    /// A visit factor's name as people say it: "factor(week)" is "week".
    static func factorName(_ name: String) -> String {
        name.hasPrefix("factor(") && name.hasSuffix(")") ? String(name.dropFirst(7).dropLast()) : name
    }
}

extension ArmComparisonResult {
    /// What the ANCOVA adjusts for, from its formula ("vas ~ baseline + arm + age; n = 74"): the
    /// terms other than the arm.
    static func adjustments(in method: String, _ names: DisplayNames) -> [String] {
        let formula = method.components(separatedBy: ";").first ?? ""
        guard let right = formula.components(separatedBy: "~").last else { return [] }
        return right.components(separatedBy: "+").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "arm" }.map { names($0) }
    }

    /// The arms' means at the visit and the difference between them: adjusted (ANCOVA) where it
    /// was estimated, else Welch's, and Hedges' g.
    public func findings(_ names: DisplayNames) -> [String] {
        let what = change ? "the change in \(names(outcome)) from visit \(baselineVisit)" : names(outcome)
        let means = arms.map { arm in
            "\(ResultFindings.number(arm.mean)) (SD \(ResultFindings.number(arm.sd)), n = \(arm.n)) in \(arm.arm)"
        }
        var sentences = ["At visit \(visit), \(what) averaged \(means.joined(separator: " and "))."]
        let adjusted = estimate("adjusted difference (ANCOVA)") ?? estimate("adjusted difference (covariates)")
        if let main = adjusted ?? estimate("mean difference") {
            let how = adjusted != nil ? ", adjusted for \(Self.adjustments(in: main.method, names).joined(separator: " and ")) (ANCOVA)," : " (Welch)"
            var sentence = "The difference \(treatment) − \(control)\(how) was "
                + ResultFindings.estimate(main.estimate, lower: main.lower, upper: main.upper, p: main.p, level: confidenceLevel)
            if let g = estimate("Hedges' g") {
                sentence += "; Hedges' g " + ResultFindings.estimate(g.estimate, lower: g.lower, upper: g.upper, p: nil, level: confidenceLevel)
            }
            sentences.append(sentence + ".")
        }
        // An adjusted model that could not be fitted is said, not replaced in silence by Welch's difference.
        sentences += warnings.filter { $0.part == .adjustedModel }.map { $0.message.prefix(1).uppercased() + $0.message.dropFirst() + "; the difference above is Welch's." }
        return sentences
    }
}

extension ResponderResult {
    /// Per threshold, the responders in each arm and the difference in proportions.
    public func findings(_ names: DisplayNames) -> [String] {
        thresholds.map { threshold in
            let arms = threshold.arms.map { arm in
                "\(arm.responders) of \(arm.classified)" + (arm.proportion.map { " (\(NumberFormatting.text($0, style: .percent)))" } ?? "") + " in \(arm.arm)"
            }
            var sentence = "At visit \(visit), \(threshold.label) in \(names(outcome)) from visit \(baselineVisit) was reached by \(arms.joined(separator: " and "))"
            if let difference = threshold.estimates.first(where: { $0.measure == "risk difference" }), let value = difference.estimate,
               let treatment, let control {
                let points = { (value: Double?) in value.map { NumberFormatting.fixed(100 * $0, decimals: 1).replacingOccurrences(of: "-", with: "−") } ?? "not estimable" }
                sentence += "; the difference \(treatment) − \(control) was \(points(value)) percentage points"
                if difference.lower != nil || difference.upper != nil {
                    sentence += " (\(Int((confidenceLevel * 100).rounded()))% CI \(points(difference.lower)) to \(points(difference.upper)))"
                }
            }
            return sentence + "." + (missingAsNonResponse ? " A patient without a value counts as a non-responder." : "")
        }
    }
}

extension MixedModelResult {
    /// The contrasts of marginal means at the last level of their `by` factor (the last visit, in
    /// a repeated-measures model), or all of them when there is no `by`.
    public func findings(_ names: DisplayNames) -> [String] {
        guard let contrasts, let last = contrasts.last else { return [] }
        let by = marginalMeans?.by ?? []
        let lastLevels = by.map { last[$0]?.text ?? "" }
        let shown = contrasts.filter { row in by.map { row[$0]?.text ?? "" } == lastLevels }
        let place = zip(by, lastLevels).map { "\(names(ResultFindings.factorName($0))) \($1)" }.joined(separator: ", ")
        let differences = shown.map { row in
            (row["contrast"]?.text ?? "").replacingOccurrences(of: " - ", with: " − ") + " "
                + ResultFindings.estimate(row["estimate"]?.number, lower: row["lower"]?.number, upper: row["upper"]?.number, p: row["p"]?.number,
                                          level: confidenceLevel)
        }
        // Adjusted p-values and simultaneous intervals are named as such.
        let adjustment = marginalMeans?.adjustment.map { " " + $0 } ?? ""
        let response = names.inText(formula.components(separatedBy: "~").first?.trimmingCharacters(in: .whitespaces) ?? "")
        let degrees = ["kenward-roger": "Kenward-Roger", "kenward-roger-mmrm": "Kenward-Roger (mmrm)", "kenward-roger-linear": "Kenward-Roger (linear)", "satterthwaite": "Satterthwaite",
                       "residual": "residual", "between-within": "between-within"][df] ?? df
        return ["In the \(model == "mmrm" ? "repeated-measures" : "mixed") model of \(response) (\(method), \(degrees) df)"
                + (place.isEmpty ? "" : " at \(place)") + ", the differences in marginal means were " + differences.joined(separator: "; ") + "." + adjustment]
    }
}
