import Foundation
import Testing

struct RunCommandTests {
    static let plan = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/plan.yaml").path

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)").path
    }

    static func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        return files
    }

    @Test func theDemoPlanWritesTheSameReportTwice() throws {
        let first = Self.temporaryFolder(), second = Self.temporaryFolder()
        let one = try CommandRunner.run(["run", Self.plan, "--out", first])
        #expect(one.status == 0, "\(one.standardError)")
        #expect(one.standardError.contains("the report is \(first)/demo-trial/index.html"))
        let two = try CommandRunner.run(["run", Self.plan, "--out", second])
        #expect(two.status == 0)
        let a = try Self.contents(first + "/demo-trial"), b = try Self.contents(second + "/demo-trial")
        // The report, and the manifest of its inputs (what a share run again checks before skipping the plan).
        let expected = ["index.html", "vas-by-visit-trajectory-1.svg", "vas-mmrm-forest-1.svg", "data-flow-1.svg", ".trialstats-run"]
            + ["data", "baseline", "vas-by-visit", "vas-week12", "vas-mmrm"].flatMap { id in
            ["json", "md", "html"].map { "\(id).\($0)" }
        }
        #expect(Set(a.keys) == Set(expected))
        #expect(a == b, "the same plan gave different bytes")
        let bytes = try #require(a["index.html"])
        let index = String(decoding: bytes, as: UTF8.self)
        for heading in ["<h1>Demo trial", "<h2>Data</h2>", "Data ledger: demo-trial-long.csv", "Dropout patterns", "<h2>baseline</h2>",
                        "<h2>vas-mmrm</h2>", "MMRM fit by REML", "The analysis plan"] {
            #expect(index.contains(heading), "\(heading)")
        }
        #expect(!index.contains("<script"))
        #expect(index.contains("<figure><svg xmlns=\"http://www.w3.org/2000/svg\""), "the trajectory figure is inline")
    }

    @Test func theMainDemoPlanScoresTheBCTQAndLeavesNoOutputPathInItsFiles() throws {
        let plan = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/plan.yaml").path
        let folder = Self.temporaryFolder(), again = Self.temporaryFolder()
        let outcome = try CommandRunner.run(["run", plan, "--out", folder])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let files = try Self.contents(folder + "/demo")
        // make demo's plan, run twice: the same bytes in every file.
        #expect(try CommandRunner.run(["run", plan, "--out", again]).status == 0)
        #expect(try Self.contents(again + "/demo") == files, "the demo plan gave different bytes on a second run")
        #expect(files["derive-1.csv"] != nil && files["vas-mmrm.json"] != nil && files["vas-by-visit-trajectory-1.svg"] != nil)
        // The MMRM's contrasts against saline at each visit as a forest plot; its marginal means are not one.
        #expect(files["vas-mmrm-forest-1.svg"] != nil && files["vas-mmrm-forest-2.svg"] == nil)
        // The figures of individual subjects the plan asks for.
        for name in ["vas-per-subject-spaghetti-1.svg", "vas-missingness-missingness-1.svg", "vas-waterfall-week12-waterfall-1.svg"] {
            #expect(files[name] != nil, "\(name)")
        }
        for (name, bytes) in files {
            #expect(!String(decoding: bytes, as: UTF8.self).contains(folder), "\(name) names the output folder")
        }
        // The plan declares saline as the arm's reference (and first level); the MMRM uses it, as
        // every other step of the plan does. It used to report armsaline against dextrose.
        let mmrmBytes = try #require(files["vas-mmrm.json"])
        let mmrm = try JSONSerialization.jsonObject(with: mmrmBytes) as? [String: Any] ?? [:]
        let terms = (mmrm["fixed"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
        #expect(terms.prefix(3) == ["(Intercept)", "armdextrose", "armtriamcinolone"], "\(terms)")
        let index = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        for text in ["PIT three-arm trial", "Derived: derive-1.csv, trialstats score --instrument bctq", "BCTQ symptom severity (1-5) by arm and visit",
                     "Data ledger: derive-1.csv (pit-3arm.csv with the derived columns)",
                     "Estimated marginal means", "dextrose - saline"] {
            #expect(index.contains(text), "\(text)")
        }
    }

    @Test func planMistakesExitWithTheLine() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
        func plan(_ text: String) throws -> String {
            let path = folder + "/plan-\(UUID().uuidString).yaml"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
        let typo = try plan("data: {path: \(data)}\nanalyses:\n  - id: a\n    comand: table1\n")
        let typoRun = try CommandRunner.run(["run", typo, "--out", folder])
        #expect(typoRun.status == 65 && typoRun.standardError.contains(":4: unknown key \"comand\"; did you mean \"command\"?"), "\(typoRun.standardError)")
        let missing = try plan("data:\n  path: nosuch.csv\nanalyses:\n  - {id: a, command: table1}\n")
        let missingRun = try CommandRunner.run(["run", missing, "--out", folder])
        #expect(missingRun.status == 66 && missingRun.standardError.contains(":2: data.path: no file"), "\(missingRun.standardError)")
        let column = try plan("data:\n  path: \(data)\n  roles: {arm: treatment}\nanalyses:\n  - {id: a, command: table1}\n")
        let columnRun = try CommandRunner.run(["run", column, "--out", folder])
        #expect(columnRun.status == 65 && columnRun.standardError.contains(":3: data.roles.arm:")
                && columnRun.standardError.contains("has no column \"treatment\""), "\(columnRun.standardError)")
        let option = try plan("data: {path: \(data)}\nanalyses:\n  - {id: a, command: table1}\n  - id: b\n    command: compare\n    options: {outcme: vas}\n")
        let optionRun = try CommandRunner.run(["run", option, "--out", folder])
        #expect(optionRun.status == 65 && optionRun.standardError.contains(":4: b (compare):"), "\(optionRun.standardError)")
    }
}

extension RunCommandTests {
    /// A fit that cannot be computed on sound input (values near 1e160 overflow the sums of
    /// squares) is an analysis failure: the report says so in its place, the other analyses are
    /// there, and the run exits 1.
    @Test func anAnalysisThatFailsIsReportedAndTheRunExitsOne() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines = ["subject,arm,visit,vas"]
        for subject in 1...8 {
            for visit in 0...2 {
                lines.append("S\(subject),\(subject % 2 == 0 ? "dextrose" : "saline"),\(visit),\(Double(subject + 3 * visit) * 1e160)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/huge.csv", atomically: false, encoding: .utf8)
        let plan = folder + "/huge.yaml"
        try """
            name: huge
            data: {path: huge.csv}
            analyses:
              - {id: by-visit, command: descriptives, options: {outcome: vas}}
              - id: model
                command: fit
                options: {formula: "vas ~ arm + factor(visit) + (1 | subject)"}
            """.write(toFile: plan, atomically: false, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", plan, "--out", folder + "/out"])
        #expect(outcome.status == 1, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("model (fit) failed") && outcome.standardError.contains("trialstats run: failed: huge/model"),
                "\(outcome.standardError)")
        let index = try String(contentsOfFile: folder + "/out/huge/index.html", encoding: .utf8)
        #expect(index.contains("This analysis failed: numerical failure") && index.contains("vas by arm and visit"))
        try? FileManager.default.removeItem(atPath: folder)
    }
}

extension RunCommandTests {
    /// A step that fails on its data is reported in its place; the plan's other steps run, the
    /// report is written, and the run exits 65. Two steps that read the data the same way share
    /// one load: its data-check warning is said once.
    @Test func aFailingStepIsReportedInItsPlaceAndTheOthersRun() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines = ["subject,arm,visit,vas"]
        for subject in 1...20 {
            for visit in [0, 4, 12] {
                let value = subject == 3 && visit == 4 ? 11 : Double((subject * 7 + visit * 3) % 70) / 10 + 2
                lines.append("S\(subject),\(subject % 2 == 1 ? "dextrose" : "saline"),\(visit),\(value)")
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/t.csv", atomically: false, encoding: .utf8)
        try """
            name: p
            data: {path: t.csv, ranges: {vas: [0, 10]}}
            analyses:
              - {id: by-visit, command: descriptives, options: {outcome: vas}}
              - {id: no-such-arm, command: compare, options: {outcome: vas, at: visit=12, treatment: dextrose, control: placebo}}
              - {id: m1, command: fit, options: {formula: "vas ~ arm * factor(visit) + (1 | subject)"}}
              - {id: m2, command: fit, options: {formula: "vas ~ arm * factor(visit) + (1 | subject)", df: kenward-roger}}
            """.write(toFile: folder + "/p.yaml", atomically: false, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", folder + "/p.yaml", "--out", folder + "/out"])
        #expect(outcome.status == 65, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("p.yaml:5: no-such-arm (compare) failed: trialstats compare: no arm \"placebo\""),
                "\(outcome.standardError)")
        #expect(outcome.standardError.contains("trialstats run: failed: p/no-such-arm"))
        let report = folder + "/out/p/"
        for id in ["by-visit", "m1", "m2"] { #expect(FileManager.default.fileExists(atPath: report + id + ".json"), "\(id)") }
        #expect(!FileManager.default.fileExists(atPath: report + "no-such-arm.json"))
        let index = try String(contentsOfFile: report + "index.html", encoding: .utf8)
        #expect(index.contains("This analysis failed: no arm &quot;placebo&quot;; the arms are dextrose, saline"))
        let rangeWarnings = outcome.standardError.components(separatedBy: "is outside the declared range 0 to 10").count - 1
        #expect(rangeWarnings == 1, "\(outcome.standardError)")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// An lm step's formula is checked when the plan is read, as a fit step's is: nothing is written.
    @Test func aBadFormulaInAnyModelStepStopsThePlanBeforeAnythingIsWritten() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
        for (command, formula) in [("lm", "vas ~ arm +"), ("fit", "vas ~ arm + (1 | subject")] {
            try """
                name: bad
                data: {path: \(data)}
                analyses:
                  - {id: by-visit, command: descriptives, options: {outcome: vas}}
                  - {id: model, command: \(command), options: {formula: "\(formula)"}}
                """.write(toFile: folder + "/bad.yaml", atomically: false, encoding: .utf8)
            let outcome = try CommandRunner.run(["run", folder + "/bad.yaml", "--out", folder + "/out"])
            #expect(outcome.status == 65 && outcome.standardError.contains("bad.yaml:5: model (\(command))"), "\(command): \(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/out/bad"), "\(command)")
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func describeIsAPlanCommandToo() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
        try "name: d\ndata: {path: \(data)}\nanalyses:\n  - {id: what, command: describe}\n".write(toFile: folder + "/d.yaml", atomically: false, encoding: .utf8)
        let outcome = try CommandRunner.run(["run", folder + "/d.yaml", "--out", folder])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // The step's JSON is the typed description (as `describe --format json`), its tables the report's.
        let json = try String(contentsOfFile: folder + "/d/what.json", encoding: .utf8)
        #expect(json.contains("\"schema\" : \"trialstats/describe/1\"") && json.contains("\"dropoutPatterns\""))
        let tables = try String(contentsOfFile: folder + "/d/what.md", encoding: .utf8)
        #expect(tables.contains("Data ledger: ") && tables.contains("Dropout patterns"))
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A plan of published numbers alone: reproduced, checked and pooled, with forest plots per
    /// trial (log axis for the risk ratio).
    @Test func thePublishedPlanReproducesChecksAndPools() throws {
        let plan = DataCommandTests.root.appendingPathComponent("Datasets/published/plan.yaml").path
        let folder = Self.temporaryFolder()
        let outcome = try CommandRunner.run(["run", plan, "--out", folder])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let files = try Self.contents(folder + "/published")
        #expect(files["bcg-risk-ratio-forest-1.svg"] != nil && files["normand-smd-forest-1.svg"] != nil && files["data.json"] == nil)
        let index = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        // Source: Datasets/meta-examples/export.R, metafor's rma(measure = "RR", method = "REML", test = "knha") on dat.bcg:
        // estimate -0.7145, CI -1.1084 to -0.3206, so RR 0.49 [0.33, 0.73].
        let forest = String(decoding: try #require(files["bcg-risk-ratio-forest-1.svg"]), as: UTF8.self)
        #expect(forest.contains(">0.49 [0.33, 0.73]</text>") && forest.contains("no effect = 1"))
        // The 2-week p of Maniquis-Smigel 2017 (published 0.217) does not reproduce; the hydrodissection CI is not centred.
        #expect(index.contains("DOES NOT REPRODUCE") && index.contains("INCONSISTENT"))
        try? FileManager.default.removeItem(atPath: folder)
    }
}

struct BatchRunTests {
    /// Every file under `folder`, by relative path.
    static func tree(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return files
    }

    /// Three copies of the demo plan under other names, in a folder beside the demo data.
    static func plans() throws -> [String] {
        let demo = try String(contentsOfFile: RunCommandTests.plan, encoding: .utf8)
        let data = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try ["alpha", "beta", "gamma"].map { name in
            let text = demo.replacingOccurrences(of: "name: demo-trial", with: "name: \(name)")
                .replacingOccurrences(of: "path: demo-trial-long.csv", with: "path: \(data)")
            let path = folder + "/\(name).yaml"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
    }

    @Test func shardsMergedEqualTheUnshardedRun() throws {
        let plans = try Self.plans()
        let whole = RunCommandTests.temporaryFolder(), one = RunCommandTests.temporaryFolder(), two = RunCommandTests.temporaryFolder()
        let merged = RunCommandTests.temporaryFolder()
        #expect(try CommandRunner.run(["run"] + plans + ["--out", whole]).status == 0)
        let first = try CommandRunner.run(["run"] + plans + ["--out", one, "--shard", "1/2"])
        let second = try CommandRunner.run(["run"] + plans + ["--out", two, "--shard", "2/2"])
        #expect(first.status == 0 && second.status == 0)
        // Plans 1 and 3 in the first share, plan 2 in the second.
        #expect(first.standardError.contains("alpha:") && first.standardError.contains("gamma:") && !first.standardError.contains("beta:"))
        #expect(try CommandRunner.run(["merge", one, two, "--out", merged]).status == 0)
        let expected = try Self.tree(whole), actual = try Self.tree(merged)
        // The index, and each of the three copies of the demo plan: 17 files, the MMRM's contrast forest, the flow of
        // participants and the manifest.
        #expect(expected.count == 1 + 3 * 20, "\(expected.keys.sorted())")
        #expect(expected == actual, "merged shards differ from the unsharded run")
        let index = String(decoding: try #require(expected["index.html"]), as: UTF8.self)
        #expect(index.contains("<a href=\"alpha/index.html\">alpha</a>") && index.contains("gamma/index.html"))
        let bad = try CommandRunner.run(["run"] + plans + ["--out", one, "--shard", "3/2"])
        #expect(bad.status == 64)
        let sameName = try CommandRunner.run(["run", plans[0], plans[0], "--out", RunCommandTests.temporaryFolder()])
        #expect(sameName.status == 65 && sameName.standardError.contains("are both named alpha"))
        let twice = try CommandRunner.run(["merge", one, one, "--out", merged])
        #expect(twice.status == 65 && twice.standardError.contains("is in both"))
        // A shard merged into itself would replace each plan's folder with itself (it was deleted, then copied from nothing).
        let before = try Self.tree(one)
        let intoItself = try CommandRunner.run(["merge", one, "--out", one])
        #expect(intoItself.status == 74 && intoItself.standardError.contains("would hold the plan's input"), "\(intoItself.standardError)")
        #expect(try Self.tree(one) == before)
    }

    @Test func strictTurnsANonConvergedFitIntoExitOne() throws {
        let data = DataCommandTests.root.appendingPathComponent("Datasets/simulated-mmrm/mmrm-trial.csv").path
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plan = folder + "/strict.yaml"
        try """
            data: {path: \(data)}
            analyses:
              - id: mmrm
                command: fit
                options: {formula: "vas ~ vas_bl + arm * visit + us(visit | subject)", max_evaluations: 3}
            """.write(toFile: plan, atomically: false, encoding: .utf8)
        let lenient = try CommandRunner.run(["run", plan, "--out", folder + "/out"])
        #expect(lenient.status == 0 && lenient.standardError.contains("did not converge: strict/mmrm"), "\(lenient.standardError)")
        let strict = try CommandRunner.run(["run", plan, "--out", folder + "/out", "--strict"])
        #expect(strict.status == 1)
        let stamped = try CommandRunner.run(["run", plan, "--out", folder + "/stamped", "--stamp"])
        let page = try String(contentsOfFile: folder + "/stamped/strict/index.html", encoding: .utf8)
        #expect(stamped.status == 0 && page.contains("Run at 20"))
        let unstamped = try String(contentsOfFile: folder + "/out/strict/index.html", encoding: .utf8)
        #expect(!unstamped.contains("Run at"))
    }
}

/// A plan's numbers are the numbers of the same commands typed by hand.
struct PlanAgreesWithHandTests {
    @Test func theDemoPlanGivesWhatItsCommandsGiveByHand() throws {
        let folder = RunCommandTests.temporaryFolder()
        let run = try CommandRunner.run(["run", RunCommandTests.plan, "--out", folder])
        #expect(run.status == 0, "\(run.standardError)")
        // The plan's data section as flags (Datasets/demo-trial/plan.yaml), then each step's options.
        let data = DataCommandTests.demo("long")
        let roles = ["--subject", "subject", "--arm", "arm", "--visit", "visit", "--reference", "arm=saline", "--range", "vas=0:10",
                     "--range", "bctq_sss=1:5"]
        let byHand: [(id: String, arguments: [String])] = [
            ("baseline", ["table1", data] + roles + ["--outcome", "vas", "--outcome", "bctq_sss", "--covariate", "age"]),
            ("vas-by-visit", ["descriptives", data] + roles + ["--outcome", "vas", "--covariate", "age", "--change"]),
            ("vas-week12", ["compare", data] + roles + ["--outcome", "vas", "--covariate", "age", "--at", "visit=12",
                                                       "--treatment", "dextrose", "--control", "saline"]),
            ("vas-mmrm", ["fit", data, "--reference", "arm=saline", "--formula", "vas ~ vas_bl + arm * factor(visit) + us(visit | subject)",
                          "--add-baseline", "vas", "--where", "visit > 0", "--df", "kenward-roger", "--emmeans", "arm | factor(visit)",
                          "--contrasts", "control=saline"]),
        ]
        for (id, typed) in byHand {
            let outcome = try CommandRunner.run(typed + ["--format", "json"])
            #expect(outcome.status == 0, "\(id): \(outcome.standardError)")
            let planned = try String(contentsOfFile: folder + "/demo-trial/\(id).json", encoding: .utf8)
            #expect(outcome.standardOutput == planned, "\(id): the plan's JSON differs from the command's")
        }
    }
}

/// A plan on a REDCap export fits its MMRM straight from the export (the step could not even
/// parse its arguments before), with the numbers of the same model on the plain CSV.
struct AdaptedInputModelTests {
    @Test func aREDCapPlanFitsItsMMRMAsThePlainCSVDoes() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pit = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm").path
        let plan = folder + "/redcap.yaml"
        try """
            data:
              path: \(pit)/pit-3arm-redcap.csv
              input_format: redcap
              dictionary: \(pit)/pit-3arm-redcap-dictionary.csv
              roles: {arm: arm, outcomes: [vas], covariates: [age, sex]}
              reference: {arm: saline}
            analyses:
              - id: mmrm
                command: fit
                options: {formula: "vas ~ arm * factor(visit) + us(visit | record_id)"}
            formats: [md]

            """.write(toFile: plan, atomically: false, encoding: .utf8)
        let run = try CommandRunner.run(["run", plan, "--out", folder + "/out"])
        #expect(run.status == 0, "\(run.standardError)")
        let fromPlan = try MixedModelCommandTests.json(try String(contentsOfFile: folder + "/out/redcap/mmrm.json", encoding: .utf8))
        let csv = try CommandRunner.run(["fit", pit + "/pit-3arm.csv", "--formula", "vas ~ arm * factor(week) + us(week | subject)",
                                         "--reference", "arm=saline", "--format", "json"])
        #expect(csv.status == 0, "\(csv.standardError)")
        let plain = try MixedModelCommandTests.json(csv.standardOutput)
        let a = (fromPlan["fixed"] as? [[String: Any]] ?? []).compactMap { $0["estimate"] as? Double }
        let b = (plain["fixed"] as? [[String: Any]] ?? []).compactMap { $0["estimate"] as? Double }
        #expect(a.count == 15 && a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(a) vs \(b)")
        #expect(MixedModelCommandTests.close(fromPlan["logLik"], plain["logLik"] as? Double ?? .nan, 1e-10))
        let ledger = try #require(fromPlan["ledger"] as? [String: Any])
        #expect(ledger["rowsUsed"] as? Int == (plain["ledger"] as? [String: Any])?["rowsUsed"] as? Int)
    }
}
