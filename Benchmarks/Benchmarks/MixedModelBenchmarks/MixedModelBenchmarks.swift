import Benchmark
import Foundation
import MixedModels
import ModelFrames
import TrialData

/// One evaluation of the profiled REML objective (set θ, update the blocked factor, read the
/// objective), by random-effects shape, as MixedModels.jl groups its benchmarks:
///
/// - single scalar: `(1 | subject)`, 10,000 subjects × 6 visits;
/// - single vector: `(1 + week | subject)`, 10,000 subjects × 6 visits;
/// - nested: `(1 | site/subject)`, 50 sites × 200 subjects × 6 visits;
/// - crossed: `(1 | subject) + (1 | rater)`, 10,000 subjects × 6 visits, 40 raters.
///
/// A fit takes about a hundred evaluations, so these times × 100 are the optimizer's share.
let benchmarks: @Sendable () -> Void = {
    let table = simulatedTrial(subjects: 10_000, visits: 6, sites: 50, raters: 40)
    let shapes: [(String, String)] = [
        ("single scalar, (1 | subject)", "y ~ arm * week + (1 | subject)"),
        ("single vector, (1 + week | subject)", "y ~ arm * week + (1 + week | subject)"),
        ("nested, (1 | site/subject)", "y ~ arm * week + (1 | site/subject)"),
        ("crossed, (1 | subject) + (1 | rater)", "y ~ arm * week + (1 | subject) + (1 | rater)"),
    ]
    for (name, formula) in shapes {
        let frame = try! ModelFrame(Formula(formula), table: table)
        let start = try! LinearMixedModel(frame: frame)
        let theta = start.theta.map { $0 == 1 ? 0.8 : 0.1 }
        Benchmark("REML objective, \(name), 60,000 rows",
                  configuration: .init(metrics: [.wallClock], maxDuration: .seconds(5), maxIterations: 200)) { benchmark in
            var model = start
            for _ in benchmark.scaledIterations { blackHole(model.objective(at: theta)) }
        }
    }
}

/// Subjects in 3 arms, each seen at `visits` weeks, nested in sites, scored by raters drawn at
/// random: a response with subject intercepts and slopes, site and rater effects.
func simulatedTrial(subjects: Int, visits: Int, sites: Int, raters: Int) -> Table {
    var state: UInt64 = 2026
    func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) * 0x1.0p-53
    }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * Double.pi * uniform()) }
    let siteEffects = (0..<sites).map { _ in 0.4 * normal() }
    let raterEffects = (0..<raters).map { _ in 0.3 * normal() }
    var subject: [Int32] = [], arm: [Int32] = [], site: [Int32] = [], rater: [Int32] = []
    var week: [Double] = [], y: [Double] = []
    for s in 0..<subjects {
        let a = Int32(s % 3), siteIndex = s % sites
        let intercept = normal(), slope = 0.07 * normal()
        for v in 0..<visits {
            let r = Int(uniform() * Double(raters))
            let w = Double(v * 2)
            subject.append(Int32(s)); arm.append(a); site.append(Int32(siteIndex)); rater.append(Int32(r)); week.append(w)
            y.append(6.6 + intercept + siteEffects[siteIndex] + raterEffects[r] + (-0.1 * Double(a + 1) + slope) * w + 0.8 * normal())
        }
    }
    func factor(_ codes: [Int32], _ prefix: String, _ count: Int) -> Column.Values {
        .categorical(Factor(levels: (0..<count).map { "\(prefix)\(String(format: "%05d", $0))" }, codes: codes))
    }
    return Table(source: "simulated", columns: [
        Column(name: "subject", values: factor(subject, "S", subjects)),
        Column(name: "arm", values: .categorical(Factor(levels: ["dextrose", "saline", "triamcinolone"], codes: arm))),
        Column(name: "site", values: factor(site, "site", sites)),
        Column(name: "rater", values: factor(rater, "R", raters)),
        Column(name: "week", values: .numeric(week)),
        Column(name: "y", values: .numeric(y)),
    ], lineNumbers: (0..<Int32(y.count)).map { $0 + 2 })
}
