// swift-tools-version:6.1
// Benchmarks for TrialStats, kept in their own package so that ordo-one/benchmark never
// slows the main build. Run with `make bench` from the repository root.
import PackageDescription

let package = Package(
    name: "TrialStatsBenchmarks",
    dependencies: [
        .package(name: "TrialStats", path: ".."),
        // The default trait on Linux pulls in a package the local mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LinearAlgebraBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LinearAlgebra", package: "TrialStats"),
            ],
            path: "Benchmarks/LinearAlgebraBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "InstrumentBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Instruments", package: "TrialStats"),
                .product(name: "TrialData", package: "TrialStats"),
            ],
            path: "Benchmarks/InstrumentBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EffectSizeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "EffectSizes", package: "TrialStats"),
            ],
            path: "Benchmarks/EffectSizeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MixedModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MixedModels", package: "TrialStats"),
                .product(name: "ModelFrames", package: "TrialStats"),
                .product(name: "TrialData", package: "TrialStats"),
            ],
            path: "Benchmarks/MixedModelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // A plain executable: the stages of one mixed-model fit, timed; compare-lmm runs it
        // beside lme4 on the same files.
        .executableTarget(
            name: "MixedModelFitTiming",
            dependencies: [
                .product(name: "MixedModels", package: "TrialStats"),
                .product(name: "ModelFrames", package: "TrialStats"),
                .product(name: "TrialData", package: "TrialStats"),
            ],
            path: "Benchmarks/MixedModelFitTiming"
        ),
        // A plain executable, not a Benchmark suite: it prints MB/s and peak memory for one
        // large file, and compare-csv-read-with-R.sh runs it beside R on the same file.
        .executableTarget(
            name: "CSVReadThroughput",
            dependencies: [.product(name: "TrialData", package: "TrialStats")],
            path: "Benchmarks/CSVReadThroughput"
        ),
    ]
)
