import Analyses
import ArgumentParser
import LinearModels
import ModelFrames
import StatsCore
import TrialData

/// `trialstats lm`: a linear model from an R formula, with R's coefficient names.
struct LinearModelCommand: TrialFileCommand {
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

    /// The level and the formula, checked before any data are read (a plan's step too).
    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        do { _ = try Formula(formula) } catch { throw ValidationError(error.description) }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let loaded = try inputs.modelData(data, formula: try Formula(formula), command: "lm")
        let table = loaded.table
        let result: LinearModelResult
        do {
            result = try LinearModelAnalysis(formula: formula, references: loaded.references, confidenceLevel: level).run(on: table, excluded: loaded.excluded, normalized: loaded.normalized, dataNote: loaded.note)
        } catch let LinearModelError.modelFrame(.syntax(formula, position, message)) {
            throw ValidationError(ModelFrameError.syntax(formula: formula, position: position, message: message).description)
        } catch {
            throw CommandFailure(status: ExitStatus.of(modelError: error), message: "trialstats lm: \(table.source): \(error)", reason: "\(error)")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables(checked: loaded.excluded.count) })
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
