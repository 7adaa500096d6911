/// A subject's mean over the visits under an imputation strategy, built from the mean of their
/// own arm and that of the reference arm at their covariates (rbmi's `strategy_*` functions,
/// Carpenter, Roger & Kenward 2013), with `eventVisit` the first visit the intercurrent event
/// affects (nil: no event, the own arm's mean).
public enum StrategyMean {
    public static func mean(strategy: ImputationStrategy, own: [Double], reference: [Double], eventVisit: Int?) -> [Double] {
        guard let event = eventVisit, event < own.count else { return own }
        let before = event - 1
        return own.indices.map { visit in
            if visit < event && strategy != .copyReference { return own[visit] }
            switch strategy {
            case .missingAtRandom: return own[visit]
            case .jumpToReference, .copyReference: return reference[visit]
            case .copyIncrementsInReference:
                // With no visit before the event there is no own mean to start from: the reference's.
                return before >= 0 ? own[before] + reference[visit] - reference[before] : reference[visit]
            case .lastMeanCarriedForward:
                return before >= 0 ? own[before] : own[visit]
            }
        }
    }
}
