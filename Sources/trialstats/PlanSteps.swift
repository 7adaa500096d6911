import ArgumentParser
import Plans

/// A plan's steps as the commands they stand for, each parsed from its options once, when the
/// plan is read: a misspelt option or a refused value in the last step is reported before the
/// first step writes anything (exit 65, with the step's line). Running a step calls its typed
/// analysis directly; only the data file, known when the run has made it, is set then.
struct PlanSteps {
    struct Step {
        var step: AnalysisPlan.Analysis
        var command: any StepCommand
        /// The command line the step stands for, as the report shows it.
        var arguments: [String]
    }

    /// REDCap or ADaM data with derive steps: the data in long form, which the derive steps read.
    var longForm: Step?
    var derive: [Step] = []
    /// The report's data section.
    var describe: Step?
    var analyses: [Step] = []

    /// The name the data in long form goes by, in the plan's folder.
    static let longFormName = "data-long.csv"

    init(_ plan: AnalysisPlan) throws {
        var data = plan.data.path
        if plan.data.inputFormat != "csv", !plan.derive.isEmpty {
            let step = AnalysisPlan.Analysis(id: "data", command: "reshape", line: plan.data.line)
            longForm = try Self.parse(step, Self.arguments(step, of: plan, data: data) + ["--to", "long"], of: plan)
            data = Self.longFormName
        }
        for step in plan.derive {
            derive.append(try Self.parse(step, Self.arguments(step, of: plan, data: data), of: plan))
            data = "\(step.id).csv"
        }
        if plan.hasData {
            let step = AnalysisPlan.Analysis(id: "data", command: "describe", line: plan.data.line)
            describe = try Self.parse(step, Self.arguments(step, of: plan, data: data), of: plan)
        }
        analyses = try plan.analyses.map { try Self.parse($0, Self.arguments($0, of: plan, data: data), of: plan) }
    }

    static func parse(_ step: AnalysisPlan.Analysis, _ arguments: [String], of plan: AnalysisPlan) throws -> Step {
        let location = "trialstats run: \(plan.file):\(step.line): \(step.id) (\(step.command))"
        let parsed: ParsableCommand
        do {
            parsed = try TrialStats.parseAsRoot(arguments)
        } catch let failure as CommandFailure {
            throw CommandFailure(status: .dataError, message: "\(location): \(failure.message)", reason: failure.reason)
        } catch {
            throw CommandFailure(status: .dataError, message: "\(location): " + TrialStats.message(for: error))
        }
        guard let command = parsed as? any StepCommand else {
            throw CommandFailure(status: .internalError, message: "\(location): \(step.command) cannot run as a plan step")
        }
        return Step(step: step, command: command, arguments: arguments)
    }

    /// The command line a step stands for, without output options. After derive steps the data
    /// are their CSV, read as a plain table.
    static func arguments(_ analysis: AnalysisPlan.Analysis, of plan: AnalysisPlan, data: String) -> [String] {
        // Published summary numbers: their own file, none of the trial data's options.
        if let input = analysis.input { return [analysis.command, input] + analysis.arguments }
        var arguments = [analysis.command, data]
        // Derive steps (score) read a plain table; REDCap and ADaM inputs are for the analyses.
        if data == plan.data.path, analysis.command != "score" {
            if plan.data.inputFormat != "csv" { arguments += ["--input-format", plan.data.inputFormat] }
            if let dictionary = plan.data.dictionary { arguments += ["--dictionary", dictionary] }
            if let adsl = plan.data.adsl { arguments += ["--adsl", adsl] }
            if let param = plan.data.param { arguments += ["--param", param] }
        }
        if analysis.command != "score", let schema = plan.data.schemaFile { arguments += ["--schema", schema] }
        return arguments + analysis.arguments
    }
}
