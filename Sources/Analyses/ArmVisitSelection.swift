import TrialData

/// What a two-arm analysis selects from a dataset: its one outcome, a visit, and arms that exist.
public struct ArmVisitSelection: Sendable, Equatable {
    public let outcome: String
    public let visitIndex: Int

    /// `visitColumn` is the name the caller gave the visit by (`week` in `--at week=12`); nil or
    /// "visit" always match.
    public init(_ dataset: TrialDataset, visitColumn: String? = nil, visit: String, arms: [String]) throws(AnalysisError) {
        guard let outcome = dataset.roles.outcomes.first, dataset.roles.outcomes.count == 1 else {
            throw .outcomeNotChosen(outcomes: dataset.roles.outcomes)
        }
        self.outcome = outcome
        if let visitColumn, visitColumn != "visit", visitColumn != dataset.roles.visit {
            throw .visitColumnMismatch(given: visitColumn, visitColumn: dataset.roles.visit ?? "visit")
        }
        guard let index = dataset.visits.labels.firstIndex(of: visit) else { throw .noSuchVisit(visit, visits: dataset.visits.labels) }
        visitIndex = index
        for arm in arms where !dataset.arms.levels.contains(arm) { throw .noSuchArm(arm, arms: dataset.arms.levels) }
    }

    /// The used rows of `arm` at the selected visit.
    public func rows(of arm: String, in dataset: TrialDataset) -> [Int] {
        (0..<dataset.rowCount).filter { dataset.arms.value(at: $0) == arm && dataset.visitCodes[$0] == Int32(visitIndex) }
    }
}
