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

    public func run(on table: Table) throws(EstimandError) -> EstimandResult {
        guard confidenceLevel > 0, confidenceLevel < 1 else { throw .notEstimable("--level \(confidenceLevel): expected a number between 0 and 1") }
        let plain = try ImputationData(table: table, columns: columns, reference: reference, treatment: treatment, events: [], covariates: covariates)
        let given = events ?? plain.dropoutEvents(strategy: strategy)
        let data = try ImputationData(table: table, columns: columns, reference: reference, treatment: treatment, events: given,
                                      covariates: covariates)
        var visitIsNumeric = false
        if case .numeric = table.columns.first(where: { $0.name == visit })?.values { visitIsNumeric = true }
        let formula = imputationFormula(visitIsNumeric: visitIsNumeric)
        let estimator = ConditionalMeanJackknife(imputation: ConditionalMeanImputation(fixedFormula: formula, structure: structure),
                                                 analysis: VisitANCOVA(covariates: covariates), confidenceLevel: confidenceLevel)
        let grid = tippingPoint ?? []
        let results = try estimator.run(data, deltas: [delta] + grid)
        let result = results[0]
        let t = data.visitCount
        var counts: [String: Int] = [:]
        for event in data.events.compactMap({ $0 }) { counts[event.strategy.rawValue, default: 0] += 1 }
        let imputed = (0..<data.subjectCount).reduce(0) { total, subject in
            total + (0..<t).filter { data.modelled[subject * t + $0].isNaN }.count
        }
        let discarded = (0..<(data.subjectCount * t)).filter { data.observed[$0].isFinite && data.modelled[$0].isNaN }.count
        let subjectsByArm = [reference, treatment].map { arm in
            EstimandResult.ArmCount(arm: arm, subjects: data.isTreatment.filter { $0 == (arm == treatment) }.count)
        }
        var notes: [String] = []
        if data.addedRows > 0 {
            notes.append("\(data.addedRows) visit\(data.addedRows == 1 ? "" : "s") without a row were added with \(outcome) missing (subject-level columns copied)")
        }
        if data.otherArmRows > 0 { notes.append("\(data.otherArmRows) rows of other arms were left out: the analysis compares \(treatment) with \(reference)") }
        if delta != 0 {
            notes.append("delta adjustment: \(delta) added to every imputed value of \(outcome) in \(treatment) before the analysis")
        }
        if discarded > 0 {
            notes.append("\(discarded) observed value\(discarded == 1 ? "" : "s") after an event whose strategy is not MAR were set aside, as rbmi does: "
                         + "the imputation model is fitted without them and they are imputed")
        }
        return EstimandResult(
            estimand: .init(population: "subjects randomised to \(treatment) or \(reference) (\(data.subjectCount))",
                            variable: "\(outcome) at each visit (\(data.visits.joined(separator: ", ")))",
                            intercurrentEvents: "\(given.count) event\(given.count == 1 ? "" : "s") (\(eventSource)), handled by strategy: "
                                + ImputationStrategy.allCases.compactMap { strategy in counts[strategy.rawValue].map { "\(strategy.description) \($0)" } }
                                    .joined(separator: ", "),
                            summary: "difference in means, \(treatment) − \(reference), adjusted for \(covariates.isEmpty ? "nothing" : covariates.joined(separator: ", "))"),
            outcome: outcome, visits: data.visits, reference: reference, treatment: treatment,
            strategies: ImputationStrategy.allCases.compactMap { strategy in counts[strategy.rawValue].map { .init(strategy: strategy.rawValue, events: $0) } },
            subjects: subjectsByArm, imputedValues: imputed, method: "conditional mean imputation, jackknife standard errors (rbmi's method_condmean)",
            imputationModel: "\(formula) + \(structure.rawValue)(\(visit) | \(subject)), REML",
            analysisModel: "at each visit: \(outcome) ~ \(([arm] + covariates).joined(separator: " + ")), least squares; means with counterfactual weights",
            confidenceLevel: confidenceLevel, replicates: result.replicates,
            parameters: result.parameters.enumerated().map { index, parameter in
                .init(parameter: parameter.name, kind: ["trt", "lsm_ref", "lsm_alt"][index % 3], visit: data.visits[index / 3],
                      estimate: finiteOrNil(parameter.estimate), se: finiteOrNil(parameter.standardError),
                      lower: finiteOrNil(parameter.lower), upper: finiteOrNil(parameter.upper), p: finiteOrNil(parameter.p))
            },
            delta: delta, tippingPoint: grid.isEmpty ? nil : Self.tippingPoint(grid: grid, results: Array(results.dropFirst()), visit: data.visits.last ?? "",
                                                                              level: confidenceLevel, treatment: treatment),
            notes: notes)
    }

    /// The scan at the last visit: the treatment effect at each delta, and the first delta of the
    /// grid at which it is no longer significant (or at which it becomes so).
    static func tippingPoint(grid: [Double], results: [ConditionalMeanJackknife.Result], visit: String, level: Double,
                             treatment: String) -> EstimandResult.TippingPoint {
        let alpha = 1 - level
        let rows = zip(grid, results).map { delta, result -> EstimandResult.TippingPoint.Row in
            let effect = result.parameters.first { $0.name == "trt_\(visit)" }
            return .init(delta: delta, estimate: effect.flatMap { finiteOrNil($0.estimate) }, se: effect.flatMap { finiteOrNil($0.standardError) },
                         lower: effect.flatMap { finiteOrNil($0.lower) }, upper: effect.flatMap { finiteOrNil($0.upper) },
                         p: effect.flatMap { finiteOrNil($0.p) })
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

/// The JSON of `trialstats estimand` (schema trialstats/estimand/1).
public struct EstimandResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/estimand/1"
    /// The estimand in ICH E9(R1)'s attributes.
    public var estimand: Attributes
    public var outcome: String
    public var visits: [String]
    public var reference: String
    public var treatment: String
    public var strategies: [StrategyCount]
    public var subjects: [ArmCount]
    /// Subject-visits imputed: missing, or set aside after an event.
    public var imputedValues: Int
    public var method: String
    public var imputationModel: String
    public var analysisModel: String
    public var confidenceLevel: Double
    public var replicates: Int
    /// rbmi's parameters: per visit trt (treatment − reference), lsm_ref and lsm_alt.
    public var parameters: [Parameter]
    /// Added to the treatment arm's imputed values before the analysis (0: none).
    public var delta: Double
    /// The tipping-point scan, when asked for; else null.
    @Null public var tippingPoint: TippingPoint?
    public var notes: [String]

    public struct TippingPoint: Codable, Sendable, Equatable {
        /// The visit scanned (the last) and the arm whose imputed values are shifted.
        public var visit: String
        public var arm: String
        public var rows: [Row]
        /// The first delta of the grid whose conclusion differs from the first's; null if none.
        @Null public var tippingDelta: Double?
        public var summary: String

        public struct Row: Codable, Sendable, Equatable {
            public var delta: Double
            @Null public var estimate: Double?
            @Null public var se: Double?
            @Null public var lower: Double?
            @Null public var upper: Double?
            @Null public var p: Double?
        }
    }

    public struct Attributes: Codable, Sendable, Equatable {
        public var population, variable, intercurrentEvents, summary: String
    }
    public struct StrategyCount: Codable, Sendable, Equatable { public var strategy: String; public var events: Int }
    public struct ArmCount: Codable, Sendable, Equatable { public var arm: String; public var subjects: Int }
    public struct Parameter: Codable, Sendable, Equatable {
        public var parameter: String
        /// trt, lsm_ref or lsm_alt.
        public var kind: String
        public var visit: String
        @Null public var estimate: Double?
        @Null public var se: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
        @Null public var p: Double?
    }
}
