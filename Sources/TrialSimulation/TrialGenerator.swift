#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import LinearAlgebra
import TrialData

/// One simulated trial of a design at a per-arm size: each subject's outcomes at every visit drawn
/// from N(their arm's means, Σ), then the visits after their dropout removed (a uniform u per
/// subject: seen at visit j while u < retention_j; with a MAR rule, also leaving after a visit with
/// the rule's chance given the value seen there). The rows are the observed ones, in long form.
public struct TrialGenerator: Sendable {
    public let design: TrialDesign
    let factor: Matrix

    public init(_ design: TrialDesign) throws {
        let problems = design.problems()
        guard problems.isEmpty else { throw SimulationError.design(problems) }
        self.design = design
        factor = try design.covariance.factor(visits: design.visits.count)
    }

    /// Columns subject, arm, visit and y; every subject draws T normals and one uniform, seen or not.
    public func trial(sampleSize n: Int, using generator: inout Xoshiro256StarStar) -> Table {
        let t = design.visits.count, sizes = design.armSizes(n), normal = Normal.standard
        var subjects: [Int32] = [], arms: [Int32] = [], visits: [Int32] = [], outcome: [Double] = []
        var subject: Int32 = 0
        for (armIndex, arm) in design.arms.enumerated() {
            for _ in 0..<sizes[armIndex] {
                let z = normal.samples(t, using: &generator)
                let u = generator.nextUniform()
                // A MAR rule draws one more uniform per visit but the last, used or not.
                let leaving = arm.marDropout.map { _ in (0..<(t - 1)).map { _ in generator.nextUniform() } }
                var present = true
                for visit in 0..<t where present && u < arm.retention[visit] {
                    var value = arm.means[visit]
                    for k in 0...visit { value += factor[visit, k] * z[k] }
                    subjects.append(subject)
                    arms.append(Int32(armIndex))
                    visits.append(Int32(visit))
                    outcome.append(value)
                    if let rule = arm.marDropout, let leaving, visit < t - 1 {
                        let chance = 1 / (1 + exp(-(rule.intercept + rule.slope * value)))
                        if leaving[visit] < chance { present = false }
                    }
                }
                subject += 1
            }
        }
        let width = String(subject).count
        let labels = (0..<Int(subject)).map { "S" + String(repeating: "0", count: max(0, width - String($0 + 1).count)) + String($0 + 1) }
        let columns = [
            Column(name: "subject", values: .categorical(Factor(levels: labels, codes: subjects))),
            Column(name: "arm", values: .categorical(Factor(levels: design.arms.map(\.name), codes: arms))),
            Column(name: "visit", values: .categorical(Factor(levels: design.visits, codes: visits))),
            Column(name: "y", values: .numeric(outcome)),
        ]
        return Table(source: "simulated trial", columns: columns, lineNumbers: (0..<Int32(outcome.count)).map { $0 + 2 })
    }
}
