import Analyses
import ArgumentParser
import Distributions
import LinearAlgebra
import Optimization
import StatsCore

/// `trialstats doctor`: which numeric libraries this binary runs on, and a quick check that
/// each one answers correctly. The first thing to run on a new machine or in a bug report.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Report the BLAS, LAPACK, NLopt and Rmath in use and check that each works.")

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Print only the OPENBLAS_CORETYPE this CPU should use, or nothing if the default is right.")
    var suggestedCoreType = false

    struct Check: Codable, Sendable, Equatable {
        var name: String
        var passed: Bool
        var detail: String
    }

    /// `--format json` (schema trialstats/doctor/1).
    struct Report: Codable {
        var schema = "trialstats/doctor/1"
        var trialstats: String
        var blas: String
        var blasCore: String
        var blasThreads: Int
        var processors: Int
        @Null var blasSuggestedCoreType: String?
        /// The kernels OpenBLAS chose before `trialstats` restarted it with better ones.
        @Null var blasReplacedKernels: String?
        var lapack: String
        var nlopt: String
        var rmath: String
        var checks: [Check]
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let libraries = LinearAlgebraLibraryInformation.current()
        if suggestedCoreType {
            if let core = libraries.suggestedCoreType { try StandardStreams.writeResult(core) }
            return
        }
        let report = Report(
            trialstats: TrialStatsVersion.current,
            blas: libraries.blasConfiguration, blasCore: libraries.blasCoreName,
            blasThreads: libraries.blasThreads, processors: libraries.processors,
            blasSuggestedCoreType: libraries.suggestedCoreType,
            blasReplacedKernels: BLASKernelSelection.replacedKernels,
            lapack: libraries.lapackVersion, nlopt: nloptVersion, rmath: "R \(rmathVersion) nmath (standalone)",
            checks: Self.selfChecks())
        switch format {
        case .json:
            try StandardStreams.writeResult(try JSONText.encode(report))
        case .text:
            var lines = [
                "TrialStats \(report.trialstats)",
                "BLAS     \(report.blas) (kernels: \(report.blasCore); \(report.blasThreads) threads on \(report.processors) processors)",
            ]
            if let replaced = report.blasReplacedKernels {
                lines.append("         OpenBLAS chose \(replaced) kernels, older than this CPU; TrialStats restarted it with "
                             + "OPENBLAS_CORETYPE=\(report.blasCore) (set TRIALSTATS_KEEP_BLAS_KERNELS=1 to keep them)")
            }
            if let core = report.blasSuggestedCoreType {
                lines.append("         warning: OpenBLAS chose \(report.blasCore) kernels, older than this CPU; "
                             + "export OPENBLAS_CORETYPE=\(core) for several times faster matrix products")
            }
            lines += [
                "LAPACK   \(report.lapack), through LAPACKE",
                "NLopt    \(report.nlopt) (BOBYQA, L-BFGS)",
                "Rmath    \(report.rmath)",
                "",
                "Checks",
            ]
            for check in report.checks {
                lines.append("  \(check.passed ? "ok    " : "FAILED") \(check.name): \(check.detail)")
            }
            try StandardStreams.writeResult(lines.joined(separator: "\n"))
        }
        if report.checks.contains(where: { !$0.passed }) {
            StandardStreams.writeMessage("trialstats doctor: a numeric library gave a wrong answer; results on this machine cannot be trusted")
            throw ExitStatus.internalError.exitCode
        }
    }

    /// One small problem with a known answer per library.
    static func selfChecks() -> [Check] {
        var checks: [Check] = []
        func record(_ name: String, _ body: () throws -> (Bool, String)) {
            do {
                let (passed, detail) = try body()
                checks.append(Check(name: name, passed: passed, detail: detail))
            } catch {
                checks.append(Check(name: name, passed: false, detail: "\(error)"))
            }
        }
        record("BLAS dgemm") {
            let product = try Matrix([[1, 2], [3, 4]]).multiplied(by: Matrix([[5, 6], [7, 8]]))
            return (product.storage == [19, 43, 22, 50], "[[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]")
        }
        record("LAPACK dpotrf") {
            let factor = try CholeskyFactorization(Matrix([[4, 2], [2, 3]]), method: .lapack).lower
            let expected = [2.0, 1, 0, 2.0.squareRoot()]
            let error = zip(factor.storage, expected).map { abs($0 - $1) }.max() ?? .infinity
            return (error < 1e-15, "Cholesky of [[4,2],[2,3]] is [[2,0],[1,√2]]")
        }
        record("Rmath qt") {
            // Source: R 4.2.2, sprintf("%.17g", qt(0.975, 10)) = 2.2281388519862739.
            let value = try StudentT(degreesOfFreedom: 10).quantile(0.975)
            return (abs(value - 2.2281388519862739) < 1e-14, "qt(0.975, 10) = \(value)")
        }
        record("NLopt BOBYQA") {
            let summary = try Minimizer.minimize(start: [0, 0]) { x in
                (x[0] - 1) * (x[0] - 1) + (x[1] + 2) * (x[1] + 2)
            }
            let found = abs(summary.final[0] - 1) < 1e-6 && abs(summary.final[1] + 2) < 1e-6
            return (found, "minimum of (x−1)² + (y+2)² found at (1, −2) in \(summary.evaluations) evaluations")
        }
        return checks
    }
}
