import Testing
@testable import Estimands

/// Each strategy's mean from the own and reference arms' means, as rbmi's strategy functions build it.
struct StrategyMeanTests {
    // Own arm's means and the reference's over four visits; an event at the third visit (index 2).
    static let own = [10.0, 8.0, 6.0, 4.0], reference = [10.0, 9.5, 9.0, 8.5]

    @Test func everyStrategyBuildsRbmisMean() {
        func mean(_ strategy: ImputationStrategy, _ event: Int?) -> [Double] {
            StrategyMean.mean(strategy: strategy, own: Self.own, reference: Self.reference, eventVisit: event)
        }
        // Source: rbmi 1.4.0 R/strategies.R: strategy_JR, strategy_CR, strategy_CIR, strategy_LMCF (mu only).
        #expect(mean(.missingAtRandom, 2) == Self.own)
        #expect(mean(.jumpToReference, 2) == [10, 8, 9, 8.5])
        #expect(mean(.copyReference, 2) == Self.reference)
        #expect(mean(.copyIncrementsInReference, 2) == [10, 8, 8 + (9 - 9.5), 8 + (8.5 - 9.5)])
        #expect(mean(.lastMeanCarriedForward, 2) == [10, 8, 8, 8])
        // No event: the own arm's mean whatever the strategy named; an event at the first visit: CIR is the reference's.
        #expect(mean(.jumpToReference, nil) == Self.own)
        #expect(mean(.copyIncrementsInReference, 0) == Self.reference)
    }
}
