import Foundation
import Testing

/// `trialstats estimand` end to end: rbmi's numbers through the CLI, the JSON held to its schema,
/// and bad input refused with exit 65, naming what was wrong.
struct EstimandCommandTests {
    static let trial = DataCommandTests.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
    static let roles = ["--outcome", "vas", "--visit", "visit", "--subject", "subject", "--arm", "arm", "--covariate", "vas_bl",
                        "--control", "saline", "--treatment", "dextrose"]

    @Test func jumpToReferenceAgreesWithRbmiThroughTheCLI() throws {
        let outcome = try CommandRunner.run(["estimand", Self.trial] + Self.roles + ["--strategy", "JR", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(try JSONSchemaTests.schema("estimand").problems(document) == [])
        let parameters = try #require(document["parameters"] as? [[String: Any]])
        let effect = try #require(parameters.first { $0["parameter"] as? String == "trt_week12" })
        // Source: Tests/EstimandsTests/Fixtures/rbmi_reference.json (rbmi_reference.R, rbmi 1.4.0), mmrm_trial JR: trt_week12
        // −1.1026 (SE 0.3385), dextrose − saline.
        #expect(abs((effect["estimate"] as? Double ?? 0) + 1.1026) < 1e-4 && abs((effect["se"] as? Double ?? 0) - 0.3385) < 1e-4, "\(effect)")
        #expect((document["notes"] as? [String])?.contains { $0.contains("rows of other arms were left out") } == true)
        #expect((document["strategies"] as? [[String: Any]])?.first?["events"] as? Int == 10)
        // The ledger: the triamcinolone rows left out, the rows added for dropouts' visits, nothing excluded by the checks.
        let ledger = try #require(document["ledger"] as? [String: Any])
        // Source: Datasets/simulated-mmrm/mmrm-trial.csv, its rows and those of triamcinolone.
        let lines = try String(contentsOfFile: Self.trial, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(ledger["otherArmRows"] as? Int == lines.filter { $0.contains(",triamcinolone,") }.count && ledger["rowsRead"] as? Int == lines.count && (ledger["excludedByChecks"] as? [Any])?.isEmpty == true,
                "\(ledger)")
        #expect((ledger["addedRows"] as? Int ?? 0) > 0)
    }

    /// An events file naming a subject of a third arm: left out with the subject, and said.
    @Test func anEventOfAnotherArmIsLeftOutAndSaid() throws {
        // Source: Datasets/simulated-mmrm/mmrm-trial.csv: P081 is in triamcinolone, P002 in dextrose.
        let events = try DataCommandTests.temporaryFile("subject,visit,Strategy\nP081,week12,CR\nP002,week08,jr\n")
        let outcome = try CommandRunner.run(["estimand", Self.trial] + Self.roles + ["--strategy", "JR", "--ice", events, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect((document["notes"] as? [String])?.contains { $0.contains("1 event of subjects in other arms was left out") } == true, "\(document["notes"] ?? "")")
        // A capitalised strategy column is read, and its lower-case value too: P002's event is JR, the only one counted.
        #expect((document["strategies"] as? [[String: Any]])?.map { $0["strategy"] as? String } == ["JR"], "\(document["strategies"] ?? "")")
        #expect((document["estimand"] as? [String: Any])?["intercurrentEvents"] as? String == "1 event (from \(events)), handled by strategy: jump to reference (JR) 1")
    }

    /// The issue's bad inputs: each a message naming it, and exit 65.
    @Test(arguments: [
        ("subject,visit\nP999,week04\n", [String](), "subject P999 is not in the data"),
        ("subject,visit\nP001,week99\n", [], "visit week99 is not a visit of the data"),
        ("subject,visit,strategy\nP001,week04,JUMP\n", [], "line 2, column strategy: JUMP is not a strategy"),
        ("", ["--control", "placebo"], "has no arm placebo"),
        ("", ["--arm", "week"], "column week holds numbers; the arms must be labels"),
        ("", ["--strategy", "JUMP"], "--strategy JUMP is not a strategy; expected MAR, JR, CR, CIR, LMCF"),
    ])
    func badInputIsRefusedWithWhatWasWrong(events: String, extra: [String], message: String) throws {
        var arguments = ["estimand", Self.trial] + Self.roles + ["--strategy", "JR"]
        if !events.isEmpty { arguments += ["--ice", try DataCommandTests.temporaryFile(events)] }
        if !extra.isEmpty, let index = arguments.firstIndex(of: extra[0]) { arguments[index + 1] = extra[1] }
        let outcome = try CommandRunner.run(arguments)
        #expect(outcome.status == 65 && outcome.standardError.contains(message), "\(outcome.status) \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    /// Every dextrose subject's event at the first visit under JR leaves that arm nothing observed.
    @Test func anArmWithNoObservedDataAfterTheEventsIsRefused() throws {
        let subjects = try String(contentsOfFile: Self.trial, encoding: .utf8).split(separator: "\n").dropFirst()
            .filter { $0.contains(",dextrose,") }.map { String($0.split(separator: ",")[0]) }
        let events = "subject,visit\n" + Array(Set(subjects)).sorted().map { "\($0),week02\n" }.joined()
        let outcome = try CommandRunner.run(["estimand", Self.trial] + Self.roles + ["--strategy", "JR", "--ice", try DataCommandTests.temporaryFile(events)])
        #expect(outcome.status == 65 && outcome.standardError.contains("arm dextrose has no observed value left after the intercurrent events"),
                "\(outcome.standardError)")
    }
}

/// The other methods through the CLI: the bootstrap and approximate Bayesian MI, seeded, their JSON
/// held to the schema, and the issue's spelling of the options.
struct EstimandMethodCommandTests {
    static func run(_ extra: [String]) throws -> (status: Int32, document: [String: Any], text: String, error: String) {
        let outcome = try CommandRunner.run(["estimand", EstimandCommandTests.trial] + EstimandCommandTests.roles + ["--strategy", "JR", "--format", "json"] + extra)
        let document = (try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]) ?? [:]
        return (outcome.status, document, outcome.standardOutput, outcome.standardError)
    }

    @Test func approximateBayesIsSeededPooledByRubinsRulesAndRepeatable() throws {
        let first = try Self.run(["--method", "approximate-bayes", "--samples", "20", "--seed", "5"])
        #expect(first.status == 0, "\(first.error)")
        #expect(try JSONSchemaTests.schema("estimand").problems(first.document) == [])
        #expect(first.document["pooling"] as? String == "rubin" && first.document["seed"] as? Int == 5 && first.document["replicates"] as? Int == 20)
        let parameters = try #require(first.document["parameters"] as? [[String: Any]])
        // Barnard–Rubin df lie below the ANCOVA's own, n − 3 (intercept, arm, baseline).
        let subjects = (first.document["subjects"] as? [[String: Any]])?.compactMap { $0["subjects"] as? Int }.reduce(0, +) ?? 0
        #expect(subjects > 0 && parameters.allSatisfy { ($0["df"] as? Double).map { $0 > 0 && $0 < Double(subjects - 3) } == true && $0["se"] is Double },
                "\(parameters)")
        // The same seed, the same bytes; another seed, other draws.
        #expect(try Self.run(["--method", "approximate-bayes", "--samples", "20", "--seed", "5"]).text == first.text)
        #expect(try Self.run(["--method", "approximate-bayes", "--samples", "20", "--seed", "6"]).text != first.text)
    }

    @Test func percentileBootstrapHasNoStandardErrorAndSaysSo() throws {
        let result = try Self.run(["--resampling", "bootstrap", "--samples", "40"])
        #expect(result.status == 0, "\(result.error)")
        #expect(try JSONSchemaTests.schema("estimand").problems(result.document) == [])
        #expect(result.document["pooling"] as? String == "bootstrap-percentile" && result.document["seed"] as? Int == 1)
        let parameters = try #require(result.document["parameters"] as? [[String: Any]])
        #expect(parameters.allSatisfy { $0["se"] is NSNull && $0["df"] is NSNull && $0["lower"] is Double }, "\(parameters)")
        // The point estimates are conditional mean imputation's, whatever the resampling: the jackknife's.
        let jackknife = try #require(try Self.run([]).document["parameters"] as? [[String: Any]])
        #expect(zip(parameters, jackknife).allSatisfy { ($0["estimate"] as? Double) == ($1["estimate"] as? Double) })
        let normal = try Self.run(["--resampling", "bootstrap", "--samples", "40", "--bootstrap-interval", "normal"])
        #expect(normal.document["pooling"] as? String == "bootstrap-normal")
        #expect((normal.document["parameters"] as? [[String: Any]])?.allSatisfy { $0["se"] is Double } == true)
    }

    /// The issue's spelling: --covariates X1,X2 and --reference ARM (bare, or ARM_COLUMN=ARM) for --control.
    @Test func theIssuesSpellingOfTheOptionsGivesTheSameAnalysis() throws {
        let plain = try Self.run([])
        var arguments = ["estimand", EstimandCommandTests.trial, "--outcome", "vas", "--visit", "visit", "--subject", "subject", "--arm", "arm",
                         "--covariates", "vas_bl", "--treatment", "dextrose", "--strategy", "JR", "--format", "json"]
        for reference in [["--reference", "saline"], ["--reference", "arm=saline"]] {
            let outcome = try CommandRunner.run(arguments + reference)
            #expect(outcome.status == 0 && outcome.standardOutput == plain.text, "\(reference) \(outcome.standardError)")
        }
        arguments += ["--reference", "saline", "--control", "dextrose"]
        let conflicting = try CommandRunner.run(arguments)
        #expect(conflicting.status == 64 && conflicting.standardError.contains("the reference arm is named twice"), "\(conflicting.standardError)")
    }

    /// Events in columns of the data (--ice-visit, --ice-strategy) are the events of a file: P002's
    /// on every row with its strategy on one, P005's on one row only.
    @Test func eventsInColumnsOfTheDataAreThoseOfAnEventsFile() throws {
        let lines = try String(contentsOfFile: EstimandCommandTests.trial, encoding: .utf8).split(separator: "\n").map(String.init)
        var rows = [lines[0] + ",ice_visit,ice_strategy"]
        for line in lines.dropFirst() {
            let (subject, visit) = (line.split(separator: ",")[0], line.split(separator: ",")[3])
            let event = subject == "P002" ? ",week08," + (visit == "week04" ? "CR" : "") : subject == "P005" && visit == "week12" ? ",week12," : ",,"
            rows.append(line + event)
        }
        let data = try DataCommandTests.temporaryFile(rows.joined(separator: "\n") + "\n")
        let events = try DataCommandTests.temporaryFile("subject,visit,strategy\nP002,week08,CR\nP005,week12,\n")
        let fromFile = try CommandRunner.run(["estimand", EstimandCommandTests.trial] + EstimandCommandTests.roles + ["--strategy", "JR", "--ice", events, "--format", "json"])
        var arguments = ["estimand", data] + EstimandCommandTests.roles + ["--strategy", "JR", "--ice-visit", "ice_visit", "--ice-strategy", "ice_strategy", "--format", "json"]
        let fromColumns = try CommandRunner.run(arguments)
        #expect(fromColumns.status == 0, "\(fromColumns.standardError)")
        let parsed = try [fromFile, fromColumns].map { try #require(try JSONSerialization.jsonObject(with: Data($0.standardOutput.utf8)) as? [String: Any]) }
        #expect(NSArray(array: parsed[0]["parameters"] as? [Any] ?? []) == NSArray(array: parsed[1]["parameters"] as? [Any] ?? []))
        #expect((parsed[1]["strategies"] as? [[String: Any]])?.compactMap { $0["strategy"] as? String } == ["JR", "CR"], "\(parsed[1]["strategies"] ?? "")")
        // Two visits for one subject: refused with the line.
        let conflicting = try DataCommandTests.temporaryFile(rows.joined(separator: "\n").replacingOccurrences(of: "P002,dextrose,6.3,week12,12,5.04,0.5,week08,",
                                                                                                                with: "P002,dextrose,6.3,week12,12,5.04,0.5,week04,") + "\n")
        arguments[1] = conflicting
        let refused = try CommandRunner.run(arguments)
        #expect(refused.status == 65 && refused.standardError.contains("line 9: subject P002's event is week04 here and week08 (CR) on line 6"), "\(refused.standardError)")
    }

    @Test(arguments: [
        (["--samples", "50"], "--samples and --seed go with --resampling bootstrap or --method approximate-bayes"),
        (["--method", "approximate-bayes", "--resampling", "bootstrap"], "--resampling and --bootstrap-interval are for --method conditional-mean"),
        (["--method", "approximate-bayes", "--samples", "1"], "--samples 1: expected a whole number from 2 to 100000"),
    ])
    func optionsThatDoNotGoTogetherAreUsageErrors(extra: [String], message: String) throws {
        let result = try Self.run(extra)
        #expect(result.status == 64 && result.error.contains(message), "\(result.status) \(result.error)")
    }
}

/// The tipping-point scan through the CLI: the grid's rows, where the conclusion changes, and
/// refused grids.
struct TippingPointCommandTests {
    @Test func theScanSaysWhereSignificanceIsLost() throws {
        let data = DataCommandTests.root.appendingPathComponent("Tests/EstimandsTests/Fixtures/antidepressant.csv").path
        let arguments = ["estimand", data, "--outcome", "CHANGE", "--visit", "VISIT", "--subject", "PATIENT", "--arm", "THERAPY",
                         "--covariate", "BASVAL", "--control", "PLACEBO", "--treatment", "DRUG", "--strategy", "JR"]
        let outcome = try CommandRunner.run(arguments + ["--tipping-point", "0:2:0.5", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(try JSONSchemaTests.schema("estimand").problems(document) == [])
        let scan = try #require(document["tippingPoint"] as? [String: Any])
        let rows = try #require(scan["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["delta"] as? Double } == [0, 0.5, 1, 1.5, 2])
        // Source: Tests/EstimandsTests/Fixtures/rbmi_delta.json (rbmi_delta.R): trt_7 p 0.0303 at δ = 1, 0.0631 at δ = 2.
        #expect(scan["tippingDelta"] as? Double == 2, "\(scan)")
        #expect((scan["summary"] as? String)?.contains("significance at 0.05 is lost from delta") == true)
        // Deltas by arm and visit from a file; a row naming an arm not compared is refused with its line.
        let deltas = try DataCommandTests.temporaryFile("THERAPY,VISIT,delta\nDRUG,7,2\nPLACEBO,7,-1\n")
        let byFile = try CommandRunner.run(arguments + ["--delta-file", deltas, "--format", "json"])
        #expect(byFile.status == 0, "\(byFile.standardError)")
        let adjusted = try #require(try JSONSerialization.jsonObject(with: Data(byFile.standardOutput.utf8)) as? [String: Any])
        #expect((adjusted["deltasByArmAndVisit"] as? [[String: Any]])?.count == 2)
        #expect(try JSONSchemaTests.schema("estimand").problems(adjusted) == [])
        let wrongArm = try CommandRunner.run(arguments + ["--delta-file", try DataCommandTests.temporaryFile("THERAPY,VISIT,delta\nSTEROID,7,2\n")])
        #expect(wrongArm.status == 65 && wrongArm.standardError.contains("line 2: arm STEROID is neither DRUG nor PLACEBO"), "\(wrongArm.standardError)")
        let bad = try CommandRunner.run(arguments + ["--tipping-point", "2:0:0.5"])
        #expect(bad.status == 64 && bad.standardError.contains("expected FROM:TO:STEP"), "\(bad.standardError)")
    }
}

/// An estimand is a plan step like the other analyses: its tables in the report, its JSON beside.
struct EstimandPlanStepTests {
    @Test func aPlanRunsTheEstimand() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = folder + "/plan.yaml"
        try """
        name: estimand-plan
        data:
          path: \(EstimandCommandTests.trial)
        analyses:
          - id: vas-jump-to-reference
            command: estimand
            options: {outcome: vas, visit: visit, subject: subject, arm: arm, covariate: vas_bl, control: saline, treatment: dextrose, strategy: JR, ice: events.csv, tipping-point: "0:1:0.5"}
        """.write(toFile: plan, atomically: true, encoding: .utf8)
        // The events file beside the plan, named relative to it.
        try "subject,visit\nP002,week08\n".write(toFile: folder + "/events.csv", atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", plan, "--out", folder + "/out"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let json = try String(contentsOfFile: folder + "/out/estimand-plan/vas-jump-to-reference.json", encoding: .utf8)
        #expect(json.contains("\"schema\" : \"trialstats/estimand/1\"") || json.contains("\"schema\":\"trialstats/estimand/1\""), "\(json.prefix(200))")
        let index = try String(contentsOfFile: folder + "/out/estimand-plan/index.html", encoding: .utf8)
        #expect(index.contains("Estimand (ICH E9(R1))") && index.contains("Treatment effect by visit: dextrose − saline"))
        #expect(json.contains("1 event (from \(folder)/events.csv)"), "\(json.prefix(600))")
        // The tipping-point figure beside the tables, inline in the report.
        #expect(FileManager.default.fileExists(atPath: folder + "/out/estimand-plan/vas-jump-to-reference-tipping-point-1.svg"))
        // Each delta's row carries its p-value beside the estimate and interval.
        let figure = try String(contentsOfFile: folder + "/out/estimand-plan/vas-jump-to-reference-tipping-point-1.svg", encoding: .utf8)
        #expect(figure.contains("delta 0.5, p "), "the figure names each delta's p")
        #expect(index.contains("Tipping point: dextrose − saline at visit week12"))
        // A missing events file is named with the plan's line, before anything runs.
        try FileManager.default.removeItem(atPath: folder + "/events.csv")
        let missing = try CommandRunner.run(["run", plan, "--out", folder + "/out2"])
        #expect(missing.status != 0 && missing.standardError.contains("options.ice"), "\(missing.standardError)")
    }
}

/// Sensitivity analyses beside the primary: the same events under other strategies, each equal to
/// rbmi's analysis under that strategy.
struct SensitivityCommandTests {
    @Test func eachSensitivityStrategyIsRbmis() throws {
        let outcome = try CommandRunner.run(["estimand", EstimandCommandTests.trial] + EstimandCommandTests.roles
                                            + ["--strategy", "MAR", "--sensitivity", "JR", "--sensitivity", "CR", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(try JSONSchemaTests.schema("estimand").problems(document) == [])
        let rows = try #require(document["sensitivity"] as? [[String: Any]])
        #expect(rows.compactMap { $0["strategy"] as? String } == ["primary", "JR", "CR"], "the primary is MAR")
        let url = DataCommandTests.root.appendingPathComponent("Tests/EstimandsTests/Fixtures/rbmi_reference.json")
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let strategies = try #require(((fixture["datasets"] as? [String: Any])?["mmrm_trial"] as? [String: Any])?["strategies"] as? [String: Any])
        for (row, strategy) in zip(rows, ["MAR", "JR", "CR"]) {
            let pooled = try #require((strategies[strategy] as? [String: Any])?["pooled"] as? [[String: Any]])
            let reference = try #require(pooled.first { $0["parameter"] as? String == "trt_week12" })
            // Source: Tests/EstimandsTests/Fixtures/rbmi_reference.json (rbmi_reference.R, rbmi 1.4.0), mmrm_trial, trt_week12
            // (dextrose − saline) under each strategy.
            let estimate = Double(reference["est"] as! String)!, se = Double(reference["se"] as! String)!
            #expect(abs((row["estimate"] as? Double ?? .nan) - estimate) <= 1e-6 * abs(estimate), "\(strategy) \(row)")
            #expect(abs((row["se"] as? Double ?? .nan) - se) <= 1e-6 * se, "\(strategy) SE")
        }
    }
}
