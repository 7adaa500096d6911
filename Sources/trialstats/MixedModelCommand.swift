import ArgumentParser
import MixedModels
import ModelFrames
import StatsCore
import TrialData

extension DegreesOfFreedomMethod: ExpressibleByArgument {}

/// `trialstats fit`: a linear mixed model in lme4's formula language.
struct MixedModelCommand: ParsableCommand {
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

    @Flag(name: .customLong("ml"), help: "Fit by maximum likelihood instead of REML (needed to compare fixed effects by likelihood ratio).")
    var maximumLikelihood = false

    @Option(help: "Denominator df for the tests: satterthwaite, kenward-roger or residual.")
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

    @Option(help: "Multiplicity adjustment of the contrasts within each 'by' group: none, bonferroni, holm or tukey.")
    var adjust: String = "none"

    @OptionGroup var output: TableOutputOptions

    /// `--emmeans` split into the factors and the `by` factors.
    func marginalSpecification() throws -> (factors: [String], by: [String])? {
        guard let emmeans else {
            if contrasts != nil { throw ValidationError("--contrasts needs --emmeans, e.g. --emmeans 'arm | visit'") }
            return nil
        }
        let halves = emmeans.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { throw ValidationError("--emmeans \(emmeans): expected 'factors' or 'factors | by'") }
        func names(_ text: String) -> [String] {
            text.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let factors = names(halves[0]), by = halves.count == 2 ? names(halves[1]) : []
        guard !factors.isEmpty else { throw ValidationError("--emmeans \(emmeans): name at least one factor before |") }
        return (factors, by)
    }

    func comparison() throws -> MarginalMeans.Comparison? {
        guard let contrasts else { return nil }
        if contrasts == "pairwise" { return .pairwise }
        if contrasts.hasPrefix("control=") { return .control(String(contrasts.dropFirst("control=".count))) }
        throw ValidationError("--contrasts \(contrasts): expected pairwise or control=LEVEL")
    }

    func adjustment() throws -> MarginalMeans.Adjustment {
        guard let adjustment = MarginalMeans.Adjustment(rawValue: adjust) else {
            throw ValidationError("--adjust \(adjust): expected none, bonferroni, holm or tukey")
        }
        if adjustment == .tukey, case .control = try comparison() {
            throw ValidationError("--adjust tukey is for all pairwise contrasts; use bonferroni or holm with control=")
        }
        return adjustment
    }

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard maxEvaluations > 0 else { throw ValidationError("--max-evaluations \(maxEvaluations): expected a positive number") }
        if let bootstrap, !(1...100_000).contains(bootstrap) {
            throw ValidationError("--bootstrap \(bootstrap): expected a number of replicates from 1 to 100000")
        }
        if df == .kenwardRoger, maximumLikelihood {
            throw ValidationError("--df kenward-roger needs a REML fit; drop --ml or use --df satterthwaite")
        }
        _ = try marginalSpecification()
        _ = try adjustment()
        if try sandwichEstimator() != nil, df != .residual, df != .betweenWithin {
            throw ValidationError("--vcov \(vcov) goes with --df residual or between-within: Satterthwaite and Kenward-Roger "
                                  + "derive their df from the model's covariance")
        }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let parsed: Formula
        do {
            parsed = try Formula(formula)
        } catch {
            throw ValidationError(error.description)
        }
        let loaded = try data.load(formula: parsed, command: "fit")
        let table = loaded.table, references = loaded.references
        let specification = try marginalSpecification()
        if parsed.covarianceTerm != nil {
            try runRepeatedMeasures(parsed, table: table, references: references, specification: specification, excluded: loaded.excluded)
            return
        }
        if weights != nil { throw ValidationError("--weights is for MMRMs (a covariance term such as us(visit | subject)); weighted linear mixed models are not offered yet") }
        if fallback != nil { throw ValidationError("--fallback is for MMRMs (a covariance term such as us(visit | subject))") }
        if vcov != "model" { throw ValidationError("--vcov \(vcov) is for MMRMs (a covariance term such as us(visit | subject))") }
        let reducedFormula: Formula?
        do {
            reducedFormula = try reduced.map { try Formula($0) }
        } catch {
            throw ValidationError("--reduced: \(error)")
        }
        let fit: LinearMixedModelFit
        let inference: FixedEffectsInference
        var likelihoodRatio: LikelihoodRatioTest? = nil
        var resampled: ParametricBootstrap? = nil
        var marginal: MarginalMeans? = nil
        var options = MixedModelOptions()
        options.optimizer.maximumEvaluations = maxEvaluations
        do {
            fit = try LinearMixedModelFit.fit(parsed, table: table, method: maximumLikelihood ? .ml : .reml, options: options,
                                              references: references)
            inference = try FixedEffectsInference(fit: fit, method: df)
            if let reducedFormula {
                likelihoodRatio = try LikelihoodRatioTest.fit(reduced: reducedFormula, full: parsed, table: table, options: options,
                                                              references: references)
            }
            if let bootstrap { resampled = try ParametricBootstrap(fit: fit, replicates: bootstrap, seed: seed, options: options) }
            marginal = try marginalMeans(specification, frame: fit.model.frame, names: fit.fixedEffectNames, inference: inference)
        } catch let error as ValidationError {
            throw error
        } catch {
            StandardStreams.writeMessage("trialstats fit: \(table.source): \(error)")
            PlanContext.capture?.failure = "\(error)"
            throw ExitStatus.of(modelError: error).exitCode
        }
        let comparisonMessages = likelihoodRatio.map { test in
            test.reduced.optimization.messages.map { "reduced model (ML): \($0)" } + test.full.optimization.messages.map { "full model (ML): \($0)" }
        } ?? []
        for message in fit.optimization.messages + inference.warnings + comparisonMessages {
            StandardStreams.writeMessage("trialstats fit: warning: \(message)")
        }
        let report = MixedModelReport(fit: fit, inference: inference, table: table, level: level,
                                      includeConditionalModes: conditionalModes, likelihoodRatio: likelihoodRatio, bootstrap: resampled,
                                      marginal: marginal, priorExclusions: loaded.excluded)
        if let fitted {
            try AtomicFile.write(report.fittedValuesCSV(), to: fitted)
        }
        if !fit.converged { PlanContext.capture?.unconverged = true }
        try output.write(document: { try report.document().encoded() }, tables: report.tables())
    }

    /// An MMRM: a formula with a covariance term such as us(visit | subject).
    func runRepeatedMeasures(
        _ parsed: Formula, table: Table, references: [String: String], specification: (factors: [String], by: [String])?,
        excluded: [RowLedger.Exclusion]
    ) throws {
        if reduced != nil || bootstrap != nil || conditionalModes || fitted != nil {
            throw ValidationError("--reduced, --bootstrap, --conditional-modes and --fitted are for models with random effects; "
                                  + "an MMRM has a covariance term instead")
        }
        let fit: RepeatedMeasuresFit
        let inference: FixedEffectsInference
        var marginal: MarginalMeans? = nil
        var passedOver: [CovarianceFallback.Attempt] = []
        do {
            let chained = try CovarianceFallback.fit(parsed, fallbacks: try fallbackStructures(), table: table,
                                                     method: maximumLikelihood ? .ml : .reml, references: references,
                                                     weights: weights, maximumEvaluations: maxEvaluations)
            fit = chained.fit
            passedOver = chained.passedOver
            inference = try FixedEffectsInference(fit: fit, method: df, sandwich: try sandwichEstimator())
            marginal = try marginalMeans(specification, frame: fit.model.frame, names: fit.model.fixedEffectNames, inference: inference)
        } catch let error as ValidationError {
            throw error
        } catch {
            StandardStreams.writeMessage("trialstats fit: \(table.source): \(error)")
            PlanContext.capture?.failure = "\(error)"
            throw ExitStatus.of(modelError: error).exitCode
        }
        let fallbackMessages = passedOver.map(\.description)
            + (passedOver.isEmpty ? [] : ["the results use the \(fit.model.term.structure.rawValue) covariance"])
        for message in fallbackMessages + fit.messages + inference.warnings {
            StandardStreams.writeMessage("trialstats fit: warning: \(message)")
        }
        let report = RepeatedMeasuresReport(fit: fit, shared: FixedEffectsReport(
            names: fit.model.fixedEffectNames, dropped: fit.model.droppedFixedEffects, inference: inference, marginal: marginal,
            frame: fit.model.frame, table: table, level: level, priorExclusions: excluded), sandwich: try sandwichEstimator(), passedOver: passedOver,
            weightColumn: weights)
        if !fit.converged { PlanContext.capture?.unconverged = true }
        try output.write(document: { try report.document().encoded() }, tables: report.tables())
    }

    func fallbackStructures() throws -> [CovarianceTerm.Structure] {
        guard let fallback else { return [] }
        return try fallback.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let structure = CovarianceTerm.Structure(rawValue: trimmed) else {
                throw ValidationError("--fallback: no covariance structure \(trimmed); the structures are "
                                      + CovarianceTerm.Structure.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return structure
        }
    }

    func sandwichEstimator() throws -> SandwichEstimator? {
        switch vcov {
        case "model": return nil
        case "cr0": return .cr0
        case "cr2": return .cr2
        default: throw ValidationError("--vcov \(vcov): expected model, cr0 or cr2")
        }
    }

    /// The marginal means `--emmeans` asks for, tested by the fit's df method.
    func marginalMeans(
        _ specification: (factors: [String], by: [String])?, frame: ModelFrame, names: [String], inference: FixedEffectsInference
    ) throws -> MarginalMeans? {
        guard let specification else { return nil }
        return try MarginalMeans(frame: frame, estimableNames: names, specification: specification.factors, by: specification.by,
                                 comparison: try comparison(), adjustment: try adjustment(), level: level, test: inference.test)
    }
}
