import Foundation
import Testing
import TrialData
@testable import Estimands

/// Conditional mean imputation with the bootstrap against rbmi 1.4.0 on rbmi's own samples
/// (rbmi_bootstrap.R: the antidepressant trial, JR, 100 samples), so that every number is
/// comparable, not only in distribution.
struct ConditionalMeanBootstrapTests {
    static func estimator(interval: ConditionalMeanBootstrap.Interval, data: ImputationData) -> ConditionalMeanBootstrap {
        var estimator = ConditionalMeanBootstrap(imputation: AntidepressantTrial.estimator.imputation, analysis: AntidepressantTrial.estimator.analysis,
                                                 samples: RbmiBootstrapFixture.shared.condmean_bootstrap.n_samples, seed: 1, interval: interval)
        estimator.givenSamples = RbmiBootstrapFixture.shared.condmean_bootstrap.samples.map { RbmiBootstrapFixture.indices($0, in: data) }
        return estimator
    }

    @Test func percentileIntervalsAgreeWithRbmiOnItsSamples() throws {
        let data = try AntidepressantTrial.data()
        let result = try Self.estimator(interval: .percentile, data: data).run(data)
        #expect(result.replicates == 100 && result.failedSamples == 0)
        for parameter in result.parameters {
            // Source: rbmi_bootstrap.json condmean_bootstrap.percentile (pool(type = "percentile")).
            let row = try #require(RbmiBootstrapFixture.shared.condmean_bootstrap.percentile.row(parameter.name))
            let scale = row.uci - row.lci
            #expect(abs(parameter.estimate - row.est) <= 1e-6 * scale, "\(parameter.name) \(parameter.estimate) vs \(row.est)")
            #expect(abs(parameter.lower - row.lci) <= 1e-6 * scale && abs(parameter.upper - row.uci) <= 1e-6 * scale,
                    "\(parameter.name) [\(parameter.lower), \(parameter.upper)] vs [\(row.lci), \(row.uci)]")
            #expect(parameter.standardError == nil)
            // rbmi finds the p-value's quantile by uniroot, to 1.2e-4 in probability (2.4e-4 in p); ours is exact.
            #expect(abs(parameter.p - row.pval) <= 2.5e-4, "\(parameter.name) p \(parameter.p) vs \(row.pval)")
        }
    }

    @Test func normalIntervalsAgreeWithRbmiOnItsSamples() throws {
        let data = try AntidepressantTrial.data()
        let result = try Self.estimator(interval: .normal, data: data).run(data)
        for parameter in result.parameters {
            // Source: rbmi_bootstrap.json condmean_bootstrap.normal (pool(type = "normal")).
            let row = try #require(RbmiBootstrapFixture.shared.condmean_bootstrap.normal.row(parameter.name))
            let se = try #require(parameter.standardError)
            #expect(abs(parameter.estimate - row.est) <= 1e-6 * row.se, "\(parameter.name)")
            #expect(abs(se - row.se) <= 1e-6 * row.se, "\(parameter.name) SE \(se) vs \(row.se)")
            #expect(abs(parameter.lower - row.lci) <= 1e-6 * row.se && abs(parameter.upper - row.uci) <= 1e-6 * row.se)
            #expect(abs(parameter.p - row.pval) <= 1e-5 * max(row.pval, 1e-12), "\(parameter.name) p \(parameter.p) vs \(row.pval)")
        }
    }

    /// Drawn samples: stratified by arm, the same for a seed whichever way they are split into
    /// rounds, and the estimates with them reproducible from the seed.
    @Test func drawnSamplesAreStratifiedAndReproducible() throws {
        let data = try AntidepressantTrial.data()
        let samples = BootstrapSamples(data, seed: 42)
        let all = samples.samples(0..<6).map(\.subjects)
        let later = samples.samples(4..<6).map(\.subjects)
        #expect(Array(all[4...]) == later)
        var generator = samples.generator(sample: 0)
        #expect(samples.draw(using: &generator) == all[0])
        let treated = data.isTreatment.filter { $0 }.count
        for sample in all {
            #expect(sample.count == data.subjectCount)
            #expect(sample.filter { data.isTreatment[$0] }.count == treated)
        }
        let estimator = ConditionalMeanBootstrap(imputation: AntidepressantTrial.estimator.imputation, analysis: AntidepressantTrial.estimator.analysis,
                                                 samples: 20, seed: 42)
        let first = try estimator.run(data), second = try estimator.run(data)
        #expect(first.parameters == second.parameters)
        let other = try ConditionalMeanBootstrap(imputation: AntidepressantTrial.estimator.imputation, analysis: AntidepressantTrial.estimator.analysis,
                                                 samples: 20, seed: 43).run(data)
        #expect(other.parameters.map(\.lower) != first.parameters.map(\.lower))
        #expect(other.parameters.map(\.estimate) == first.parameters.map(\.estimate))
    }

    /// A sample whose model cannot be fitted (one subject per arm, copied: no variation left) is
    /// replaced by the next, up to ⌈1%⌉ of the samples asked for, and counted; past that the
    /// analysis stops and says how many failed.
    @Test func failedSamplesAreReplacedUpToTheThresholdAndCounted() throws {
        let data = try AntidepressantTrial.data()
        let given = RbmiBootstrapFixture.shared.condmean_bootstrap.samples.map { RbmiBootstrapFixture.indices($0, in: data) }
        let treated = try #require(data.isTreatment.firstIndex(of: true)), control = try #require(data.isTreatment.firstIndex(of: false))
        let degenerate = data.isTreatment.map { $0 ? treated : control }
        func estimator(_ samples: [[Int]], count: Int) -> ConditionalMeanBootstrap {
            var estimator = ConditionalMeanBootstrap(imputation: AntidepressantTrial.estimator.imputation, analysis: AntidepressantTrial.estimator.analysis,
                                                     samples: count, seed: 1)
            estimator.givenSamples = samples
            return estimator
        }
        let replaced = try estimator([degenerate] + Array(given[0..<20]), count: 20).run(data)
        let clean = try estimator(Array(given[0..<20]), count: 20).run(data)
        #expect(replaced.failedSamples == 1 && replaced.replicates == 20)
        #expect(replaced.parameters == clean.parameters)
        let tooMany = Result { () throws(EstimandError) -> PooledEstimates in try estimator([degenerate, degenerate] + Array(given[0..<20]), count: 20).run(data) }
        switch tooMany {
        case .success: Issue.record("two failures of 20 samples were accepted")
        case let .failure(error):
            if case let .bootstrapFailures(failed, limit, _, first, _) = error {
                #expect(failed == 2 && limit == 1 && first == 1, "\(error)")
            } else {
                Issue.record("\(error)")
            }
        }
        // One failure and only 19 more samples given: too few to make 20.
        let short = Result { () throws(EstimandError) -> PooledEstimates in try estimator([degenerate] + Array(given[0..<19]), count: 20).run(data) }
        if case .success = short { Issue.record("20 samples were made of 19") }
    }
}
