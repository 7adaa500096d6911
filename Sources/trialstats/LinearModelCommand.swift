import Analyses
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
        let result: LinearModelResult
        do {
            result = try LinearModelAnalysis(formula: formula, references: references, confidenceLevel: level).run(on: table, excluded: loaded.excluded)
        } catch let LinearModelError.modelFrame(.syntax(formula, position, message)) {
            throw ValidationError(ModelFrameError.syntax(formula: formula, position: position, message: message).description)
        } catch {
            StandardStreams.writeMessage("trialstats lm: \(table.source): \(error)")
            PlanContext.capture?.failure = "\(error)"
            throw ExitStatus.of(modelError: error).exitCode
        }
        try output.write(document: { try JSONDocument.encode(result) }, tables: Self.tables(result, checked: loaded.excluded.count))
    }

    /// Coefficients, fit statistics, and the F tests, as R prints them.
    static func tables(_ result: LinearModelResult, checked: Int) -> [ResultTable] {
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        let percent = "\(Int((result.confidenceLevel * 100).rounded()))% CI"
        var coefficients = ResultTable(title: "Coefficients: \(result.formula)", columns: [
            .init("term", style: .text), .init("estimate"), .init("SE"), .init("t", style: .statistic), .init("p", style: .pValue), .init(percent),
        ])
        for c in result.coefficients {
            let interval: ResultTable.Cell = c.lower.flatMap { lower in c.upper.map { .interval(lower, $0) } } ?? .missing
            coefficients.rows.append([.text(c.measure), number(c.estimate), number(c.se), number(c.statistic), number(c.p), interval])
        }
        if !result.aliased.isEmpty {
            coefficients.notes.append("Not estimable (linear combinations of earlier columns, R's NA): \(result.aliased.joined(separator: ", ")).")
        }
        var summary = ResultTable(title: "Fit", columns: [
            .init("observations", style: .count), .init("residual SE"), .init("residual df", style: .count), .init("R²"),
            .init("adjusted R²"), .init("F", style: .statistic), .init("numerator df", style: .count), .init("p of F", style: .pValue),
        ])
        let fit = result.fit
        summary.rows = [[.number(Double(fit.observations)), number(fit.sigma), .number(Double(fit.residualDF)), number(fit.rSquared),
                         number(fit.adjustedRSquared), number(fit.F), number(fit.numeratorDF.map(Double.init)), number(fit.p)]]
        let ledger = result.ledger
        let incomplete = ledger.excluded.dropFirst(checked)
        summary.notes.append("rows: \(ledger.rowsRead) read, \(ledger.rowsUsed) used, "
                             + (checked == 0 ? "" : "\(checked) excluded by the data checks, ")
                             + "\(incomplete.count) left out for a missing value")
        for row in ledger.excluded.prefix(min(checked, LedgerText.shownExclusions)) {
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
        for test in result.tests {
            anova.rows.append([.text(test.term), .text(test.type), .number(Double(test.numeratorDF)),
                               test.type == "I" ? .number(test.sumOfSquares ?? .nan) : .missing, number(test.F), number(test.p)])
        }
        anova.notes.append("Type I: sequential, as R's anova(). Type III: each term's coefficients jointly zero in the full model (Wald F); "
                           + "with treatment contrasts a main effect inside an interaction is tested at the reference level.")
        return [coefficients, summary, anova]
    }
}
