import Foundation
import Testing
@testable import Estimands

/// rbmi's `pool`, piece by piece.
struct PoolingTests {
    /// Rubin's rules with the Barnard–Rubin df, fed rbmi's own per-imputation ancova results.
    @Test func rubinsRulesAgreeWithRbmiOnItsImputations() throws {
        let fixture = RbmiBootstrapFixture.shared.approxbayes
        for (index, name) in fixture.imputations[0].parameter.enumerated() {
            let pooled = Pooling.rubin(name: name, estimates: fixture.imputations.map { Double($0.est[index])! },
                                       standardErrors: fixture.imputations.map { Double($0.se[index])! },
                                       completeDataDF: Double(fixture.imputations[0].df[index])!, level: 0.95)
            // Source: rbmi_bootstrap.json approxbayes.pooled (pool() of method_approxbayes, 20 imputations).
            let row = try #require(fixture.pooled.row(name))
            let se = try #require(pooled.standardError)
            #expect(abs(pooled.estimate - row.est) <= 1e-12 * row.se, "\(name)")
            #expect(abs(se - row.se) <= 1e-10 * row.se, "\(name) SE")
            #expect(abs(pooled.lower - row.lci) <= 1e-9 * row.se && abs(pooled.upper - row.uci) <= 1e-9 * row.se, "\(name) CI")
            #expect(abs(pooled.p - row.pval) <= 1e-9 * max(row.pval, 1e-300), "\(name) p \(pooled.p) vs \(row.pval)")
            #expect(pooled.degreesOfFreedom.map { $0 > 3 && $0 < 169 } == true)
        }
    }

    @Test func percentileIntervalAndPValueAreRbmis() {
        let values = [5, -1, 3, 0.4, -2.5, 4.2, 1.5]
        let pooled = Pooling.bootstrapPercentile(name: "x", point: 1, replicates: values, level: 0.95)
        // Source: R 4.2.2, quantile(c(-2.5, -1, 0.4, 1.5, 3, 4.2, 5), c(0.025, 0.975), type = 6) = -2.5, 5;
        // rbmi:::pval_percentile(same) = 0.3392857142857143, 0.6607142857142857 (p = 2 × the smaller).
        #expect(pooled.lower == -2.5 && pooled.upper == 5)
        #expect(abs(pooled.p - 2 * 0.3392857142857143) <= 1e-15)
        // Source: R 4.2.2, quantile(same, 0.3, type = 6) = -0.44000000000000011.
        #expect(abs(Pooling.quantileType6(values.sorted(), 0.3) - -0.44000000000000011) <= 1e-15)
        // Source: R 4.2.2, rbmi:::pval_percentile(c(-1, 0, 0, 2, 3)) = 0.3333333, 0.5 (ties at 0: their ranks over n + 1).
        #expect(abs(Pooling.bootstrapPercentile(name: "x", point: 0, replicates: [-1, 0, 0, 2, 3], level: 0.95).p - 2.0 / 3) <= 1e-15)
        #expect(Pooling.bootstrapPercentile(name: "x", point: 1, replicates: [1, 2, 3], level: 0.95).p == 0)
    }
}
