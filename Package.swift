// swift-tools-version:6.1
// TrialStats: outcomes-research statistics for pain and disability trials.
// SPDX-License-Identifier: GPL-3.0-or-later
import PackageDescription

/// Debian packages that provide each system library; SwiftPM prints them when one is missing.
let blasProviders: [SystemPackageProvider] = [.apt(["libopenblas-dev", "liblapacke-dev"])]

let package = Package(
    name: "TrialStats",
    products: [
        .executable(name: "trialstats", targets: ["trialstats"]),
        .library(name: "TrialData", targets: ["TrialData"]),
        .library(name: "Instruments", targets: ["Instruments"]),
        .library(name: "EffectSizes", targets: ["EffectSizes"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Distributions", targets: ["Distributions"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "ModelFrames", targets: ["ModelFrames"]),
        .library(name: "MixedModels", targets: ["MixedModels"]),
        .library(name: "MetaAnalysis", targets: ["MetaAnalysis"]),
        .library(name: "StatsCore", targets: ["StatsCore"]),
        .library(name: "HypothesisTests", targets: ["HypothesisTests"]),
        .library(name: "LinearModels", targets: ["LinearModels"]),
        .library(name: "Descriptives", targets: ["Descriptives"]),
        .library(name: "Analyses", targets: ["Analyses"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Plans", targets: ["Plans"]),
    ],
    dependencies: [
        // Exact versions: Package.resolved is not committed (the local mirror's commit ids are
        // not GitHub's), so the version is pinned here to keep builds reproducible.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        // Word documents are ZIP packages; it needs zlib's headers (zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Level 0: system libraries. Not API; each is imported by exactly one module.
        .systemLibrary(name: "_CLapack", pkgConfig: "lapacke", providers: blasProviders),
        .systemLibrary(name: "_CNLopt", pkgConfig: "nlopt", providers: [.apt(["libnlopt-dev"])]),
        .systemLibrary(name: "_CRmath", pkgConfig: "libRmath", providers: [.apt(["r-mathlib"])]),

        // Level 0: reading trial data.
        .target(name: "TrialData", dependencies: [.product(name: "Yams", package: "Yams")]),

        // Level 1-2: the numeric core.
        .target(name: "LinearAlgebra", dependencies: ["_CLapack"]),
        .target(name: "Distributions", dependencies: ["_CRmath"]),
        .target(name: "Optimization", dependencies: ["_CNLopt"]),

        // Level 3: result types shared by every analysis, and model frames.
        .target(name: "StatsCore"),
        .target(name: "ModelFrames", dependencies: ["TrialData", "LinearAlgebra"]),

        // Level 4: analyses.
        .target(name: "HypothesisTests", dependencies: ["Distributions", "StatsCore"]),
        .target(name: "LinearModels", dependencies: ["ModelFrames", "LinearAlgebra", "Distributions", "StatsCore", "TrialData"]),
        .target(name: "Instruments", dependencies: ["TrialData"], resources: [.copy("Resources")]),
        .target(name: "EffectSizes", dependencies: ["Distributions", "StatsCore"]),
        .target(name: "Descriptives", dependencies: ["Distributions", "StatsCore"]),
        .target(
            name: "MixedModels",
            dependencies: ["ModelFrames", "LinearAlgebra", "Optimization", "Distributions", "StatsCore", "TrialData", "Descriptives", "HypothesisTests"]
        ),

        // Level 5: estimands, on the MMRM: reference-based imputation and its sensitivity analyses.
        .target(name: "Estimands", dependencies: ["MixedModels", "ModelFrames", "LinearAlgebra", "Distributions", "TrialData"]),
        .target(name: "TrialSimulation", dependencies: ["MixedModels", "ModelFrames", "LinearAlgebra", "Distributions", "TrialData", "HypothesisTests", "StatsCore", .product(name: "Yams", package: "Yams")]),

        // Level 5: pooling published summaries, and checks of published numbers.
        .target(name: "MetaAnalysis", dependencies: ["Distributions", "StatsCore", "TrialData", "HypothesisTests"]),

        // Level 6: analyses, one typed Spec → Result per command; a result is its command's JSON.
        .target(
            name: "Analyses",
            dependencies: ["TrialData", "Descriptives", "EffectSizes", "HypothesisTests", "LinearModels", "MixedModels", "ModelFrames", "LinearAlgebra", "MetaAnalysis", "Instruments", "StatsCore", "Estimands", "TrialSimulation"]
        ),

        // Level 5: reporting, which knows result tables and nothing of models.
        .target(name: "Reporting", dependencies: ["StatsCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Plans", dependencies: ["TrialData", "Reporting", .product(name: "Yams", package: "Yams")]),

        // The command-line tool.
        .executableTarget(
            name: "trialstats",
            dependencies: [
                "TrialData", "Instruments", "ModelFrames", "LinearModels", "EffectSizes", "Descriptives", "Reporting", "LinearAlgebra", "Distributions", "Optimization", "StatsCore", "HypothesisTests", "MixedModels", "Plans", "MetaAnalysis", "Analyses", "Estimands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["LinearAlgebra", "Distributions"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DistributionsTests",
            dependencies: ["Distributions"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"]),
        .testTarget(
            name: "HypothesisTestsTests",
            dependencies: ["HypothesisTests"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TrialDataTests",
            dependencies: ["TrialData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "InstrumentsTests", dependencies: ["Instruments"]),
        .testTarget(name: "EffectSizesTests", dependencies: ["EffectSizes", "HypothesisTests"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DescriptivesTests", dependencies: ["Descriptives"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "PlansTests", dependencies: ["Plans"]),
        .testTarget(
            name: "LinearModelsTests",
            dependencies: ["LinearModels", "ModelFrames", "TrialData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "MixedModelsTests",
            dependencies: ["MixedModels", "ModelFrames", "TrialData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EstimandsTests", dependencies: ["Estimands", "TrialData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrialSimulationTests", dependencies: ["TrialSimulation", "TrialData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MetaAnalysisTests", dependencies: ["MetaAnalysis"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StatsCoreTests", dependencies: ["StatsCore"]),
        .testTarget(name: "AnalysesTests", dependencies: ["Analyses", "TrialData", "MixedModels", "ModelFrames"], exclude: ["Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["trialstats", .product(name: "ZIPFoundation", package: "ZIPFoundation")], resources: [.copy("Fixtures")]),
    ]
)
