#if canImport(Glibc)
import Glibc
#endif

/// One fuzzing binary for every target, chosen by `TRIALSTATS_FUZZ_TARGET`: one instrumented
/// build and one link instead of seven, which is most of what the fuzz step costs in CI.
let targets: [String: FuzzTarget] = [
    "csv": CSVTarget(),
    "number": NumberTarget(),
    "formula": FormulaTarget(),
    "plan": PlanTarget(),
    "summary": SummaryFileTarget(),
    "items": ItemPatternTarget(),
    "emmeans": MarginalMeansSpecificationTarget(),
]

let selected: FuzzTarget = {
    let name = getenv("TRIALSTATS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = targets[name] else {
        let names = targets.keys.sorted().joined(separator: ", ")
        printToStandardError("TrialStatsFuzz: set TRIALSTATS_FUZZ_TARGET to one of \(names) (got \"\(name)\")\n")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    selected.run(Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}
