import Analyses
import ArgumentParser
import Estimands
import ModelFrames
import StatsCore
import TrialData

extension ConditionalMeanBootstrap.Interval: ExpressibleByArgument {}

/// `--method`: how the missing values are imputed.
enum EstimandMethodOption: String, ExpressibleByArgument, CaseIterable {
    case conditionalMean = "conditional-mean"
    case approximateBayes = "approximate-bayes"
}

/// `--resampling`: how conditional mean imputation gets its standard errors.
enum EstimandResamplingOption: String, ExpressibleByArgument, CaseIterable {
    case jackknife, bootstrap
}

/// `trialstats estimand`: a treatment effect under intercurrent-event strategies by
/// reference-based conditional mean imputation with jackknife SEs, as rbmi computes it.
struct EstimandCommand: TrialFileCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimand",
        abstract: "Treatment effect under intercurrent-event strategies (MAR, JR, CR, CIR, LMCF): reference-based imputation as rbmi.",
        discussion: """
            The imputation model is the MMRM OUTCOME ~ COVARIATES * VISIT + ARM * VISIT with an unstructured covariance \
            (--covariance for another); the analysis at each visit is the ANCOVA OUTCOME ~ ARM + COVARIATES. Without --ice, \
            each subject whose outcome is missing from some visit to the last has an event at the first of those visits, \
            handled by --strategy; gaps before it are missing at random. An --ice file has a row per subject with an event: \
            the data's subject and visit columns (the first visit affected) and, optionally, a strategy column (MAR, JR, CR, \
            CIR or LMCF) that overrides --strategy. Two arms at a time: --treatment against --control (or --reference ARM). \
            Methods: conditional mean imputation with the jackknife (the default; deterministic) or the bootstrap \
            (--resampling bootstrap, percentile intervals unless --bootstrap-interval normal), or approximate Bayesian \
            multiple imputation (--method approximate-bayes, Rubin's rules); --samples and --seed set the replicates.
            """)

    @OptionGroup var data: ModelDataOptions

    @Option(help: "The outcome column (e.g. the change from baseline).")
    var outcome: String

    @Option(help: "The visit column.")
    var visit: String

    @Option(help: "The subject column.")
    var subject: String

    @Option(help: "The arm column.")
    var arm: String

    @Option(help: "A baseline covariate: by visit in the imputation model, once in the analysis model (repeatable).")
    var covariate: [String] = []

    @Option(help: "Baseline covariates, comma-separated (as --covariate).")
    var covariates: String?

    @Option(name: .customLong("control"), help: "The reference arm (JR, CR and CIR take its mean); also --reference ARM or --reference COLUMN=ARM.")
    var control: String?

    @Option(help: "The arm compared with the reference.")
    var treatment: String

    @Option(help: "The strategy for events: MAR, JR, CR, CIR or LMCF.")
    var strategy: String

    @Option(help: "A sensitivity analysis: every event handled by this strategy instead (repeatable), shown beside the primary.")
    var sensitivity: [String] = []

    @Option(help: "conditional-mean (default) or approximate-bayes.")
    var method: EstimandMethodOption = .conditionalMean

    @Option(help: "For conditional-mean: jackknife (default) or bootstrap.")
    var resampling: EstimandResamplingOption?

    @Option(help: "Bootstrap samples (default 1000) or imputations (default 100).")
    var samples: Int?

    @Option(help: "The seed of the bootstrap samples and imputation draws (default 1): the same seed gives the same numbers.")
    var seed: UInt64?

    @Option(name: .customLong("bootstrap-interval"), help: "percentile (default, as rbmi) or normal (the samples' SD as the SE).")
    var bootstrapInterval: ConditionalMeanBootstrap.Interval?

    @Option(help: "A CSV of intercurrent events: subject and visit columns named as in the data, and optionally a strategy column.")
    var ice: String?

    @Option(name: .customLong("ice-visit"),
            help: "Instead of --ice: a column of the data giving a subject's first visit affected by an intercurrent event (empty for none; one value per subject).")
    var iceVisit: String?

    @Option(name: .customLong("ice-strategy"), help: "With --ice-visit: a column giving the event's strategy (MAR, JR, CR, CIR or LMCF; empty: --strategy).")
    var iceStrategy: String?

    @Option(help: "The imputation model's covariance over visits: us (default), cs, csh, ar1, ar1h, toep, toeph, ad or adh.")
    var covariance: String = "us"

    @Option(help: "Add this to every imputed value in the treatment arm before the analysis (a delta-adjusted sensitivity analysis).")
    var delta: Double = 0

    @Option(name: .customLong("delta-file"),
            help: "A CSV of deltas by arm and visit (columns named as the data's arm and visit columns, and delta), added to the imputed values before the analysis.")
    var deltaFile: String?

    @Option(name: .customLong("tipping-point"), help: "FROM:TO:STEP: scan these deltas (as --delta) and say where the conclusion at the last visit changes.")
    var tippingPoint: String?

    @Option(help: "Confidence level for every interval.")
    var level: Double = 0.95

    @OptionGroup var output: TableOutputOptions

    func validate() throws {
        guard let structure = CovarianceTerm.Structure(rawValue: covariance), !structure.isSpatial else {
            throw ValidationError("--covariance \(covariance): expected us, cs, csh, ar1, ar1h, toep, toeph, ad or adh")
        }
        guard level > 0, level < 1 else { throw ValidationError("--level \(level): expected a number between 0 and 1") }
        guard delta.isFinite else { throw ValidationError("--delta \(delta): expected a number") }
        if deltaFile != nil, delta != 0 || tippingPoint != nil {
            throw ValidationError("--delta-file gives the deltas by arm and visit: it goes without --delta and --tipping-point")
        }
        _ = try grid()
        if ice != nil, iceVisit != nil { throw ValidationError("--ice and --ice-visit both give the events; give one") }
        if iceStrategy != nil, iceVisit == nil { throw ValidationError("--ice-strategy goes with --ice-visit") }
        if method == .approximateBayes, resampling != nil || bootstrapInterval != nil {
            throw ValidationError("--resampling and --bootstrap-interval are for --method conditional-mean; approximate-bayes pools by Rubin's rules")
        }
        if method == .conditionalMean, resampling != .bootstrap {
            if bootstrapInterval != nil { throw ValidationError("--bootstrap-interval goes with --resampling bootstrap") }
            if samples != nil || seed != nil { throw ValidationError("--samples and --seed go with --resampling bootstrap or --method approximate-bayes; the jackknife draws nothing") }
        }
        // JSON readers hold numbers as doubles: a seed above 2⁵³ would not read back as given.
        if let seed, seed > 1 << 53 { throw ValidationError("--seed \(seed): expected a whole number from 0 to 9007199254740992") }
        if let samples, samples < 2 || samples > 100_000 {
            throw ValidationError("--samples \(samples): expected a whole number from 2 to 100000")
        }
    }

    /// The method the flags ask for.
    var estimandMethod: EstimandAnalysis.Method {
        switch (method, resampling ?? .jackknife) {
        case (.approximateBayes, _): return .approximateBayes(imputations: samples ?? 100, seed: seed ?? 1)
        case (.conditionalMean, .jackknife): return .conditionalMeanJackknife
        case (.conditionalMean, .bootstrap):
            return .conditionalMeanBootstrap(samples: samples ?? 1000, seed: seed ?? 1, interval: bootstrapInterval ?? .percentile)
        }
    }

    /// Covariates from --covariate and --covariates, in order, each once.
    var allCovariates: [String] {
        var seen: Set<String> = []
        let listed = covariate + (covariates ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return listed.filter { seen.insert($0).inserted }
    }

    /// The reference arm: --control, or a --reference that names an arm (bare, or ARM_COLUMN=ARM).
    func referenceArm() throws -> String {
        for pair in data.reference where pair.isEmpty || pair.hasPrefix("=") || pair.hasSuffix("=") {
            throw ValidationError("--reference \(pair): expected ARM, or COLUMN=LEVEL with both sides given")
        }
        let bare = data.reference.filter { !$0.contains("=") }
        let forArm = data.reference.compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return parts.count == 2 && parts[0] == arm ? parts[1] : nil
        }
        let named = Set(([control].compactMap { $0 }) + bare + forArm)
        guard named.count <= 1 else {
            throw ValidationError("the reference arm is named twice, differently (\(named.sorted().joined(separator: ", "))); give it once with --control")
        }
        guard let arm = named.first else { throw ValidationError("missing the reference arm: give --control ARM (or --reference ARM)") }
        return arm
    }

    /// A strategy named on the command line; an unknown name is a data error (65), as in an events file.
    static func strategy(_ text: String, option: String) throws -> ImputationStrategy {
        guard let named = ImputationStrategy(rawValue: text.uppercased()) else {
            throw CommandFailure(.dataError, command: "estimand",
                                 "\(option) \(text) is not a strategy; expected " + ImputationStrategy.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return named
    }

    /// The tipping-point grid FROM:TO:STEP, FROM first, at most 1,001 points.
    func grid() throws -> [Double]? {
        guard let tippingPoint else { return nil }
        let parts = tippingPoint.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2], from.isFinite, to.isFinite, step > 0,
              from <= to, ((to - from) / step + 1e-9).rounded(.down) <= 1000 else {
            throw ValidationError("--tipping-point \(tippingPoint): expected FROM:TO:STEP with FROM ≤ TO, a positive STEP and at most 1,001 points")
        }
        let count = Int(((to - from) / step + 1e-9).rounded(.down))
        // Each point as written (0.3, not 0.30000000000000004).
        return (0...count).map { ((from + Double($0) * step) * 1e9).rounded() / 1e9 }
    }

    func analysis(events: [IntercurrentEvent]?) throws -> EstimandAnalysis {
        var analysis = EstimandAnalysis(outcome: outcome, visit: visit, subject: subject, arm: arm, covariates: allCovariates, reference: try referenceArm(),
                                        treatment: treatment, strategy: try Self.strategy(strategy, option: "--strategy"), events: events,
                                        eventSource: ice.map { "from \($0)" } ?? iceVisit.map { "from column \($0)" } ?? "at dropout",
                                        structure: CovarianceTerm.Structure(rawValue: covariance) ?? .us, confidenceLevel: level)
        analysis.delta = delta
        analysis.sensitivity = try sensitivity.map { try Self.strategy($0, option: "--sensitivity") }
        analysis.tippingPoint = try? grid()
        analysis.method = estimandMethod
        return analysis
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let formula: Formula
        do {
            formula = try Formula(try analysis(events: nil).imputationFormula(visitIsNumeric: false) + " + us(\(visit) | \(subject))")
        } catch let error as CommandFailure {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
        // A --reference naming the arm is this command's; the model options take only COLUMN=LEVEL for other columns.
        var modelOptions = data
        modelOptions.reference = data.reference.filter { $0.contains("=") }
        let loaded = try inputs.modelData(modelOptions, formula: formula, command: "estimand")
        let primary = try Self.strategy(strategy, option: "--strategy")
        var events = try ice.map { try Self.readEvents($0, subject: subject, visit: visit, strategy: primary) }
        if let iceVisit {
            events = try Self.eventsFromColumns(loaded.table, subject: subject, visit: iceVisit, strategy: iceStrategy, default: primary)
        }
        var analysis = try analysis(events: events)
        analysis.deltasByArmAndVisit = try deltaFile.map { try Self.readDeltas($0, arm: arm, visit: visit) }
        let result: EstimandResult
        do {
            result = try analysis.run(on: loaded.table, excluded: loaded.excluded)
        } catch {
            // A fit's own failure says which it is; the other model failures are numerical (1), the rest data errors (65).
            let status: ExitStatus
            if case .bootstrapFailures = error {
                // Too many samples failed: the method could not be carried out, whatever the first failure was.
                throw CommandFailure(.analysisFailure, command: "estimand", "\(error)")
            }
            switch error.underlying {
            case let .fit(fitError): status = ExitStatus.of(modelError: fitError)
            case .model: status = .analysisFailure
            default: status = .dataError
            }
            throw CommandFailure(status, command: "estimand", "\(error)")
        }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { result.tables() }, figures: { ResultFigures.tippingPoint(result) })
    }

    /// The events file: one row per subject; a strategy column, when there, says each one's.
    static func readEvents(_ path: String, subject: String, visit: String, strategy: ImputationStrategy) throws -> [IntercurrentEvent] {
        let table = try readFile(path, needing: [subject, visit],
                                 "the events file names the subject and the first visit affected in columns called as in the data")
        let subjects = ImputationData.labels(of: subject, in: table), visits = ImputationData.labels(of: visit, in: table)
        // The strategy column, however its name is capitalised.
        let strategyColumn = table.columnNames.first { $0.lowercased() == "strategy" }
        let strategies = strategyColumn.map { ImputationData.labels(of: $0, in: table) }
        var events: [IntercurrentEvent] = []
        for row in 0..<table.rowCount {
            let line = table.lineNumbers[row]
            guard let id = subjects[row], let first = visits[row] else {
                throw CommandFailure(.dataError, command: "estimand", "\(path), line \(line): the \(subjects[row] == nil ? subject : visit) is empty")
            }
            var chosen = strategy
            if let text = strategies?[row] {
                guard let named = ImputationStrategy(rawValue: text.uppercased()) else {
                    throw CommandFailure(.dataError, command: "estimand", "\(path), line \(line), column \(strategyColumn ?? "strategy"): \(text) is not a strategy; expected "
                                         + ImputationStrategy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                chosen = named
            }
            events.append(IntercurrentEvent(subject: id, visit: first, strategy: chosen, origin: "\(path), line \(line)"))
        }
        return events
    }

    /// The events from columns of the data: a subject's first visit affected (the same on each of
    /// their rows where it is given) and, optionally, its strategy.
    static func eventsFromColumns(_ table: Table, subject: String, visit: String, strategy: String?,
                                  default primary: ImputationStrategy) throws -> [IntercurrentEvent] {
        for name in [subject, visit] + (strategy.map { [$0] } ?? []) where !table.columnNames.contains(name) {
            throw CommandFailure(.dataError, command: "estimand", "\(table.source): no column \(name) (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        let subjects = ImputationData.labels(of: subject, in: table), visits = ImputationData.labels(of: visit, in: table)
        let strategies = strategy.map { ImputationData.labels(of: $0, in: table) }
        var order: [String] = [], given: [String: (visit: String, strategy: String?, line: Int32)] = [:]
        for row in 0..<table.rowCount {
            guard let id = subjects[row] else { continue }
            let line = table.lineNumbers[row]
            let text = strategies?[row]
            guard let first = visits[row] else {
                if let text, let strategy {
                    throw CommandFailure(.dataError, command: "estimand", "\(table.source), line \(line), column \(strategy): \(text) is given without a visit in \(visit)")
                }
                continue
            }
            if let earlier = given[id] {
                guard earlier.visit == first, text == nil || earlier.strategy == nil || text == earlier.strategy else {
                    throw CommandFailure(.dataError, command: "estimand",
                                         "\(table.source), line \(line): subject \(id)'s event is \(first)\(text.map { " (\($0))" } ?? "") here and "
                                         + "\(earlier.visit)\(earlier.strategy.map { " (\($0))" } ?? "") on line \(earlier.line); a subject has one event")
                }
                if earlier.strategy == nil, text != nil { given[id] = (first, text, earlier.line) }
            } else {
                order.append(id)
                given[id] = (first, text, line)
            }
        }
        return try order.map { id in
            let event = given[id]!
            var chosen = primary
            if let text = event.strategy {
                guard let named = ImputationStrategy(rawValue: text.uppercased()) else {
                    throw CommandFailure(.dataError, command: "estimand", "\(table.source), line \(event.line), column \(strategy ?? ""): \(text) is not a strategy; expected "
                                         + ImputationStrategy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                chosen = named
            }
            return IntercurrentEvent(subject: id, visit: event.visit, strategy: chosen, origin: "\(table.source), line \(event.line), column \(visit)")
        }
    }

    /// A companion CSV (events, deltas) with the columns it needs; `expected` says what they are.
    static func readFile(_ path: String, needing columns: [String], _ expected: String) throws -> Table {
        let table: Table
        do {
            table = try CSVReader.read(path: path)
        } catch {
            throw CommandFailure(error.isMissingInput ? .missingInput : .dataError, command: "estimand", "\(error)")
        }
        for name in columns where !table.columnNames.contains(name) {
            throw CommandFailure(.dataError, command: "estimand",
                                 "\(path): no column \(name); \(expected) (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        return table
    }

    /// The deltas file: one row per arm and visit with a delta.
    static func readDeltas(_ path: String, arm: String, visit: String) throws -> [EstimandAnalysis.ArmVisitDelta] {
        let table = try readFile(path, needing: [arm, visit, "delta"], "the deltas file has the data's \(arm) and \(visit) columns and delta")
        guard case let .numeric(deltas) = try table.column(named: "delta").values else {
            throw CommandFailure(.dataError, command: "estimand", "\(path): column delta must hold numbers")
        }
        let arms = ImputationData.labels(of: arm, in: table), visits = ImputationData.labels(of: visit, in: table)
        return try (0..<table.rowCount).map { row in
            let line = table.lineNumbers[row]
            guard let armLabel = arms[row], let visitLabel = visits[row], deltas[row].isFinite else {
                throw CommandFailure(.dataError, command: "estimand", "\(path), line \(line): a row needs its \(arm), \(visit) and delta")
            }
            return EstimandAnalysis.ArmVisitDelta(arm: armLabel, visit: visitLabel, delta: deltas[row], origin: "\(path), line \(line)")
        }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        try output.emit(try outcome(StepInputs()))
    }
}
