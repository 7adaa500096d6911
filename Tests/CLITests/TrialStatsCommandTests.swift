import Foundation
import Testing

struct TrialStatsCommandTests {
    @Test func versionPrintsTheRelease() throws {
        let outcome = try CommandRunner.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == "0.1.0\n")
    }

    @Test func usageErrorsExitWith64AndSayWhatWasWrong() throws {
        let unknown = try CommandRunner.run(["no-such-command"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("Unexpected argument 'no-such-command'"))
        let badFormat = try CommandRunner.run(["doctor", "--format", "xml"])
        #expect(badFormat.status == 64)
        #expect(badFormat.standardError.contains("xml"))
        #expect(badFormat.standardOutput.isEmpty)
    }

    @Test func anUnwritableResultExitsWith74() throws {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["example"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let error = Pipe()
        process.standardError = error
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(message.contains("could not write the result"))
    }

    @Test func helpListsTheSubcommandsAndExitCodes() throws {
        let outcome = try CommandRunner.run(["--help"])
        #expect(outcome.status == 0)
        for word in ["doctor", "example", "64  usage error", "65  data error", "66  missing input", "70  internal error", "74  output error"] {
            #expect(outcome.standardOutput.contains(word), "help lacks \(word)")
        }
    }
}

struct DoctorCommandTests {
    struct Report: Decodable {
        struct Check: Decodable {
            let name: String
            let passed: Bool
        }
        let trialstats: String
        let blas: String
        let blasThreads: Int
        let blasCore: String
        let blasSuggestedCoreType: String?
        let blasReplacedKernels: String?
        let lapack: String
        let nlopt: String
        let rmath: String
        let checks: [Check]
    }

    @Test func reportsEveryLibraryAndPassesItsChecks() throws {
        let outcome = try CommandRunner.run(["doctor", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.standardOutput.utf8))
        #expect(report.trialstats == "0.1.0")
        #expect(report.blas.hasPrefix("OpenBLAS"))
        #expect(report.blasThreads >= 1)
        #expect(report.lapack.split(separator: ".").count == 3)
        #expect(report.nlopt.split(separator: ".").count == 3)
        #expect(report.rmath.hasPrefix("R "))
        #expect(report.checks.map(\.name) == ["BLAS dgemm", "LAPACK dpotrf", "Rmath qt", "NLopt BOBYQA"])
        #expect(report.checks.allSatisfy { $0.passed })
    }

    @Test func threadCountFollowsTheEnvironment() throws {
        let outcome = try CommandRunner.run(["doctor", "--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.standardOutput.utf8))
        #expect(report.blasThreads == 1)
    }

    @Test func outdatedBLASKernelsAreReplacedOnlyWhenTheUserHasNotChosen() throws {
        let blasVariables = ["OPENBLAS_CORETYPE", "TRIALSTATS_KEEP_BLAS_KERNELS", "TRIALSTATS_OPENBLAS_FALLBACK"]
        let automatic = try CommandRunner.run(["doctor", "--format", "json"], removing: blasVariables)
        let kept = try CommandRunner.run(["doctor", "--format", "json"], environment: ["TRIALSTATS_KEEP_BLAS_KERNELS": "1"],
                                         removing: ["OPENBLAS_CORETYPE", "TRIALSTATS_OPENBLAS_FALLBACK"])
        let automaticReport = try JSONDecoder().decode(Report.self, from: Data(automatic.standardOutput.utf8))
        let keptReport = try JSONDecoder().decode(Report.self, from: Data(kept.standardOutput.utf8))
        // After the restart nothing better is left to suggest.
        #expect(automaticReport.blasSuggestedCoreType == nil)
        #expect(keptReport.blasReplacedKernels == nil)
        if let replaced = automaticReport.blasReplacedKernels {
            // This CPU is newer than OpenBLAS's table: the kept run shows the fallback and suggests the fix.
            #expect(keptReport.blasCore == replaced)
            #expect(keptReport.blasSuggestedCoreType == automaticReport.blasCore)
        } else {
            #expect(keptReport.blasCore == automaticReport.blasCore)
        }
        // A user's own choice is respected.
        let chosen = try CommandRunner.run(["doctor", "--format", "json"], environment: ["OPENBLAS_CORETYPE": keptReport.blasCore],
                                           removing: ["TRIALSTATS_KEEP_BLAS_KERNELS", "TRIALSTATS_OPENBLAS_FALLBACK"])
        let chosenReport = try JSONDecoder().decode(Report.self, from: Data(chosen.standardOutput.utf8))
        #expect(chosenReport.blasCore == keptReport.blasCore)
        #expect(chosenReport.blasReplacedKernels == nil)
    }

    @Test func textReportNamesEachLibrary() throws {
        let outcome = try CommandRunner.run(["doctor"])
        #expect(outcome.status == 0)
        for label in ["BLAS", "LAPACK", "NLopt", "Rmath", "ok     Rmath qt"] {
            #expect(outcome.standardOutput.contains(label), "doctor output lacks \(label)")
        }
    }
}

struct WorkedExampleCommandTests {
    @Test func reproducesRsTTestsAndFlagsTheTwoWeekDiscrepancy() throws {
        let json = try CommandRunner.run(["example", "--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let visits = try #require(document["visits"] as? [[String: Any]])
        func test(_ visit: String, _ kind: String) throws -> [String: Any] {
            let row = try #require(visits.first { $0["visit"] as? String == visit })
            return try #require(row[kind] as? [String: Any])
        }
        func close(_ value: Any?, _ reference: Double) -> Bool { abs(((value as? Double) ?? .nan) / reference - 1) < 1e-9 }
        // Source: Tests/HypothesisTestsTests/Fixtures/two_sample_t_summaries.json (two_sample_t_summaries.R, R 4.2.2 t.test):
        // Student p at 15 min 0.013842675119510636, at 2 weeks 0.33027860352003602 with CI −0.95305743957871814 to
        // 2.753057439578718; Welch p at 2 weeks 0.32241005094851505.
        let early = try test("15 min", "student"), student = try test("2 weeks", "student"), welch = try test("2 weeks", "welch")
        let interval = student["confidenceInterval"] as? [String: Any]
        #expect(close(early["pValue"], 0.013842675119510636))
        #expect(close(student["pValue"], 0.33027860352003602) && close(welch["pValue"], 0.32241005094851505))
        #expect(close(interval?["lower"], -0.95305743957871814) && close(interval?["upper"], 2.753057439578718))
        let printed = visits.first { $0["visit"] as? String == "2 weeks" }?["publishedP"] as? [String: Any]
        #expect(printed?["printed"] as? String == "0.217" && printed?["value"] as? Double == 0.217)
        // The text shows the same numbers, rounded, beside the printed p.
        let outcome = try CommandRunner.run(["example"])
        let twoWeeks = try #require(outcome.standardOutput.split(separator: "\n").first { $0.hasPrefix("2 weeks") })
        #expect(twoWeeks.contains("-0.95 to 2.75") && twoWeeks.hasSuffix("0.217"))
        #expect(outcome.standardOutput.contains("does not"))
    }

    /// Each run is a new process with its own hash seed, so any output that leaks Dictionary or Set
    /// order differs between two runs of the same command.
    @Test(arguments: [
        ["example", "--format", "json"],
        ["describe", "long", "--covariate", "age", "--format", "json"],
        ["table1", "long", "--covariate", "age", "--format", "json"],
        ["descriptives", "long", "--outcome", "vas", "--change", "--format", "json"],
        ["compare", "long", "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline",
         "--covariate", "age", "--format", "json"],
        ["responders", "long", "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline",
         "--percent", "50", "--format", "json"],
        ["reshape", "long", "--to", "wide"],
        ["fit", "long", "--formula", "vas ~ arm * factor(visit) + (1 | subject)", "--conditional-modes", "--format", "json"],
        ["fit", "long", "--formula", "vas ~ arm * factor(visit) + us(visit | subject)", "--emmeans", "arm | factor(visit)",
         "--contrasts", "pairwise", "--format", "json"],
    ])
    func outputIsByteForByteDeterministic(arguments: [String]) throws {
        let resolved = arguments.map { $0 == "long" ? DataCommandTests.demo("long") : $0 }
        let runs = try (0..<3).map { _ in try CommandRunner.run(resolved) }
        #expect(runs[0].status == 0, "\(runs[0].standardError)")
        #expect(runs[0].standardOutput.count > 100)
        #expect(runs.allSatisfy { $0.standardOutput == runs[0].standardOutput && $0.standardError == runs[0].standardError })
    }
}

struct BundledDatasetTests {
    /// The worked example's numbers are the ones in Datasets/, so the two cannot drift apart.
    @Test func workedExampleUsesTheBundledSummaries() throws {
        struct Visit: Decodable {
            struct Summary: Decodable {
                let count: Int
                let mean: Double
                let standardDeviation: Double
            }
            let visit: String
            let dextrose: Summary
            let saline: Summary
            struct Printed: Decodable { let printed: String }
            let publishedP: Printed
        }
        struct Result: Decodable { let visits: [Visit] }
        let outcome = try CommandRunner.run(["example", "--format", "json"])
        let result = try JSONDecoder().decode(Result.self, from: Data(outcome.standardOutput.utf8))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let csv = try String(contentsOf: root.appendingPathComponent("Datasets/maniquis-smigel-2017-nrs-change.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 2 * result.visits.count)
        for visit in result.visits {
            for (arm, summary) in [("dextrose", visit.dextrose), ("saline", visit.saline)] {
                let row = try #require(rows.first { $0[2] == visit.visit && $0[3] == arm })
                #expect(Int(row[4]) == summary.count && Double(row[5]) == summary.mean && Double(row[6]) == summary.standardDeviation,
                        "\(visit.visit) \(arm)")
                #expect(row[7].replacingOccurrences(of: " ", with: "") == visit.publishedP.printed.replacingOccurrences(of: " ", with: ""))
            }
        }
    }
}
