// swift-tools-version:6.1
// Fuzzing TrialStats' readers and parsers with libFuzzer (`make fuzz`; see README.md here).
// Its own package: the fuzzer's entry point replaces `main`, and the whole build is instrumented
// (`swift build --sanitize=fuzzer --sanitize=address`), which the main build must never be.
// SPDX-License-Identifier: GPL-3.0-or-later
import PackageDescription

let package = Package(
    name: "TrialStatsFuzz",
    dependencies: [.package(name: "TrialStats", path: "../..")],
    targets: [
        .executableTarget(
            name: "TrialStatsFuzz",
            dependencies: [
                .product(name: "TrialData", package: "TrialStats"),
                .product(name: "ModelFrames", package: "TrialStats"),
                .product(name: "Plans", package: "TrialStats"),
                .product(name: "MetaAnalysis", package: "TrialStats"),
                .product(name: "Instruments", package: "TrialStats"),
                .product(name: "Analyses", package: "TrialStats"),
                .product(name: "StatsCore", package: "TrialStats"),
            ]
        ),
    ]
)
