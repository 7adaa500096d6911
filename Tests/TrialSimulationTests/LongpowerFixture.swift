import Foundation
@testable import TrialSimulation

/// longpower_mmrm.json (longpower_mmrm.R): three designs and longpower's analytic power.
struct LongpowerFixture: Decodable {
    struct Design: Decodable {
        let name: String
        let correlation: [[Double]]
        let sd: Double
        let control, treatment: [Double]
        let n: Int
        let delta, alpha: Double
        let power: String

        /// The design as TrialSimulation reads it: control 0 at every visit, the treatment's
        /// effect growing linearly to delta at the last visit, the same SD at every visit.
        func trialDesign(method: PlannedAnalysis.Method = .mmrm, degreesOfFreedom: PlannedAnalysis.DegreesOfFreedom = .normal,
                         replicates: Int, seed: UInt64 = 1) -> TrialDesign {
            let t = control.count, visits = (1...t).map { "v\($0)" }
            return TrialDesign(
                visits: visits,
                arms: [.init(name: "control", means: [Double](repeating: 0, count: t), retention: control),
                       .init(name: "treated", means: (1...t).map { delta * Double($0) / Double(t) }, retention: treatment)],
                control: "control", covariance: .init(structure: .us, sd: [sd], correlation: correlation),
                analysis: .init(method: method, visit: visits[t - 1], degreesOfFreedom: degreesOfFreedom, alpha: alpha),
                sampleSizes: [n], replicates: replicates, seed: seed)
        }
    }
    let designs: [Design]

    static let shared: LongpowerFixture = try! JSONDecoder().decode(LongpowerFixture.self, from: Data(contentsOf:
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/longpower_mmrm.json")))
}
