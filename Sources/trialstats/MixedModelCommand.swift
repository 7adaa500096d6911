import Analyses
import ArgumentParser
import Foundation
import MixedModels
import ModelFrames
import StatsCore
import TrialData

extension DegreesOfFreedomMethod: ExpressibleByArgument {}

/// `trialstats fit`: a linear mixed model in lme4's formula language.
struct MixedModelCommand: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a linear mixed model (lme4 syntax): REML or ML, Satterthwaite or Kenward-Roger tests.",
        discussion: """
            Random effects as in lme4: '(1 | subject)', '(1 + week | subject)', '(week || subject)', \
            '(1 | site) + (1 | subject)' (crossed) and '(1 | site/subject)' (nested). Fixed effects as in `lm`. \
            The output follows lme4's summary(): random effects, fixed effects with df and p-values as \
            lmerTest gives them, type III F tests, and the optimizer's record. Singular fits and fits that did \
            not converge are reported, never hidden. --format json writes a stable document (see the README).
            """)

    @OptionGroup var data: ModelDataOptions

    @Option(help: "The model formula, e.g. 'vas ~ arm * week + (1 + week | subject)'.")
    var formula: String

    @Flag(help: "Higher values of the outcome are better (KOOS): the contrasts' forest plot says which side favours which arm; by default a fall is an improvement (pain, disability).")
    var higherIsBetter = false

    @Flag(name: .customLong("ml"), help: "Fit by maximum likelihood instead of REML (needed to compare fixed effects by likelihood ratio).")
    var maximumLikelihood = false

    @Option(help: "Denominator df for the tests: satterthwaite, kenward-roger (SAS DDFM=KR), kenward-roger-linear, kenward-roger-mmrm (mmrm's KR), residual or between-within (MMRM).")
    var df: DegreesOfFreedomMethod = .satterthwaite

    @Option(help: "Confidence level for the intervals of the fixed effects.")
    var level: Double = 0.95

    @Option(help: "A reduced model to test against --formula by likelihood ratio, e.g. 'vas ~ arm + week + (1 + week | subject)'. Both are refitted by ML, as lme4's anova() does.")
    var reduced: String?

    @Option(help: "MMRM: the covariance of the fixed effects for tests: model (default), cr0 or cr2 (empirical, clustered by subject; with --df residual or between-within).")
    var vcov: String = "model"

    @Option(help: "MMRM: a numeric column of positive weights; a row's variance is divided by its weight (mmrm's and SAS's WEIGHT). Rows without a weight are left out and counted.")
    var weights: String?

    @Option(help: "MMRM: covariance structures to fall back to, in order, when the formula's does not fit or converge, e.g. 'toeph,ar1h,cs'.")
    var fallback: String?

    @Option(help: "The optimizer's evaluation limit; a fit that reaches it is reported as not converged.")
    var maxEvaluations = 10_000

    @Option(help: "Parametric bootstrap with this many simulated refits: percentile intervals for every parameter (as lme4's confint(method = \"boot\")).")
    var bootstrap: Int?

    @Option(help: "Seed of the bootstrap's random numbers; the same seed gives the same intervals.")
    var seed: UInt64 = 20_261_121

    @Flag(help: "Add the conditional modes of the random effects (BLUPs) with their conditional SDs.")
    var conditionalModes = false

    @Option(help: "Write each used row's fitted value and residual to this CSV file.")
    var fitted: String?

    @Option(help: "Estimated marginal means, as emmeans: 'arm', 'arm | visit' (by visit), 'arm + sex | visit'.")
    var emmeans: String?

    @Option(help: "Contrasts of the marginal means: pairwise, or control=LEVEL (each level minus LEVEL).")
    var contrasts: String?

    @Option(help: "Multiplicity adjustment of the contrasts within each 'by' group: none, bonferroni, holm, tukey, or hochberg, hommel, BH, BY (p-values; Bonferroni intervals, as emmeans).")
    var adjust: String = "none"

    @OptionGroup var output: TableOutputOptions

    /// The analysis the flags ask for; `references` come from the data's declarations.
    func analysis(references: [String: String] = [:]) throws -> MixedModelAnalysis {
        let sandwich: SandwichEstimator?
        switch vcov {
        case "model": sandwich = nil
        case "cr0": sandwich = .cr0
        case "cr2": sandwich = .cr2
        default: throw ValidationError("--vcov \(vcov): expected model, cr0 or cr2")
        }
        let structures: [CovarianceTerm.Structure] = try fallback.map { list in
            try list.split(separator: ",").map { name throws -> CovarianceTerm.Structure in
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard let structure = CovarianceTerm.Structure(rawValue: trimmed) else {
                    throw ValidationError("--fallback: no covariance structure \(trimmed); the structures are "
                                          + CovarianceTerm.Structure.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return structure
            }
        } ?? []
        let request: MarginalMeansRequest?
        do { request = try MarginalMeansRequest.parsing(emmeans: emmeans, contrasts: contrasts, adjust: adjust) } catch {
            throw AnalysisCommands.failure(error, command: "fit")
        }
        let analysis = MixedModelAnalysis(
            formula: formula, method: maximumLikelihood ? .ml : .reml, degreesOfFreedom: df, confidenceLevel: level,
            references: references, maximumEvaluations: maxEvaluations, marginalMeans: request,
            reduced: reduced, bootstrap: bootstrap, seed: seed, conditionalModes: conditionalModes, fittedValues: fitted != nil,
            sandwich: sandwich, weights: weights, fallback: structures)
        do { try analysis.check() } catch { throw AnalysisCommands.failure(error, command: "fit") }
        return analysis
    }

    func validate() throws { _ = try analysis() }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let parsed = try analysis().parsedFormula()
        let loaded = try inputs.modelData(data, formula: parsed, command: "fit")
        // The arm, as the data's schema declares it (a plan's roles), else a column named arm.
        let armColumn = (try? inputs.schema(at: data.schema))?.roles.arm ?? "arm"
        let result: MixedModelResult
        do {
            result = try analysis(references: loaded.references).run(on: loaded.table, excluded: loaded.excluded, normalized: loaded.normalized, dataNote: loaded.note)
        } catch let error as AnalysisError {
            throw AnalysisCommands.failure(error, command: "fit")
        } catch {
            throw CommandFailure(status: ExitStatus.of(modelError: error), message: "trialstats fit: \(loaded.table.source): \(error)", reason: "\(error)")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, figures: { ResultFigures.contrasts(result, arm: armColumn, higherIsBetter: higherIsBetter) },
                           findings: result.findings, warnings: result.warnings.map { "trialstats fit: warning: \($0.message)" }, converged: result.converged,
                           files: fitted.flatMap { name in result.fittedValuesCSV().map { [(name, $0)] } } ?? [])
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
