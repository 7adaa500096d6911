import Benchmark
import LinearAlgebra

/// dgemm at 200 and 2000 (reported as GFLOP/s), and the 6×6 Cholesky-plus-solve that mixed
/// models repeat for every subject block, through LAPACK and through the small kernel.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000)

    for order in [200, 2000] {
        let a = deterministicMatrix(order: order, seed: 1)
        let b = deterministicMatrix(order: order, seed: 2)
        let flops = 2 * Double(order) * Double(order) * Double(order)
        Benchmark(
            "dgemm \(order)×\(order)",
            configuration: .init(
                metrics: [.wallClock, .custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)],
                maxDuration: .seconds(order == 2000 ? 10 : 3),
                maxIterations: order == 2000 ? 40 : 5_000)
        ) { benchmark in
            let clock = ContinuousClock()
            for _ in benchmark.scaledIterations {
                let start = clock.now
                let product = try! a.multiplied(by: b)
                let elapsed = start.duration(to: clock.now)
                blackHole(product)
                let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
                benchmark.measurement(.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false),
                                      Int((flops / nanoseconds).rounded()))
            }
        }
    }

    let order = 6
    let block = spdBlock(order: order)
    let rightHandSide = (0..<order).map { Double($0) - 2.5 }
    for method in [CholeskyMethod.lapack, .smallKernel] {
        Benchmark(
            "6×6 Cholesky + solve (\(method == .lapack ? "LAPACK dpotrf + dtrsv" : "small kernel"))",
            configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .kilo)
        ) { benchmark in
            var work = block
            var solution = rightHandSide
            work.withUnsafeMutableBufferPointer { matrix in
                solution.withUnsafeMutableBufferPointer { vector in
                    for _ in benchmark.scaledIterations {
                        // Fresh copies each time: factoring in place destroys the input.
                        for index in 0..<(order * order) { matrix[index] = block[index] }
                        for index in 0..<order { vector[index] = rightHandSide[index] }
                        try! CholeskyKernels.factor(matrix.baseAddress!, order: order, method: method)
                        CholeskyKernels.solve(factor: matrix.baseAddress!, order: order,
                                              rightHandSide: vector.baseAddress!, method: method)
                    }
                }
            }
            blackHole(solution)
        }
    }
}

/// A matrix with entries in (−1, 1) from a fixed linear congruential sequence, so every run
/// multiplies the same numbers.
func deterministicMatrix(order: Int, seed: UInt64) -> Matrix {
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    var entries = [Double]()
    entries.reserveCapacity(order * order)
    for _ in 0..<(order * order) {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        entries.append(Double(state >> 11) * 0x1.0p-52 - 1)
    }
    return try! Matrix(rows: order, columns: order, columnMajor: entries)
}

/// A well-conditioned symmetric positive-definite block, column-major.
func spdBlock(order: Int) -> [Double] {
    var block = deterministicMatrix(order: order, seed: 3).crossProduct()
    for index in 0..<order { block[index, index] += Double(order) }
    return block.storage
}
