import Analyses
import ArgumentParser
import Foundation
import MetaAnalysis
import StatsCore

extension EffectMeasure: ExpressibleByArgument {}
extension StudyPooling.Method: ExpressibleByArgument {}

/// `trialstats meta`: pools studies from a summary file: per-arm rows (paired into comparisons)
/// or one row per study in metafor's names; fixed or random effects, Mantel-Haenszel or Peto for
/// counts, Hartung-Knapp, subgroups and leave-one-out; a forest table for the figures.
struct MetaCommand: SummaryFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta",
        abstract: "Meta-analysis of published summaries: fixed or random effects (DL, REML, PM), MH and Peto, Hartung-Knapp, subgroups.",
        discussion: """
            FILE has per-arm rows (study, outcome, visit, arm, n, and mean with sd, se, a CI, or a median with \
            quartiles or range; events for counts) or one row per study with metafor's columns: m1i, sd1i, n1i, \
            m2i, sd2i, n2i (means); ai, bi, ci, di (2×2 counts); or yi, vi (precomputed effects). Ratios are \
            pooled on the log scale; the forest table's estimate and CI are on that scale, with the ratio beside.
            """)

    @Argument(help: "The summary file (CSV).")
    var file: String

    @Option(help: "The effect measure: \(EffectMeasure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: EffectMeasure

    @Option(help: "FE (inverse variance), DL, REML or PM (random effects), MH or PETO (fixed effect from 2×2 counts).")
    var method: StudyPooling.Method = .REML

    @Flag(help: "Hartung-Knapp(-Sidik-Jonkman) test and interval: t with k − 1 df.")
    var knha = false

    @Option(help: "A column whose levels form subgroups (e.g. comparator): a model per subgroup and the test of differences.")
    var subgroup: String?

    @Flag(help: "Refit without each study in turn.")
    var leaveOneOut = false

    @Option(help: "Only rows of this outcome (per-arm files with several outcomes).")
    var outcome: String?

    @Option(help: "Only rows of this visit.")
    var visit: String?

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    var pooling: StudyPooling {
        StudyPooling(measure: measure, method: method, hartungKnapp: knha, subgroup: subgroup, leaveOneOut: leaveOneOut, confidenceLevel: level)
    }

    func validate() throws {
        do { try pooling.check() } catch { throw AnalysisCommands.failure(error, command: "meta") }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        try SummaryFileInput.outcome(file, command: "meta", outcome: outcome, visit: visit, inputs: inputs,
                                     analysis: pooling.run(on:), tables: { $0.tables() }, figures: ResultFigures.forest)
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
