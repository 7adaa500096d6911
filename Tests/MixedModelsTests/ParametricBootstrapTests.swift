import Testing
@testable import MixedModels

/// The parametric bootstrap: reproducible from its seed, and its spread consistent with the
/// fit's standard errors (R's bootMer draws from another generator, so its replicates cannot be
/// compared one by one).
struct ParametricBootstrapTests {
    @Test func sameSeedSameIntervalsAndSpreadMatchesTheStandardErrors() throws {
        let fit = try SatterthwaiteTests.fit("sleepstudy")
        let first = try ParametricBootstrap(fit: fit, replicates: 200, seed: 20261121)
        let again = try ParametricBootstrap(fit: fit, replicates: 200, seed: 20261121)
        // Bit for bit (NaN correlations compare equal this way, as they must).
        #expect(first.values.map { $0.map(\.bitPattern) } == again.values.map { $0.map(\.bitPattern) })
        #expect(first.failed == 0 && first.values.count + first.notConverged == 200)
        #expect(first.parameterNames == ["sd (Intercept) | Subject", "cor Days, (Intercept) | Subject", "sd Days | Subject", "sigma",
                                         "(Intercept)", "Days"])
        // β̂'s bootstrap SD estimates its SE; with 200 replicates within about 10% (SE of an SD
        // estimate ≈ 1/√(2·200) = 5%).
        for (offset, se) in fit.standardErrors.enumerated() {
            let draws = first.values.map { $0[4 + offset] }
            let mean = draws.reduce(0, +) / Double(draws.count)
            let sd = (draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)).squareRoot()
            #expect(abs(sd / se - 1) < 0.15, "\(fit.fixedEffectNames[offset]): bootstrap SD \(sd), SE \(se)")
        }
        let intervals = first.percentileIntervals(level: 0.95)
        for (index, interval) in intervals.enumerated() where index != 1 {
            #expect(interval.lower < first.estimates[index] && first.estimates[index] < interval.upper, "\(first.parameterNames[index])")
        }
        let other = try ParametricBootstrap(fit: fit, replicates: 20, seed: 7)
        #expect(other.values.first != first.values.first)
    }
}
