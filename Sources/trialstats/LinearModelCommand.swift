import ArgumentParser
import LinearModels
import ModelFrames
import StatsCore
import TrialData

/// `trialstats lm`: a linear model from an R formula, with R's coefficient names.
struct LinearModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lm",
        abstract: "Fit a linear model from an R formula: coefficients, fit statistics, and type I and III F tests.",
        discussion: """
            Formulas as in R: 'vas_w12 ~ vas_w0 + arm', 'vas ~ arm * factor(week)', 'y ~ 0 + arm', 'y ~ x + I(x^2)'. \
            Factors use treatment contrasts with the first level (or --reference) as reference. Aliased \
            coefficients are named and shown as NA. Rows missing a variable are left out and counted.
            """)

    @OptionGroup var data: ModelDataOptions

    @Option(help: "The model formula, e.g. 'vas_w12 ~ vas_w0 + arm'.")
    var formula: String

    @Option(help: "Confidence level for the intervals.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        // A formula that does not parse is reported by the fit below, with its position.
        let loaded = try data.load(formula: try? Formula(formula), command: "lm")
        let table = loaded.table, references = loaded.references
        let fit: LinearModelFit
        let tests: [TermTest]
        do {
            fit = try LinearModelFit.fit(formula, table: table, references: references, confidenceLevel: level)
            tests = try fit.marginalTests()
        } catch let LinearModelError.modelFrame(.syntax(formula, position, message)) {
            throw ValidationError(ModelFrameError.syntax(formula: formula, position: position, message: message).description)
        } catch {
            StandardStreams.writeMessage("trialstats lm: \(table.source): \(error)")
            PlanContext.capture?.failure = "\(error)"
            throw ExitStatus.of(modelError: error).exitCode
        }
        let percent = "\(Int((level * 100).rounded()))% CI"
        var coefficients = ResultTable(title: "Coefficients: \(formula)", columns: [
            .init("term", style: .text), .init("estimate"), .init("SE"), .init("t", style: .statistic), .init("p", style: .pValue), .init(percent),
        ])
        for coefficient in fit.coefficients {
            coefficients.rows.append(coefficient.aliased
                ? [.text(coefficient.name), .missing, .missing, .missing, .missing, .missing]
                : [.text(coefficient.name), .number(coefficient.estimate), .number(coefficient.standardError), .number(coefficient.statistic),
                   .number(coefficient.pValue), .interval(coefficient.confidenceInterval.lower, coefficient.confidenceInterval.upper)])
        }
        if !fit.aliased.isEmpty {
            coefficients.notes.append("Not estimable (linear combinations of earlier columns, R's NA): \(fit.aliased.joined(separator: ", ")).")
        }
        var summary = ResultTable(title: "Fit", columns: [
            .init("observations", style: .count), .init("residual SE"), .init("residual df", style: .count), .init("R²"),
            .init("adjusted R²"), .init("F", style: .statistic), .init("numerator df", style: .count), .init("p of F", style: .pValue),
        ])
        summary.rows = [[
            .number(Double(fit.frame.response.count)), .number(fit.sigma), .number(Double(fit.residualDegreesOfFreedom)),
            .number(fit.rSquared), .number(fit.adjustedRSquared),
            fit.overall.map { .number($0.statistic) } ?? .missing,
            fit.overall.map { .number(Double($0.numeratorDegreesOfFreedom)) } ?? .missing,
            fit.overall.map { .number($0.pValue) } ?? .missing,
        ]]
        let incomplete = fit.frame.incompleteRows
        summary.notes.append("rows: \(table.rowCount + loaded.excluded.count) read, \(fit.frame.response.count) used, "
                             + (loaded.excluded.isEmpty ? "" : "\(loaded.excluded.count) excluded by the data checks, ")
                             + "\(incomplete.count) left out for a missing value")
        for row in loaded.excluded.prefix(LedgerText.shownExclusions) {
            summary.notes.append("  excluded line \(row.line): column \(row.column): \"\(row.value)\" \(row.reason) [\(row.rule.rawValue)]")
        }
        for row in incomplete.prefix(LedgerText.shownExclusions) {
            summary.notes.append("  left out line \(row.line): \(row.column) is missing")
        }
        if incomplete.count > LedgerText.shownExclusions {
            summary.notes.append("  … and \(incomplete.count - LedgerText.shownExclusions) more (--format json lists them all)")
        }
        var anova = ResultTable(title: "F tests of terms", columns: [
            .init("term", style: .text), .init("type", style: .text), .init("df", style: .count), .init("sum of squares"),
            .init("F", style: .statistic), .init("p", style: .pValue),
        ])
        for test in fit.sequentialTests() {
            anova.rows.append([.text(test.term), .text("I"), .number(Double(test.numeratorDegreesOfFreedom)),
                               .number(test.sumOfSquares ?? .nan), .number(test.statistic), .number(test.pValue)])
        }
        for test in tests {
            anova.rows.append([.text(test.term), .text("III"), .number(Double(test.numeratorDegreesOfFreedom)), .missing,
                               .number(test.statistic), .number(test.pValue)])
        }
        anova.notes.append("Type I: sequential, as R's anova(). Type III: each term's coefficients jointly zero in the full model (Wald F); "
                           + "with treatment contrasts a main effect inside an interaction is tested at the reference level.")
        try output.write([coefficients, summary, anova])
    }
}
