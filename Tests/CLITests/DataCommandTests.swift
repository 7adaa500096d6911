import Foundation
import Testing

/// `trialstats describe` and `validate` on the bundled demo trial and on broken files.
struct DataCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func demo(_ form: String) -> String { root.appendingPathComponent("Datasets/demo-trial/demo-trial-\(form).csv").path }

    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: false, encoding: .utf8)
        return url.path
    }

    @Test func longAndWideFormsDescribeIdentically() throws {
        let options = ["--covariate", "age", "--range", "vas=0:10", "--levels", "arm=saline,dextrose,triamcinolone"]
        let long = try CommandRunner.run(["describe", Self.demo("long")] + options)
        let wide = try CommandRunner.run(["describe", Self.demo("wide")] + options)
        #expect(long.status == 0 && wide.status == 0, "\(long.standardError)\(wide.standardError)")
        let longBody = long.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        let wideBody = wide.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        #expect(Array(longBody) == Array(wideBody))
        #expect(wide.standardOutput.hasPrefix("\(Self.demo("wide")) (wide form: 60 rows × 3 visits → 180 subject-visit records)"))
        // Source: Datasets/demo-trial/make_demo_trial.py: P007, P031 and P058 (dextrose) and P023
        // (saline) miss week 12; P044 (saline) misses week 4.
        #expect(long.standardOutput.contains("dextrose       20 (0)  20 (0)  17 (3)"))
        #expect(long.standardOutput.contains("saline         X.X             1  no"))
        #expect(long.standardOutput.contains("rows: 180 read, 180 used, 0 excluded"))
    }

    @Test func describeAsJSONIsDeterministicAndCarriesTheLedger() throws {
        let first = try CommandRunner.run(["describe", Self.demo("long"), "--format", "json"])
        let second = try CommandRunner.run(["describe", Self.demo("long"), "--format", "json"])
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        let report = try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any]
        let description = report?["description"] as? [String: Any]
        let ledger = description?["ledger"] as? [String: Any]
        #expect(ledger?["rowsRead"] as? Int == 180)
    }

    @Test func validationErrorsExitWith65AndNameFileLineAndColumn() throws {
        let path = try Self.temporaryFile("subject,arm,visit,vas\nP1,dextrose,0,7\nP1,dextrose,4,\"7,5\"\nP2,saline,0,6\n")
        let outcome = try CommandRunner.run(["validate", path])
        #expect(outcome.status == 65)
        #expect(outcome.standardError.contains("\(path):3: column vas: \"7,5\" is not a number (decimal comma? try --decimal ,)"))
        #expect(outcome.standardOutput.isEmpty, "nothing is half-written")
    }

    @Test func warningsExcludeRowsAndTheLedgerSaysWhy() throws {
        let path = try Self.temporaryFile("subject,arm,visit,vas\nP1,dextrose,0,7\nP1,dextrose,4,12\nP2,saline,0,6\n")
        let outcome = try CommandRunner.run(["validate", path, "--range", "vas=0:10"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("rows: 3 read, 2 used, 1 excluded (out-of-range 1)"))
        #expect(outcome.standardOutput.contains("excluded line 3: column vas: \"12\" is outside the declared range 0 to 10 [out-of-range]"))
    }

    @Test func malformedAndMissingFilesHaveTheirOwnExitCodes() throws {
        let ragged = try Self.temporaryFile("subject,arm,visit,vas\nP1,dextrose,0\n")
        let malformed = try CommandRunner.run(["validate", ragged])
        #expect(malformed.status == 65)
        #expect(malformed.standardError.contains("\(ragged):2: 3 fields; expected 4"))
        let missing = try CommandRunner.run(["validate", "/nonexistent/trial.csv"])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("/nonexistent/trial.csv: cannot open: No such file or directory"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        for arguments in [["--range", "vas=10:0"], ["--severity", "no-such-rule=warning"], ["--levels", "arm"], ["--delimiter", "|"]] {
            let outcome = try CommandRunner.run(["validate", Self.demo("long")] + arguments)
            #expect(outcome.status == 64, "\(arguments)")
            #expect(!outcome.standardError.isEmpty)
        }
    }
}

struct ReshapeCommandTests {
    @Test func longToWideToLongKeepsEveryValue() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reshape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let wide = folder.appendingPathComponent("wide.csv").path, long = folder.appendingPathComponent("long.csv").path
        let toWide = try CommandRunner.run(["reshape", DataCommandTests.demo("long"), "--covariate", "age", "--to", "wide", "-o", wide])
        #expect(toWide.status == 0, "\(toWide.standardError)")
        let toLong = try CommandRunner.run(["reshape", wide, "--covariate", "age", "--to", "long", "-o", long])
        #expect(toLong.status == 0, "\(toLong.standardError)")
        // The bundled files write missing values as empty cells, TrialStats as NA; otherwise equal.
        let bundled = try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8)
        let roundTrip = try String(contentsOfFile: long, encoding: .utf8).replacingOccurrences(of: "NA", with: "")
        #expect(roundTrip == bundled)
        let bundledWide = try String(contentsOfFile: DataCommandTests.demo("wide"), encoding: .utf8)
        #expect(try String(contentsOfFile: wide, encoding: .utf8).replacingOccurrences(of: "NA", with: "") == bundledWide)
    }

    @Test func derivedColumnsFollowEachOutcome() throws {
        let path = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,x,0,8\nA,x,4,6\nB,x,0,0\nB,x,4,2\n")
        let outcome = try CommandRunner.run(["reshape", path, "--to", "long", "--derived"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Percent change is missing, not infinite, for subject B, whose baseline is 0.
        #expect(outcome.standardOutput == """
            subject,arm,visit,vas,vas_baseline,vas_change,vas_percent_change
            A,x,0,8,8,0,0
            A,x,4,6,8,-2,-25
            B,x,0,0,0,0,NA
            B,x,4,2,0,2,NA

            """)
        let wide = try CommandRunner.run(["reshape", path, "--to", "wide", "--derived"])
        #expect(wide.status == 64)
    }

    @Test func excludedRowsAreListedAndAFailedWriteLeavesNoFile() throws {
        let path = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nP1,x,0,7\nP1,x,4,12\nP2,y,0,6\n")
        let outcome = try CommandRunner.run(["reshape", path, "--range", "vas=0:10", "--to", "wide"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("excluded line 3: column vas: \"12\" is outside the declared range"))
        // Visit 4 stays a visit: its one row was excluded, not the visit.
        #expect(outcome.standardOutput == "subject,arm,vas_w0,vas_w4\nP1,x,7,NA\nP2,y,6,NA\n")
        // The target is a non-empty folder, so the final rename fails after the data were written:
        // the command must fail with 74 and leave neither a file nor its temporary copy behind.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        let target = folder.appendingPathComponent("out.csv")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("occupied"), withIntermediateDirectories: true)
        let unwritable = try CommandRunner.run(["reshape", path, "--to", "long", "-o", target.path])
        #expect(unwritable.status == 74)
        #expect(unwritable.standardError.contains("\(target.path): cannot write"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["out.csv"], "only the folder that was there before: \(left)")
    }
}

struct InputFormatCommandTests {
    static func demo(_ name: String) -> String {
        DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/\(name)").path
    }

    /// The per-arm-and-visit counts are the part of describe that must not depend on the format.
    static func countSection(_ output: String, outcome: String) -> [String] {
        let lines = output.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(of: "\(outcome): n observed (missing) by arm and visit") else { return [] }
        return Array(lines[(start + 1)...].prefix(4))
    }

    @Test func redcapAndADaMDescribeTheSameCountsAsThePlainFile() throws {
        let plain = try CommandRunner.run(["describe", Self.demo("demo-trial-long.csv"), "--covariate", "age"])
        let redcap = try CommandRunner.run(["describe", Self.demo("demo-trial-redcap.csv"), "--input-format", "redcap",
                                            "--dictionary", Self.demo("demo-trial-redcap-dictionary.csv"), "--covariate", "age"])
        let adam = try CommandRunner.run(["describe", Self.demo("demo-trial-adqs.csv"), "--input-format", "adam",
                                          "--adsl", Self.demo("demo-trial-adsl.csv"), "--param", "VAS", "--covariate", "AGE"])
        #expect(plain.status == 0 && redcap.status == 0 && adam.status == 0, "\(redcap.standardError)\(adam.standardError)")
        let expected = Self.countSection(plain.standardOutput, outcome: "vas")
        #expect(expected.count == 4)
        #expect(Self.countSection(redcap.standardOutput, outcome: "vas") == expected)
        #expect(Self.countSection(adam.standardOutput, outcome: "VAS") == expected)
        #expect(redcap.standardOutput.contains("rows: 182 read, 180 used, 2 excluded (not-an-analysis-record 2)"))
        #expect(adam.standardOutput.contains("… and 275 more excluded rows (--format json lists them all)"))
    }

    @Test func adapterOptionsNeedTheirFormat() throws {
        let outcome = try CommandRunner.run(["describe", Self.demo("demo-trial-long.csv"), "--param", "VAS"])
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains("--adsl and --param go with --input-format adam"))
        let several = try CommandRunner.run(["describe", Self.demo("demo-trial-adqs.csv"), "--input-format", "adam"])
        #expect(several.status == 65)
        #expect(several.standardError.contains("has 2: VAS, BCTQSSS"))
    }
}

struct SchemaCommandTests {
    @Test func aSchemaFileDeclaresWhatFlagsWouldAndFlagsOverrideIt() throws {
        let schema = try DataCommandTests.temporaryFile("roles:\n  covariates: [age]\nranges:\n  vas: [0, 5]\n")
        let strict = try CommandRunner.run(["validate", DataCommandTests.demo("long"), "--schema", schema])
        #expect(strict.status == 0)
        #expect(strict.standardOutput.contains("out-of-range"), "a 0-5 range excludes the demo's higher VAS values")
        let overridden = try CommandRunner.run(["validate", DataCommandTests.demo("long"), "--schema", schema, "--range", "vas=0:10"])
        #expect(overridden.standardOutput.contains("rows: 180 read, 180 used, 0 excluded"))
    }

    @Test func aBadSchemaStopsWithItsLineAndAMissingOneWith66() throws {
        let schema = try DataCommandTests.temporaryFile("roles:\n  subjet: id\n")
        let bad = try CommandRunner.run(["validate", DataCommandTests.demo("long"), "--schema", schema])
        #expect(bad.status == 65)
        #expect(bad.standardError.contains("\(schema):2: unknown key \"subjet\""))
        let missing = try CommandRunner.run(["validate", DataCommandTests.demo("long"), "--schema", "/nonexistent/schema.yaml"])
        #expect(missing.status == 66)
    }
}

struct CompareCommandTests {
    struct Expected: Decodable {
        let welch, welch_test, ancova, ancova_test, d, g, delta, shift, means: [String]
        let n: [Int]
    }
    struct Fixture: Decodable { let value, change: Expected }

    static func agrees(_ actual: Any?, _ expected: String) -> Bool {
        guard let actual = actual as? Double, let expected = Double(expected) else { return false }
        return abs(actual - expected) <= 1e-8 * max(abs(expected), 1e-12)
    }

    /// Every number `compare --format json` writes for the demo trial, read by name from its typed
    /// result, against R: t.test (Welch: difference, CI, p, t, df, SE), lm (ANCOVA with age: its SE,
    /// t and residual df too), effectsize's d, g and Glass's Δ (exact noncentral-t limits),
    /// wilcox.test with the shift.
    // Source: Fixtures/compare_demo.json, written by Fixtures/compare_demo.R (R 4.2.2, effectsize 0.8.3).
    @Test(arguments: [false, true])
    func everyNumberAgreesWithR(change: Bool) throws {
        let url = try #require(Bundle.module.url(forResource: "compare_demo", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let expected = change ? fixture.change : fixture.value
        let outcome = try CommandRunner.run(["compare", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12",
                                             "--treatment", "dextrose", "--control", "saline", "--covariate", "age", "--format", "json"]
                                            + (change ? ["--change"] : []))
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "trialstats/compare/2")
        let arms = try #require(document["arms"] as? [[String: Any]])
        #expect(arms.map { $0["arm"] as? String } == ["dextrose", "saline"] && arms.map { $0["n"] as? Int } == expected.n)
        #expect(Self.agrees(arms[0]["mean"], expected.means[0]) && Self.agrees(arms[0]["sd"], expected.means[1]))
        #expect(Self.agrees(arms[1]["mean"], expected.means[2]) && Self.agrees(arms[1]["sd"], expected.means[3]))
        let estimates = try #require(document["estimates"] as? [[String: Any]])
        #expect(estimates.map { $0["measure"] as? String }
                == ["mean difference", "mean difference", "adjusted difference (ANCOVA)", "Cohen's d", "Hedges' g", "Glass's Δ", "shift (Hodges-Lehmann)"])
        #expect(estimates.prefix(2).map { $0["method"] as? String } == ["Welch t test", "Student t test (pooled SD)"])
        func row(_ measure: String) -> [String: Any] { estimates.first { $0["measure"] as? String == measure } ?? [:] }
        func check(_ measure: String, _ reference: [String], p: Bool = true) {
            let estimate = row(measure)
            #expect(Self.agrees(estimate["estimate"], reference[0]), "\(measure) estimate")
            #expect(Self.agrees(estimate["lower"], reference[1]) && Self.agrees(estimate["upper"], reference[2]), "\(measure) interval")
            if p { #expect(Self.agrees(estimate["p"], reference[3]), "\(measure) p") } else { #expect(estimate["p"] is NSNull, "\(measure) p") }
        }
        check("mean difference", expected.welch)
        let welch = row("mean difference")
        #expect(Self.agrees(welch["statistic"], expected.welch_test[0]) && Self.agrees(welch["df"], expected.welch_test[1])
                && Self.agrees(welch["se"], expected.welch_test[2]), "Welch t, df and SE")
        check("adjusted difference (ANCOVA)", expected.ancova)
        let ancova = row("adjusted difference (ANCOVA)")
        #expect(Self.agrees(ancova["se"], expected.ancova_test[0]) && Self.agrees(ancova["statistic"], expected.ancova_test[1])
                && Self.agrees(ancova["df"], expected.ancova_test[2]), "ANCOVA SE, t and df")
        check("Cohen's d", expected.d, p: false)
        check("Hedges' g", expected.g, p: false)
        check("Glass's Δ", expected.delta, p: false)
        check("shift (Hodges-Lehmann)", expected.shift)
        // The text table shows the same numbers, Glass's Δ and the Welch df included.
        let text = try CommandRunner.run(["compare", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12",
                                          "--treatment", "dextrose", "--control", "saline", "--covariate", "age"] + (change ? ["--change"] : []))
        #expect(text.standardOutput.contains("Glass's Δ") && text.standardOutput.contains("Welch t test, df = "))
    }

    @Test func bootstrapIntervalsAreReproducibleFromTheSeed() throws {
        let arguments = ["compare", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose",
                         "--control", "saline", "--bootstrap", "2000", "--seed", "5", "--format", "json"]
        let first = try CommandRunner.run(arguments), second = try CommandRunner.run(arguments)
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        #expect(first.standardOutput.contains("Hedges' g, BCa bootstrap") && first.standardOutput.contains("2000 stratified resamples, seed 5"))
    }

    @Test func unknownArmsAndEmptyVisitsListWhatExists() throws {
        let arm = try CommandRunner.run(["compare", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12",
                                         "--treatment", "placebo", "--control", "saline"])
        #expect(arm.status == 65)
        #expect(arm.standardError.contains("no arm \"placebo\"; the arms are dextrose, saline, triamcinolone"))
        let visit = try CommandRunner.run(["compare", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=8",
                                           "--treatment", "dextrose", "--control", "saline"])
        #expect(visit.status == 65 && visit.standardError.contains("no visit 8; the visits are 0, 4, 12"))
        let path = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,x,0,5\nA,x,4,4\nB,x,0,6\nB,x,4,3\nC,y,0,5\nD,y,0,6\n")
        let empty = try CommandRunner.run(["compare", path, "--at", "visit=4", "--treatment", "x", "--control", "y"])
        #expect(empty.status == 65)
        #expect(empty.standardError.contains("arm y has 0 values of vas at visit 4; at least 2 are needed. Visits with data for y: 0"))
    }
}

struct LinearModelCommandTests {
    static let fixtures = DataCommandTests.root.appendingPathComponent("Tests/LinearModelsTests/Fixtures")

    /// The ANCOVA of the lm fixture through the command: the same numbers as R.
    // Source: Tests/LinearModelsTests/Fixtures/linear_models.json (model "ancova_saline_reference"),
    // written by linear_models.R (R 4.2.2).
    @Test func coefficientsAgreeWithR() throws {
        struct Model: Decodable { let name: String; let columns, estimate, se, p: [String] }
        struct Fixture: Decodable { let models: [Model] }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("linear_models.json")))
        let expected = try #require(fixture.models.first { $0.name == "ancova_saline_reference" })
        let outcome = try CommandRunner.run(["lm", Self.fixtures.appendingPathComponent("small_trial.csv").path, "--formula",
                                             "vas_w12 ~ vas_w0 + arm", "--reference", "arm=saline", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "trialstats/lm/2")
        let coefficients = try #require(document["coefficients"] as? [[String: Any]])
        #expect(coefficients.map { $0["measure"] as? String } == expected.columns.map { Optional($0) })
        for (coefficient, index) in zip(coefficients, expected.columns.indices) {
            #expect(CompareCommandTests.agrees(coefficient["estimate"], expected.estimate[index])
                    && CompareCommandTests.agrees(coefficient["se"], expected.se[index])
                    && CompareCommandTests.agrees(coefficient["p"], expected.p[index]), "\(expected.columns[index])")
        }
        // Var(β̂): its diagonal is the squared SEs.
        let vcov = try #require(document["vcov"] as? [String: Any])
        let matrix = try #require(vcov["matrix"] as? [[Double]])
        #expect(vcov["terms"] as? [String] == expected.columns)
        for index in expected.columns.indices {
            #expect(CompareCommandTests.agrees(matrix[index][index].squareRoot(), expected.se[index]), "\(expected.columns[index]) variance")
        }
    }

    @Test func formulaMistakesAreUsageErrorsPointingAtThePlace() throws {
        let outcome = try CommandRunner.run(["lm", Self.fixtures.appendingPathComponent("small_trial.csv").path, "--formula", "vas_w12 ~ x1 +"])
        #expect(outcome.status == 64)
        #expect(outcome.standardError.contains("formula: expected a term\n  vas_w12 ~ x1 +\n                ^"))
        let unknown = try CommandRunner.run(["lm", Self.fixtures.appendingPathComponent("small_trial.csv").path, "--formula", "vas_w12 ~ pain"])
        #expect(unknown.status == 65 && unknown.standardError.contains("no column named \"pain\""))
    }
}

struct RespondersCommandTests {
    struct Expected: Decodable { let counts: [Int]; let wilson, newcombe, wald, rr, or, fisher: [String] }
    struct Fixture: Decodable { let responders: Expected }

    /// 50% responders at week 12 in the demo trial, against R (metafor escalc, prop.test, fisher.test).
    // Source: Fixtures/compare_demo.json (responders), written by Fixtures/compare_demo.R (R 4.2.2, metafor 3.8-1).
    @Test func everyNumberAgreesWithR() throws {
        let url = try #require(Bundle.module.url(forResource: "compare_demo", withExtension: "json", subdirectory: "Fixtures"))
        let expected = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).responders
        // 50% beside 30%: the second threshold no longer replaces the first, and keeps R's numbers.
        let outcome = try CommandRunner.run(["responders", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12",
                                             "--percent", "50", "--percent", "30", "--treatment", "dextrose", "--control", "saline", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(whole["schema"] as? String == "trialstats/responders/2")
        let thresholds = try #require(whole["thresholds"] as? [[String: Any]])
        #expect(thresholds.compactMap { ($0["threshold"] as? [String: Any])?["value"] as? Double } == [30, 50])
        let document = thresholds[1]
        let arms = try #require(document["arms"] as? [[String: Any]])
        #expect(arms[0]["responders"] as? Int == expected.counts[0] && arms[0]["classified"] as? Int == expected.counts[1])
        #expect(arms[1]["responders"] as? Int == expected.counts[2] && arms[1]["classified"] as? Int == expected.counts[3])
        #expect(CompareCommandTests.agrees(arms[0]["lower"], expected.wilson[0]) && CompareCommandTests.agrees(arms[0]["upper"], expected.wilson[1]))
        #expect(CompareCommandTests.agrees(arms[1]["lower"], expected.wilson[2]) && CompareCommandTests.agrees(arms[1]["upper"], expected.wilson[3]))
        let estimates = try #require(document["estimates"] as? [[String: Any]])
        // The MOVER interval and the chi-square test have their own checks (ArmComparisonTests).
        let withoutMover = estimates.filter { ($0["method"] as? String).map { $0.hasPrefix("MOVER") || $0.hasPrefix("chi-square") } != true }
        for (estimate, reference) in zip(withoutMover, [expected.newcombe, expected.wald, expected.rr, expected.or, expected.fisher]) {
            #expect(CompareCommandTests.agrees(estimate["estimate"], reference[0]) && CompareCommandTests.agrees(estimate["lower"], reference[1])
                    && CompareCommandTests.agrees(estimate["upper"], reference[2]), "\(estimate["measure"] ?? "") \(estimate["method"] ?? "")")
        }
        #expect(withoutMover.count == 5 && CompareCommandTests.agrees(withoutMover[4]["p"], expected.fisher[3]), "Fisher p")
        let nnt = try #require(document["numberNeededToTreat"] as? [String: Any])
        #expect(nnt["text"] as? String != nil && CompareCommandTests.agrees(nnt["estimate"], String(1 / Double(expected.newcombe[0])!)))
    }
}

struct DescriptiveCommandTests {
    /// Change from baseline in the demo trial, dextrose at week 12, against R.
    // Source: R 4.2.2 on Datasets/demo-trial/demo-trial-long.csv: x = change in vas, dextrose, visit 12:
    // length 17, mean -3.7647058823529416, sd 1.281571874920886, t.test(x)$conf.int
    // -4.4236293385209393 -3.1057824261849438, quantile(x) at .25/.5/.75 -4.7, -3.3, -2.9.
    @Test func pairedChangeIntervalsAgreeWithR() throws {
        let outcome = try CommandRunner.run(["descriptives", DataCommandTests.demo("long"), "--outcome", "vas", "--change", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "trialstats/descriptives/1" && document["change"] as? Bool == true)
        let outcomes = try #require(document["outcomes"] as? [[String: Any]])
        let cells = try #require(outcomes.first?["cells"] as? [[String: Any]])
        let cell = try #require(cells.first { $0["arm"] as? String == "dextrose" && $0["visit"] as? String == "12" })
        #expect(cell["n"] as? Int == 17 && cell["missing"] as? Int == 3)
        #expect(CompareCommandTests.agrees(cell["mean"], "-3.7647058823529416") && CompareCommandTests.agrees(cell["sd"], "1.281571874920886"))
        #expect(CompareCommandTests.agrees(cell["meanLower"], "-4.4236293385209393") && CompareCommandTests.agrees(cell["meanUpper"], "-3.1057824261849438"))
        #expect(CompareCommandTests.agrees(cell["median"], "-3.3000000000000003"))
        #expect(CompareCommandTests.agrees(cell["q1"], "-4.6999999999999993") && CompareCommandTests.agrees(cell["q3"], "-2.8999999999999995"))
        #expect(!cells.contains { $0["visit"] as? String == "0" }, "no change row at the baseline visit")
    }

    // Source: R 4.2.2 on the demo trial at visit 0: mean(age[saline]) = 52.05, sd = 10.913415211515934.
    @Test func tableOneSummarisesBaselineByArm() throws {
        let outcome = try CommandRunner.run(["table1", DataCommandTests.demo("long"), "--covariate", "age"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("| subjects | n | 20 | 20 | 20 | 60 |"))
        // 52.049999999999997 to one decimal is 52.0.
        #expect(outcome.standardOutput.contains("| age | mean (SD) | ") && outcome.standardOutput.contains("| 52.0 (10.9) |"))
        #expect(outcome.standardOutput.contains("No p-values"))
    }
}
