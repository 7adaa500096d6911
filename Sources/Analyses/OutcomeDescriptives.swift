import Descriptives
import EffectSizes
import HypothesisTests
import StatsCore
import TrialData

/// Each outcome by arm and visit (`trialstats descriptives`): n, missing, mean, SD, SE, the
/// mean's interval, median, quartiles and range; with `change`, the change from the baseline
/// visit, whose mean's interval is the paired t interval.
public struct OutcomeDescriptives: Codable, Sendable, Equatable {
    public var change: Bool
    public var confidenceLevel: Double

    public init(change: Bool = false, confidenceLevel: Double = 0.95) {
        self.change = change
        self.confidenceLevel = confidenceLevel
    }

    public func run(on dataset: TrialDataset) throws(AnalysisError) -> OutcomeDescriptivesResult {
        try AnalysisError.requireConfidenceLevel(confidenceLevel)
        let subjectsByArm = dataset.subjectCountsByArm()
        let outcomes = dataset.roles.outcomes.map { outcome -> OutcomeDescriptivesResult.Outcome in
            let values = change ? dataset.change(outcome) : dataset.outcomes[outcome]!
            var cells: [SummaryRow] = []
            var standardized: [OutcomeDescriptivesResult.StandardizedChange] = []
            for (armCode, arm) in dataset.arms.levels.enumerated() {
                for (visitCode, visit) in dataset.visits.labels.enumerated() {
                    if change && visitCode <= dataset.visits.baselineIndex { continue }
                    let group = (0..<dataset.rowCount).filter {
                        dataset.arms.codes[$0] == Int32(armCode) && dataset.visitCodes[$0] == Int32(visitCode)
                    }.map { values[$0] }
                    let d = Description(group, confidenceLevel: confidenceLevel)
                    cells.append(SummaryRow(arm: arm, visit: visit, d, missing: subjectsByArm[armCode] - d.count))
                    if change {
                        // Within the arm: the standardized response mean, d_z of the change.
                        let effect = try? StandardizedDifference.standardizedResponseMean(group.filter(\.isFinite), level: confidenceLevel)
                        standardized.append(.init(arm: arm, visit: visit, n: d.count, estimate: effect.flatMap { finiteOrNil($0.estimate) },
                                                  lower: effect?.confidenceInterval.flatMap { finiteOrNil($0.lower) },
                                                  upper: effect?.confidenceInterval.flatMap { finiteOrNil($0.upper) }))
                    }
                }
            }
            // With three or more arms, whether they differ at each visit: Kruskal-Wallis, as R's kruskal.test.
            var acrossArms: [OutcomeDescriptivesResult.AcrossArms] = []
            if dataset.arms.levels.count >= 3 {
                for (visitCode, visit) in dataset.visits.labels.enumerated() where !(change && visitCode <= dataset.visits.baselineIndex) {
                    let groups = dataset.arms.levels.indices.map { armCode in
                        (0..<dataset.rowCount).filter { dataset.arms.codes[$0] == Int32(armCode) && dataset.visitCodes[$0] == Int32(visitCode) }
                            .map { values[$0] }.filter(\.isFinite)
                    }.filter { !$0.isEmpty }
                    let test = groups.count >= 2 ? try? KruskalWallisTest(groups) : nil
                    acrossArms.append(.init(visit: visit, arms: groups.count, statistic: test.flatMap { finiteOrNil($0.statistic) },
                                            df: test?.degreesOfFreedom, p: test.flatMap { finiteOrNil($0.pValue) }))
                }
            }
            return .init(outcome: outcome, cells: cells, standardizedChanges: change ? standardized : nil,
                         acrossArms: dataset.arms.levels.count >= 3 ? acrossArms : nil)
        }
        return OutcomeDescriptivesResult(baselineVisit: dataset.visits.baselineLabel, change: change, confidenceLevel: confidenceLevel,
                                         outcomes: outcomes, ledger: DataLedger(dataset.ledger))
    }
}

/// The JSON of `trialstats descriptives` (schema trialstats/descriptives/1).
public struct OutcomeDescriptivesResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/descriptives/1"
    public var baselineVisit: String
    /// Whether the cells describe the change from `baselineVisit` (and leave that visit out).
    public var change: Bool
    public var confidenceLevel: Double
    public var outcomes: [Outcome]
    public var ledger: DataLedger

    public struct Outcome: Codable, Sendable, Equatable {
        public var outcome: String
        /// Arm by arm, visit by visit, in the dataset's orders.
        public var cells: [SummaryRow]
        /// With `change`: within each arm and visit, the standardized response mean (mean change /
        /// SD of change, d_z) with its noncentral-t interval; null without `change`.
        @Null public var standardizedChanges: [StandardizedChange]?
        /// With three or more arms: per visit, the Kruskal-Wallis test of the arms; null with fewer arms.
        @Null public var acrossArms: [AcrossArms]?
    }

    public struct AcrossArms: Codable, Sendable, Equatable {
        public var visit: String
        /// Arms with a value at the visit.
        public var arms: Int
        @Null public var statistic: Double?
        @Null public var df: Int?
        @Null public var p: Double?
    }

    public struct StandardizedChange: Codable, Sendable, Equatable {
        public var arm: String
        public var visit: String
        public var n: Int
        @Null public var estimate: Double?
        @Null public var lower: Double?
        @Null public var upper: Double?
    }
}
