import Foundation
import Testing
import ModelFrames
import TrialData
@testable import MixedModels

/// A resample as reweighted cross products is the model of the resampled data itself: on mmrm's
/// fev_data, PT1 taken twice (the copy a subject of its own), PT2 left out and the rest once.
struct SubjectResamplingTests {
    static let formula = "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)"

    @Test func aResampleIsTheModelOfTheResampledData() throws {
        let table = SASListingTests.table
        let whole = try RepeatedMeasuresModel(frame: try ModelFrame(try Formula(Self.formula), table: table))
        let subjects = try #require(whole.frame.covariance?.subjects)
        var multiplicities = [Int](repeating: 1, count: subjects.count)
        let twice = try #require(subjects.firstIndex(of: "PT1")), never = try #require(subjects.firstIndex(of: "PT2"))
        multiplicities[twice] = 2
        multiplicities[never] = 0
        let resampled = try whole.resampling(multiplicities, sample: "in the test's sample")

        // The same data written out: PT2's rows gone, PT1's rows again under a new subject, PT1-copy.
        guard case let .categorical(ids) = try table.column(named: "USUBJID").values else { Issue.record("USUBJID"); return }
        let kept = (0..<table.rowCount).filter { ids.value(at: $0) != "PT2" }
        let copies = (0..<table.rowCount).filter { ids.value(at: $0) == "PT1" }
        var written = table.keepingRows(kept + copies)
        let index = try #require(written.columns.firstIndex { $0.name == "USUBJID" })
        guard case let .categorical(factor) = written.columns[index].values else { return }
        let copyCode = Int32(factor.levels.count)
        let codes = factor.codes.enumerated().map { position, code in position >= kept.count ? copyCode : code }
        written.columns[index].values = .categorical(Factor(levels: factor.levels + ["PT1-copy"], codes: codes))
        let direct = try RepeatedMeasuresModel(frame: try ModelFrame(try Formula(Self.formula), table: written))

        let fit = try RepeatedMeasuresFit(model: whole)
        let a = try resampled.evaluate(fit.theta, gradient: true), b = try direct.evaluate(fit.theta, gradient: true)
        for (x, y) in zip(a.fixedEffects, b.fixedEffects) { #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "β \(x) vs \(y)") }
        for (x, y) in zip(a.gradient, b.gradient) { #expect(abs(x - y) <= 1e-8 * max(1, abs(y)), "gradient \(x) vs \(y)") }
        #expect(resampled.patterns.map(\.subjectCount).reduce(0, +) == direct.patterns.map(\.subjectCount).reduce(0, +))
        #expect(resampled.patterns.count == direct.patterns.count)
    }

    /// Leaving out every subject seen at some pair of visits is refused, naming the resample.
    @Test func aResampleThatLosesAPairOfVisitsIsRefused() throws {
        let whole = try RepeatedMeasuresModel(frame: try ModelFrame(try Formula(Self.formula), table: SASListingTests.table))
        // One subject of each pattern that misses VIS4: every visit but VIS4 is still seen, VIS4 not at all.
        let subjects = try #require(whole.frame.covariance?.subjects), visitIndices = try #require(whole.frame.covariance?.visitIndices)
        var visitsOf = [[Int]](repeating: [], count: subjects.count)
        for (row, subject) in whole.subjectIndices.enumerated() { visitsOf[Int(subject)].append(Int(visitIndices[row])) }
        var multiplicities = [Int](repeating: 0, count: subjects.count), seenPatterns: Set<[Int]> = []
        for subject in subjects.indices where !visitsOf[subject].contains(3) && seenPatterns.insert(visitsOf[subject].sorted()).inserted {
            multiplicities[subject] = 1
        }
        #expect(throws: MixedModelError.self) { try whole.resampling(multiplicities, sample: "in sample 7") }
        do {
            _ = try whole.resampling(multiplicities, sample: "in sample 7")
        } catch {
            #expect("\(error)".contains("in sample 7, no subject was seen at"), "\(error)")
        }
    }
}
