import Benchmark
import Instruments
import TrialData

/// Scoring 100,000 patients × 30 DASH items, about 2% of items missing and a few invalid codes.
let benchmarks: @Sendable () -> Void = {
    let patients = 100_000
    var state: UInt64 = 20_261_121
    func draw(_ bound: UInt64) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 33) % bound
    }
    var columns: [Column] = []
    for item in 1...30 {
        let values = (0..<patients).map { _ -> Double in
            let roll = draw(100)
            return roll < 2 ? .nan : roll == 2 ? 9 : Double(1 + draw(5))
        }
        columns.append(Column(name: "dash_\(item)", values: .numeric(values)))
    }
    let table = Table(source: "benchmark", columns: columns, lineNumbers: (0..<patients).map { Int32($0 + 2) })
    let dash = try! InstrumentCatalogue.instrument(named: "dash")
    let items = columns.map(\.name)

    Benchmark("DASH 100,000 patients × 30 items", configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! TableScoring.score(table, instrument: dash, itemColumns: items, baseName: "dash"))
        }
    }
}
