// Times each stage of a linear mixed model fit on one CSV and prints them as key=value pairs,
// for compare-lmm, which runs lme4 on the same file in the same run.
//
//   MixedModelFitTiming FILE --formula F [--ml] [--df satterthwaite|kenward-roger|none] [--repeat K]
//
// Stages: read (CSV), frame (model frame), setup (checks, X's rank, the cross products A),
// optimize (BOBYQA, Newton polish and the convergence check), df (all coefficients' and the
// type III tests' df). The best of K runs of each stage is printed, with peak memory.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MixedModels
import ModelFrames
import TrialData

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}
guard let formulaText = option("--formula") else { fatalError("--formula is required") }
let repeats = option("--repeat").flatMap { Int($0) } ?? 1
let dfMethod = option("--df") ?? "satterthwaite"
let method: EstimationMethod = arguments.contains("--ml") ? .ml : .reml
arguments.removeAll { $0 == "--ml" }
guard let path = arguments.first else { fatalError("a CSV file is required") }

func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var best: [String: Double] = [:]
var lastFit: LinearMixedModelFit?
let isRepeatedMeasures = (try? Formula(formulaText))?.covarianceTerm != nil
if isRepeatedMeasures {
    // An MMRM: the same stages, with Kenward-Roger as the df by default.
    var summary = ""
    for _ in 0..<max(repeats, 1) {
        var table: Table!
        var frame: ModelFrame!
        var model: RepeatedMeasuresModel!
        var fit: RepeatedMeasuresFit!
        var times: [(String, Double)] = []
        times.append(("read", try seconds { table = try CSVReader.read(path: path) }))
        times.append(("frame", try seconds { frame = try ModelFrame(Formula(formulaText), table: table) }))
        times.append(("setup", try seconds { model = try RepeatedMeasuresModel(frame: frame, method: method) }))
        times.append(("optimize", try seconds { fit = try RepeatedMeasuresFit(model: model) }))
        if dfMethod != "none" {
            let chosen = DegreesOfFreedomMethod(rawValue: dfMethod) ?? .kenwardRoger
            times.append(("df", try seconds { _ = try FixedEffectsInference(fit: fit, method: chosen) }))
        }
        times.append(("fit", times.filter { ["frame", "setup", "optimize"].contains($0.0) }.reduce(0) { $0 + $1.1 }))
        for (stage, time) in times { best[stage] = min(best[stage] ?? .infinity, time) }
        summary = "rows=\(fit.model.observationCount) subjects=\(fit.model.subjectCount) patterns=\(fit.model.patterns.count) "
            + "optimizer=\(fit.optimizer) converged=\(fit.converged) objective=\(fit.objective)"
    }
    print(summary)
    for stage in ["read", "frame", "setup", "optimize", "df", "fit"] where best[stage] != nil { print("seconds_\(stage)=\(best[stage]!)") }
    print("peak_bytes=\(peakResidentBytes())")
    exit(0)
}
for _ in 0..<max(repeats, 1) {
    var table: Table!
    var frame: ModelFrame!
    var model: LinearMixedModel!
    var optimization: MixedModelOptimization!
    var fit: LinearMixedModelFit!
    var times: [(String, Double)] = []
    times.append(("read", try seconds { table = try CSVReader.read(path: path) }))
    times.append(("frame", try seconds { frame = try ModelFrame(Formula(formulaText), table: table) }))
    times.append(("setup", try seconds { model = try LinearMixedModel(frame: frame, method: method) }))
    times.append(("optimize", try seconds {
        optimization = try model.optimize()
        fit = LinearMixedModelFit(model: model, optimization: optimization)
    }))
    if dfMethod != "none" {
        let chosen = DegreesOfFreedomMethod(rawValue: dfMethod) ?? .satterthwaite
        times.append(("df", try seconds { _ = try FixedEffectsInference(fit: fit, method: chosen) }))
    }
    times.append(("fit", times.filter { $0.0 == "frame" || $0.0 == "setup" || $0.0 == "optimize" }.reduce(0) { $0 + $1.1 }))
    for (stage, time) in times { best[stage] = min(best[stage] ?? .infinity, time) }
    lastFit = fit
}
let fit = lastFit!
var line = "rows=\(fit.observationCount) evaluations=\(fit.optimization.evaluations) converged=\(fit.converged)"
line += " objective=\(fit.objective) theta=\(fit.theta.map { String($0) }.joined(separator: ","))"
print(line)
for stage in ["read", "frame", "setup", "optimize", "df", "fit"] where best[stage] != nil {
    print("seconds_\(stage)=\(best[stage]!)")
}
print("peak_bytes=\(peakResidentBytes())")
