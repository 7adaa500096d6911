import Analyses
import ArgumentParser
import StatsCore
import TrialData

/// `trialstats responders`: responders by arm at one visit, at each threshold given, and their comparison: risk
/// difference (Newcombe and Wald), risk ratio, odds ratio (Wald, and Fisher's conditional MLE
/// with its exact interval and p-value), and the number needed to treat.
struct Responders: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "responders",
        abstract: "Responders by arm at one visit (percent or points of improvement from baseline) and RD, RR, OR and NNT.")

    @OptionGroup var data: DataOptions

    @Option(help: "VISIT=VALUE, e.g. visit=12.")
    var at: String

    @Option(help: "Responder: at least this percent improvement from baseline (IMMPACT: 30 or 50); repeat for several thresholds.")
    var percent: [Double] = []

    @Option(help: "Responder: at least this many points of improvement (a within-person MCID); repeat for several thresholds.")
    var points: [Double] = []

    @Option(help: "The treatment arm (with --control; without both, each arm's responders are given, as for a single-arm series).")
    var treatment: String?

    @Option(help: "The control arm.")
    var control: String?

    @Flag(help: "Higher scores are better (KOOS); by default a fall is an improvement (pain, disability).")
    var higherIsBetter = false

    @Flag(help: "Responders need more than the threshold (>), not at least it (≥).")
    var strict = false

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @Flag(help: "Count a subject without a value at the visit or at baseline as a non-responder (non-responder imputation); the denominators are then the arms' subjects.")
    var missingAsNonResponse = false

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        _ = try AnalysisCommands.visit(at)
        // Every threshold given is answered (a second one used to replace the first silently).
        guard percent.count + points.count > 0 else { throw ValidationError("give a responder threshold: --percent or --points (either may repeat)") }
        for value in percent where !(value > 0 && value <= 100) { throw ValidationError("--percent \(value): expected a percentage between 0 and 100") }
        for value in points where !(value > 0) { throw ValidationError("--points \(value): expected a positive number") }
        for (name, values) in [("--percent", percent), ("--points", points)] {
            if let repeated = values.first(where: { value in values.filter { $0 == value }.count > 1 }) {
                throw ValidationError("\(name) \(String(format: "%g", repeated)) is given twice: expected each threshold once")
            }
        }
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard (treatment == nil) == (control == nil) else { throw ValidationError("give both --treatment and --control to compare two arms, or neither for each arm's responders") }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let dataset = try inputs.dataset(data).dataset
        let (column, visit) = try AnalysisCommands.visit(at)
        let analysis = ResponderAnalysis(visit: visit, visitColumn: column,
                                         thresholds: percent.map { .percent($0) } + points.map { .points($0) }, treatment: treatment, control: control,
                                         higherIsBetter: higherIsBetter, strict: strict, confidenceLevel: level,
                                         missingAsNonResponse: missingAsNonResponse)
        let result: ResponderResult
        do {
            result = try analysis.run(on: dataset)
        } catch {
            throw AnalysisCommands.failure(error, command: "responders")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, findings: result.findings)
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
