import Estimands
import ModelFrames
import TrialData

/// `trialstats estimand`: a treatment effect under stated intercurrent-event strategies
/// (ICH E9(R1)), by reference-based conditional mean imputation with jackknife standard errors
/// (rbmi's `method_condmean(type = "jackknife")`), the imputation model an MMRM of the outcome on
/// the baseline covariates by visit and the arm by visit, the analysis an ANCOVA at each visit.
public struct EstimandAnalysis: Codable, Sendable, Equatable {
    public var outcome, visit, subject, arm: String
    /// Baseline covariates: each enters the imputation model by visit and the analysis model once.
    public var covariates: [String]
    public var reference: String
    public var treatment: String
    /// The strategy of events at dropout, or of an events file's rows that name none.
    public var strategy: ImputationStrategy
    /// The events; nil: one at each subject's dropout (the first visit of a run of missing
    /// outcomes to the last visit).
    public var events: [IntercurrentEvent]?
    /// Where the events came from, for the report.
    public var eventSource: String
    public var structure: CovarianceTerm.Structure
    public var confidenceLevel: Double
    /// Added to the treatment arm's imputed values at every visit before the analysis (a
    /// delta-adjusted sensitivity analysis; 0: none).
    public var delta: Double = 0
    /// Deltas to scan for the tipping point (each in place of `delta`), or nil.
    public var tippingPoint: [Double]? = nil
    /// Sensitivity analyses: the same events, each handled by another strategy (no delta).
    public var sensitivity: [ImputationStrategy] = []
    /// Deltas by arm and visit (a file's rows), in place of `delta`; nil for none.
    public var deltasByArmAndVisit: [ArmVisitDelta]? = nil
    /// How the missing values are imputed and the replicates pooled.
    public var method: Method = .conditionalMeanJackknife

    public enum Method: Codable, Sendable, Equatable {
        /// rbmi's `method_condmean(type = "jackknife")`.
        case conditionalMeanJackknife
        /// rbmi's `method_condmean(type = "bootstrap")` with `pool(type = interval)`.
        case conditionalMeanBootstrap(samples: Int, seed: UInt64, interval: ConditionalMeanBootstrap.Interval)
        /// rbmi's `method_approxbayes` with Rubin's rules.
        case approximateBayes(imputations: Int, seed: UInt64)

        /// How the replicates are pooled: jackknife, bootstrap-percentile, bootstrap-normal or rubin.
        var pooling: String {
            switch self {
            case .conditionalMeanJackknife: return "jackknife"
            case let .conditionalMeanBootstrap(_, _, interval): return "bootstrap-\(interval.rawValue)"
            case .approximateBayes: return "rubin"
            }
        }

        var seed: UInt64? {
            switch self {
            case .conditionalMeanJackknife: return nil
            case let .conditionalMeanBootstrap(_, seed, _), let .approximateBayes(_, seed): return seed
            }
        }

        func estimator(_ imputation: ConditionalMeanImputation, _ analysis: VisitANCOVA, level: Double) -> any ImputationEstimator {
            switch self {
            case .conditionalMeanJackknife:
                return ConditionalMeanJackknife(imputation: imputation, analysis: analysis, confidenceLevel: level)
            case let .conditionalMeanBootstrap(samples, seed, interval):
                return ConditionalMeanBootstrap(imputation: imputation, analysis: analysis, confidenceLevel: level, samples: samples, seed: seed,
                                                interval: interval)
            case let .approximateBayes(imputations, seed):
                return ApproximateBayesianImputation(imputation: imputation, analysis: analysis, confidenceLevel: level, imputations: imputations,
                                                     seed: seed)
            }
        }

        var description: String {
            switch self {
            case .conditionalMeanJackknife:
                return "conditional mean imputation, jackknife standard errors and normal intervals (rbmi's method_condmean(type = \"jackknife\"))"
            case let .conditionalMeanBootstrap(samples, seed, interval):
                return "conditional mean imputation, \(samples) bootstrap samples stratified by arm (seed \(seed)), "
                    + (interval == .percentile ? "percentile intervals and p-values, no standard error"
                                               : "the samples' SD as the standard error, normal intervals")
                    + " (rbmi's method_condmean(type = \"bootstrap\"), pool(type = \"\(interval.rawValue)\"))"
            case let .approximateBayes(imputations, seed):
                return "approximate Bayesian multiple imputation, \(imputations) imputations each from a REML fit to a bootstrap sample "
                    + "stratified by arm (seed \(seed)), pooled by Rubin's rules with Barnard–Rubin df (rbmi's method_approxbayes)"
            }
        }
    }

    public struct ArmVisitDelta: Codable, Sendable, Equatable {
        public var arm, visit: String
        public var delta: Double
        /// Where it was read ("deltas.csv, line 3"), for messages.
        public var origin: String?
        public init(arm: String, visit: String, delta: Double, origin: String? = nil) {
            self.arm = arm
            self.visit = visit
            self.delta = delta
            self.origin = origin
        }
    }

    public init(outcome: String, visit: String, subject: String, arm: String, covariates: [String], reference: String, treatment: String,
                strategy: ImputationStrategy, events: [IntercurrentEvent]? = nil, eventSource: String = "at dropout",
                structure: CovarianceTerm.Structure = .us, confidenceLevel: Double = 0.95) {
        self.outcome = outcome
        self.visit = visit
        self.subject = subject
        self.arm = arm
        self.covariates = covariates
        self.reference = reference
        self.treatment = treatment
        self.strategy = strategy
        self.events = events
        self.eventSource = eventSource
        self.structure = structure
        self.confidenceLevel = confidenceLevel
    }

    var columns: ImputationData.Columns { .init(outcome: outcome, visit: visit, subject: subject, arm: arm) }

    /// The imputation model's fixed part (rbmi's default): the covariates by visit, the arm by visit;
    /// a numeric visit column is taken as a factor.
    public func imputationFormula(visitIsNumeric: Bool) -> String {
        let visitTerm = visitIsNumeric ? "factor(\(visit))" : visit
        return "\(outcome) ~ " + (covariates.map { "\($0) * \(visitTerm)" } + ["\(arm) * \(visitTerm)"]).joined(separator: " + ")
    }

    /// `excluded`: the rows the data checks left out before (counted in the ledger).
    public func run(on table: Table, excluded: [RowLedger.Exclusion] = []) throws(EstimandError) -> EstimandResult {
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .notEstimable("--level \(confidenceLevel): expected a number between 0 and 1") }
        let plain = try ImputationData(table: table, columns: columns, reference: reference, treatment: treatment, events: [], covariates: covariates)
        let given = events ?? plain.dropoutEvents(strategy: strategy)
        let data = try ImputationData(table: table, columns: columns, reference: reference, treatment: treatment, events: given,
                                      covariates: covariates)
        var visitIsNumeric = false
        if case .numeric = table.columns.first(where: { $0.name == visit })?.values { visitIsNumeric = true }
        let formula = imputationFormula(visitIsNumeric: visitIsNumeric)
        let estimator = method.estimator(ConditionalMeanImputation(fixedFormula: formula, structure: structure), VisitANCOVA(covariates: covariates),
                                         level: confidenceLevel)
        let grid = tippingPoint ?? []
        let primary = try adjustment(data)
        let results = try estimator.run(data, adjustments: [primary] + grid.map { .treatmentArm($0, visits: data.visitCount) })
        let result = results[0]
        // Each sensitivity strategy in place of every event's own.
        var sensitivityResults: [(ImputationStrategy, PooledEstimates)] = []
        for other in sensitivity {
            let events = given.map { IntercurrentEvent(subject: $0.subject, visit: $0.visit, strategy: other, origin: $0.origin) }
            let otherData = try ImputationData(table: table, columns: columns, reference: reference, treatment: treatment, events: events,
                                               covariates: covariates)
            sensitivityResults.append((other, try estimator.run(otherData, adjustments: [.treatmentArm(0, visits: otherData.visitCount)])[0]))
        }
        let t = data.visitCount
        var counts: [String: Int] = [:]
        for event in data.events.compactMap({ $0 }) { counts[event.strategy.rawValue, default: 0] += 1 }
        let observed = data.observed, modelled = data.modelled
        let imputed = observed.filter(\.isNaN).count
        let discarded = (0..<(data.subjectCount * t)).filter { observed[$0].isFinite && modelled[$0].isNaN }.count
        let subjectsByArm = [reference, treatment].map { arm in
            EstimandResult.ArmCount(arm: arm, subjects: data.isTreatment.filter { $0 == (arm == treatment) }.count)
        }
        var notes: [String] = []
        if data.addedRows > 0 {
            notes.append("\(data.addedRows) row\(data.addedRows == 1 ? "" : "s") added for visits a subject had no row for, with \(outcome) missing and imputed "
                         + "(covariates taken from the subject's other rows, or from the visit's when the same for every subject; other columns empty)")
        }
        if data.otherArmRows > 0 { notes.append("\(data.otherArmRows) rows of other arms were left out: the analysis compares \(treatment) with \(reference)") }
        if data.otherArmEvents > 0 {
            notes.append("\(data.otherArmEvents) event\(data.otherArmEvents == 1 ? "" : "s") of subjects in other arms \(data.otherArmEvents == 1 ? "was" : "were") left out with them")
        }
        let withoutEvent = (0..<data.subjectCount).filter { subject in data.events[subject] == nil && (0..<t).contains { observed[subject * t + $0].isNaN } }.count
        if withoutEvent > 0 {
            notes.append("\(withoutEvent) subject\(withoutEvent == 1 ? "" : "s") with a missing value but no event \(withoutEvent == 1 ? "is" : "are") imputed "
                         + "under MAR (intermittent gaps, or no event given)")
        }
        if delta != 0 {
            notes.append("delta adjustment: \(delta) added to every imputed value of \(outcome) in \(treatment) before the analysis")
        }
        if let deltasByArmAndVisit, !deltasByArmAndVisit.isEmpty {
            notes.append("delta adjustment by arm and visit: " + deltasByArmAndVisit.map { "\($0.arm) at \($0.visit) \($0.delta)" }.joined(separator: ", ")
                         + ", added to the imputed values of \(outcome) before the analysis")
        }
        let sensitivityFailures = sensitivityResults.map(\.1.failedSamples).reduce(0, +)
        if sensitivityFailures > 0 {
            notes.append("the sensitivity analyses replaced \(sensitivityFailures) bootstrap sample\(sensitivityFailures == 1 ? "" : "s") whose model could not be fitted "
                         + "(" + sensitivityResults.filter { $0.1.failedSamples > 0 }.map { "\($0.0.rawValue) \($0.1.failedSamples)" }.joined(separator: ", ") + ")")
        }
        if discarded > 0 {
            notes.append("\(discarded) observed value\(discarded == 1 ? "" : "s") after an event whose strategy is not MAR \(discarded == 1 ? "was" : "were") "
                         + "left out of the imputation model's fit, as rbmi does; they stay in the analysis as observed, and the imputations "
                         + "are conditioned on them")
        }
        return EstimandResult(
            estimand: .init(population: "subjects randomised to \(treatment) or \(reference) (\(data.subjectCount))",
                            variable: "\(outcome) at each visit (\(data.visits.joined(separator: ", ")))",
                            intercurrentEvents: "\(given.count - data.otherArmEvents) event\(given.count - data.otherArmEvents == 1 ? "" : "s") (\(eventSource)), handled by strategy: "
                                + ImputationStrategy.allCases.compactMap { strategy in counts[strategy.rawValue].map { "\(strategy.description) \($0)" } }
                                    .joined(separator: ", "),
                            summary: "difference in means, \(treatment) − \(reference), adjusted for \(covariates.isEmpty ? "nothing" : covariates.joined(separator: ", "))"),
            outcome: outcome, visits: data.visits, reference: reference, treatment: treatment,
            strategies: ImputationStrategy.allCases.compactMap { strategy in counts[strategy.rawValue].map { .init(strategy: strategy.rawValue, events: $0) } },
            subjects: subjectsByArm, imputedValues: imputed, method: method.description, pooling: method.pooling, seed: method.seed,
            imputationModel: "\(formula) + \(structure.rawValue)(\(visit) | \(subject)), REML",
            analysisModel: "at each visit: \(outcome) ~ \(([arm] + covariates).joined(separator: " + ")), least squares; means with counterfactual weights",
            confidenceLevel: confidenceLevel, replicates: result.replicates, failedSamples: result.failedSamples,
            parameters: result.parameters.enumerated().map { index, parameter in
                .init(parameter: parameter.name, kind: ["trt", "lsm_ref", "lsm_alt"][index % 3], visit: data.visits[index / 3],
                      estimate: finiteOrNil(parameter.estimate), se: parameter.standardError.flatMap(finiteOrNil),
                      lower: finiteOrNil(parameter.lower), upper: finiteOrNil(parameter.upper), p: finiteOrNil(parameter.p),
                      df: parameter.degreesOfFreedom.flatMap(finiteOrNil))
            },
            ledger: .init(rowsRead: table.rowCount + Set(excluded.map(\.line)).count,
                          excludedByChecks: Dictionary(grouping: excluded, by: \.reason).keys.sorted().map { reason in
                              let lines = Set(excluded.filter { $0.reason == reason }.map(\.line)).sorted()
                              return .init(reason: reason, rows: lines.count, lines: lines)
                          },
                          otherArmRows: data.otherArmRows, addedRows: data.addedRows, setAsideAfterEvent: discarded),
            delta: delta, deltasByArmAndVisit: deltasByArmAndVisit.map { rows in rows.map { .init(arm: $0.arm, visit: $0.visit, delta: $0.delta) } },
            sensitivity: sensitivityResults.isEmpty ? nil : [Self.effect(of: result, strategy: "primary", visit: data.visits.last ?? "")]
                + sensitivityResults.map { Self.effect(of: $0.1, strategy: $0.0.rawValue, visit: data.visits.last ?? "") },
            tippingPoint: grid.isEmpty ? nil : Self.tippingPoint(grid: grid, results: Array(results.dropFirst()), visit: data.visits.last ?? "",
                                                                              level: confidenceLevel, treatment: treatment),
            notes: notes)
    }

    /// The treatment effect at a visit of one analysis, for the side-by-side table.
    static func effect(of result: PooledEstimates, strategy: String, visit: String) -> EstimandResult.Sensitivity {
        let effect = result.parameters.first { $0.name == "trt_\(visit)" }
        return .init(strategy: strategy, visit: visit, estimate: effect.flatMap { finiteOrNil($0.estimate) }, se: effect.flatMap { $0.standardError.flatMap(finiteOrNil) },
                     lower: effect.flatMap { finiteOrNil($0.lower) }, upper: effect.flatMap { finiteOrNil($0.upper) }, p: effect.flatMap { finiteOrNil($0.p) },
                     df: effect.flatMap { $0.degreesOfFreedom.flatMap(finiteOrNil) })
    }

    /// The primary analysis's delta: by arm and visit when given, else `delta` in the treatment arm.
    func adjustment(_ data: ImputationData) throws(EstimandError) -> DeltaAdjustment {
        guard let deltasByArmAndVisit else { return .treatmentArm(delta, visits: data.visitCount) }
        var adjustment = DeltaAdjustment.treatmentArm(0, visits: data.visitCount)
        var seen: Set<String> = []
        for row in deltasByArmAndVisit {
            let place = row.origin ?? "deltas"
            guard row.arm == treatment || row.arm == reference else {
                throw .notEstimable("\(place): arm \(row.arm) is neither \(treatment) nor \(reference), the arms compared")
            }
            guard let visit = data.visits.firstIndex(of: row.visit) else {
                throw .notEstimable("\(place): visit \(row.visit) is not a visit of the data (visits: \(data.visits.joined(separator: ", ")))")
            }
            guard row.delta.isFinite else { throw .notEstimable("\(place): delta \(row.delta) is not a number") }
            guard seen.insert(row.arm + "\u{1F}" + row.visit).inserted else {
                throw .notEstimable("\(place): a second delta for \(row.arm) at \(row.visit); give one per arm and visit")
            }
            if row.arm == treatment { adjustment.treatment[visit] = row.delta } else { adjustment.reference[visit] = row.delta }
        }
        return adjustment
    }

    /// The scan at the last visit: the treatment effect at each delta, and the first delta of the
    /// grid at which it is no longer significant (or at which it becomes so).
    static func tippingPoint(grid: [Double], results: [PooledEstimates], visit: String, level: Double,
                             treatment: String) -> EstimandResult.TippingPoint {
        let alpha = 1 - level
        let rows = zip(grid, results).map { delta, result -> EstimandResult.TippingPoint.Row in
            let effect = Self.effect(of: result, strategy: "", visit: visit)
            return .init(delta: delta, estimate: effect.estimate, se: effect.se, lower: effect.lower, upper: effect.upper, p: effect.p, df: effect.df)
        }
        // Numbers as a person writes them: 0.05, not 0.050000000000000044; 2, not 2.0.
        func plain(_ value: Double) -> String {
            let rounded = (value * 1e9).rounded() / 1e9
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : "\(rounded)"
        }
        let significant = rows.map { ($0.p ?? 1) < alpha }
        let change = significant.indices.dropFirst().first { significant[$0] != significant[0] }
        let text: String
        if let change {
            text = significant[0]
                ? "significance at \(plain(alpha)) is lost from delta \(plain(rows[change].delta)) on (the first delta of the grid with p ≥ \(plain(alpha)))"
                : "the effect becomes significant at \(plain(alpha)) from delta \(plain(rows[change].delta)) on"
        } else {
            text = significant[0] ? "significant at \(plain(alpha)) over the whole grid" : "not significant at \(plain(alpha)) anywhere on the grid"
        }
        return .init(visit: visit, arm: treatment, rows: rows, tippingDelta: change.map { rows[$0].delta }, summary: text)
    }
}
