import Analyses

/// The command line's spelling of estimated marginal means and their contrasts: `--emmeans
/// 'arm + sex | visit'`, `--contrasts pairwise|control=LEVEL`, `--adjust METHOD`. The input's
/// first three lines are the three options' values (a missing line is an option not given).
///
/// Invariants: a request has at least one factor, no empty name and no name holding `+` or `|`;
/// it spells back (`factors | by`) to the same request; a refusal is a typed error.
struct MarginalMeansSpecificationTarget: FuzzTarget {
    func run(_ bytes: [UInt8]) {
        let lines = text(bytes).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let emmeans = lines.count > 0 ? lines[0] : nil
        let contrasts = lines.count > 1 && !lines[1].isEmpty ? lines[1] : nil
        let adjust = lines.count > 2 ? lines[2] : "none"
        let request: MarginalMeansRequest?
        do throws(AnalysisError) {
            request = try MarginalMeansRequest.parsing(emmeans: emmeans, contrasts: contrasts, adjust: adjust)
        } catch {
            return
        }
        guard let request else {
            require(emmeans == nil, "no request from --emmeans \"\(emmeans ?? "")\"")
            return
        }
        require(!request.factors.isEmpty, "a request without factors from \"\(emmeans ?? "")\"")
        for name in request.factors + request.by {
            require(!name.isEmpty && !name.contains("+") && !name.contains("|"), "the factor name \"\(name)\" from \"\(emmeans ?? "")\"")
        }
        let spelled = request.factors.joined(separator: " + ") + (request.by.isEmpty ? "" : " | " + request.by.joined(separator: " + "))
        let again = try? MarginalMeansRequest.parsing(emmeans: spelled, contrasts: contrasts, adjust: adjust)
        require(again == request, "\"\(emmeans ?? "")\" spells back as \"\(spelled)\", which parses differently")
    }
}
