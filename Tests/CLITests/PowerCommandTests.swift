import Foundation
import Testing

/// `trialstats power` end to end: a design file's result, its shards (by flag, by Slurm's and by an
/// Indexed Job's environment) merged into the same bytes, and refusals that name what was wrong.
struct PowerCommandTests {
    /// A quick design: a t-test at the last of three visits, two sample sizes, 60 replicates.
    static let design = """
        visits: [v1, v2, v3]
        arms:
          - name: saline
            means: [0, 0, 0]
            retention: [1, 0.9, 0.8]
          - name: dextrose
            means: [-0.3, -0.6, -1.0]
        control: saline
        covariance: {structure: ar1, sd: 2, rho: 0.5}
        analysis: {method: t-test, visit: v3}
        n: [20, 50]
        replicates: 60
        seed: 7

        """

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trialstats-power-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func shardsMergeIntoTheBytesOfTheWholeRun() throws {
        let folder = try Self.folder()
        let design = folder.appendingPathComponent("design.yaml").path
        try Self.design.write(toFile: design, atomically: true, encoding: .utf8)
        let whole = try CommandRunner.run(["power", design, "--format", "json"], removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(whole.status == 0, "\(whole.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(whole.standardOutput.utf8)) as? [String: Any])
        #expect(try JSONSchemaTests.schema("power").problems(document) == [])
        let rows = try #require(document["sampleSizes"] as? [[String: Any]])
        #expect(rows.map { $0["n"] as? Int } == [20, 50] && rows.allSatisfy { $0["replicates"] as? Int == 60 && $0["analyticPower"] is NSNull })

        // Four shards: two by flag, one as a Slurm array task (ids 10-13), one as an Indexed Job (0-based index).
        let files = (1...4).map { folder.appendingPathComponent("shard-\($0).json").path }
        let runs: [([String], [String: String])] = [
            (["--shard", "1/4"], [:]),
            ([], ["SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "10"]),
            (["--shards", "4"], ["JOB_COMPLETION_INDEX": "2"]),
            (["--shard", "4/4"], [:]),
        ]
        for (index, (flags, environment)) in runs.enumerated() {
            let outcome = try CommandRunner.run(["power", design, "--shard-output", files[index]] + flags, environment: environment,
                                                removing: environment.isEmpty ? ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"] : [])
            #expect(outcome.status == 0, "shard \(index + 1): \(outcome.standardError)")
        }
        let merged = folder.appendingPathComponent("merged.json").path
        let merge = try CommandRunner.run(["merge"] + files.reversed() + ["--out", merged])
        #expect(merge.status == 0, "\(merge.standardError)")
        #expect(try String(contentsOfFile: merged, encoding: .utf8) == whole.standardOutput)
        #expect(try CommandRunner.run(["merge", "--verify"] + files).status == 0)

        // A shard done already is skipped; a missing shard, a repeated one, or another design's is refused before anything is written.
        let again = try CommandRunner.run(["power", design, "--shard", "1/4", "--shard-output", files[0]])
        #expect(again.status == 0 && again.standardError.contains("is done already"), "\(again.standardError)")
        let missing = try CommandRunner.run(["merge", files[0], files[1], files[3], "--out", folder.appendingPathComponent("partial.json").path])
        #expect(missing.status == 65 && missing.standardError.contains("shard 3 of 4 missing"), "\(missing.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("partial.json").path))
        let twice = try CommandRunner.run(["merge", files[0], files[0], files[1], files[2], files[3], "--verify"])
        #expect(twice.status == 65 && twice.standardError.contains("shard 1 of 4 is given twice"), "\(twice.standardError)")
        let other = folder.appendingPathComponent("other.yaml").path
        try Self.design.replacingOccurrences(of: "seed: 7", with: "seed: 8").write(toFile: other, atomically: true, encoding: .utf8)
        let foreignFile = folder.appendingPathComponent("foreign.json").path
        #expect(try CommandRunner.run(["power", other, "--shard", "3/4", "--shard-output", foreignFile]).status == 0)
        let foreign = try CommandRunner.run(["merge", files[0], files[1], foreignFile, files[3], "--verify"])
        #expect(foreign.status == 65 && foreign.standardError.contains("is a shard of another design"), "\(foreign.standardError)")
    }

    @Test(arguments: [
        ("analysis: {method: t-test, visit: v3}", "analysis: {method: t-test, visit: v3, alpah: 0.05}", "analysis.alpah: not a design key"),
        ("retention: [1, 0.9, 0.8]", "retention: [1, 0.7, 0.8]", "arms.saline.retention: rises from one visit to the next"),
        ("rho: 0.5", "rho: 1.5", "rho: 1.5 is not between −1 and 1"),
        ("visit: v3", "visit: v9", "analysis.visit: v9 is not one of the visits"),
        ("replicates: 60", "replicates: sixty", "replicates: sixty is not a whole number"),
    ])
    func aBadDesignIsRefusedWithItsPath(original: String, replacement: String, message: String) throws {
        let folder = try Self.folder()
        let design = folder.appendingPathComponent("design.yaml").path
        try Self.design.replacingOccurrences(of: original, with: replacement).write(toFile: design, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["power", design], removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(outcome.status == 65 && outcome.standardError.contains(message), "\(outcome.status) \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func aShardNeedsAFileAndAValidIndex() throws {
        let folder = try Self.folder()
        let design = folder.appendingPathComponent("design.yaml").path
        try Self.design.write(toFile: design, atomically: true, encoding: .utf8)
        let noFile = try CommandRunner.run(["power", design, "--shard", "1/2"])
        #expect(noFile.status == 64 && noFile.standardError.contains("--shard-output"), "\(noFile.standardError)")
        let badIndex = try CommandRunner.run(["power", design, "--shards", "4", "--shard-output", folder.appendingPathComponent("x.json").path],
                                             environment: ["JOB_COMPLETION_INDEX": "4"])
        #expect(badIndex.status == 64 && badIndex.standardError.contains("JOB_COMPLETION_INDEX (0 to 3)"), "\(badIndex.standardError)")
        // Options that a shard would leave unused are refused, not ignored.
        let strayOutput = try CommandRunner.run(["power", design, "--shard-output", folder.appendingPathComponent("y.json").path],
                                                removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(strayOutput.status == 64 && strayOutput.standardError.contains("--shard-output is where a shard writes"), "\(strayOutput.standardError)")
        let strayFormat = try CommandRunner.run(["power", design, "--shard", "1/2", "--shard-output", folder.appendingPathComponent("z.json").path,
                                                 "--format", "json"])
        #expect(strayFormat.status == 64 && strayFormat.standardError.contains("-o and --format are for a whole run"), "\(strayFormat.standardError)")
    }
}

/// `power` as a plan step: the design file read beside the plan, the table and the power curve in
/// the report.
struct PowerPlanStepTests {
    @Test func aPlanRunsThePowerStepWithItsCurve() throws {
        let folder = try PowerCommandTests.folder()
        try PowerCommandTests.design.write(toFile: folder.appendingPathComponent("design.yaml").path, atomically: true, encoding: .utf8)
        let plan = folder.appendingPathComponent("plan.yaml").path
        try """
            name: planning
            title: Sample size
            analyses:
              - id: power
                command: power
                options: {file: design.yaml}

            """.write(toFile: plan, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("reports").path
        let outcome = try CommandRunner.run(["run", plan, "--out", out], removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try String(contentsOfFile: out + "/planning/index.html", encoding: .utf8)
        #expect(report.contains("Power by n per arm") && report.contains("<svg"), "the power curve is in the report")
        #expect(report.contains("Power by simulation: dextrose − saline"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/planning")
        #expect(files.contains { $0.hasPrefix("power") && $0.hasSuffix(".json") }, "\(files)")
    }
}

/// The covariance of a pilot fit: `covariance: {from: pilot.json}` takes the matrix of
/// `trialstats fit --format json`, and refuses a pilot over other visits.
struct PowerPilotCovarianceTests {
    @Test func aPilotFitsCovarianceIsTheDesigns() throws {
        let folder = try PowerCommandTests.folder()
        let fit = try CommandRunner.run(["fit", EstimandCommandTests.trial, "--formula", "vas ~ vas_bl + arm * visit + us(visit | subject)", "--format", "json"])
        #expect(fit.status == 0, "\(fit.standardError)")
        try fit.standardOutput.write(toFile: folder.appendingPathComponent("pilot.json").path, atomically: true, encoding: .utf8)
        let pilot = try #require(try JSONSerialization.jsonObject(with: Data(fit.standardOutput.utf8)) as? [String: Any])
        let matrix = try #require((pilot["covariance"] as? [String: Any])?["matrix"] as? [[Double]])
        let design = """
            visits: [week02, week04, week08, week12]
            arms:
              - {name: saline, means: [0, 0, 0, 0]}
              - {name: dextrose, means: [0, -0.3, -0.6, -0.9]}
            control: saline
            covariance: {from: pilot.json}
            analysis: {method: t-test, visit: week12}
            n: 30
            replicates: 20

            """
        let path = folder.appendingPathComponent("design.yaml").path
        try design.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try CommandRunner.run(["power", path, "--format", "json"], removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let used = try #require(((result["design"] as? [String: Any])?["covariance"] as? [String: Any])?["matrix"] as? [[Double]])
        #expect(used == matrix)
        try design.replacingOccurrences(of: "week02, week04, week08, week12", with: "w2, w4, w8, w12").write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["power", path], removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(refused.status == 65 && refused.standardError.contains("the pilot's visits (week02, week04, week08, week12) are not the design's"), "\(refused.standardError)")
    }
}

/// A batch system's SIGTERM leaves no shard file behind, and a share of a plan run done already
/// with the same inputs is skipped when the array task runs again.
struct InterruptedAndRepeatedShardTests {
    @Test func aTerminatedShardLeavesNoFile() throws {
        let folder = try PowerCommandTests.folder()
        let design = folder.appendingPathComponent("design.yaml").path
        try PowerCommandTests.design.replacingOccurrences(of: "replicates: 60", with: "replicates: 200000").write(toFile: design, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["power", design, "--shard", "1/2", "--shard-output", folder.appendingPathComponent("shard.json").path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1)
        process.terminate()
        // A process that ignores SIGTERM is killed after 10 s, and the test fails.
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let ended = !process.isRunning
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(ended, "SIGTERM did not end the process")
        #expect(process.terminationStatus == 143 || process.terminationReason == .uncaughtSignal, "\(process.terminationStatus)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "design.yaml" }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func aShareDoneAlreadyIsSkippedUntilItsInputsChange() throws {
        let folder = try PowerCommandTests.folder()
        try PowerCommandTests.design.write(toFile: folder.appendingPathComponent("design.yaml").path, atomically: true, encoding: .utf8)
        let plan = folder.appendingPathComponent("plan.yaml").path
        try "name: planning\nanalyses:\n  - id: power\n    command: power\n    options: {file: design.yaml}\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("reports").path
        let arguments = ["run", plan, "--out", out]
        let environment = ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "0"]
        let first = try CommandRunner.run(arguments, environment: environment)
        #expect(first.status == 0 && !first.standardError.contains("done already"), "\(first.standardError)")
        let again = try CommandRunner.run(arguments, environment: environment)
        #expect(again.status == 0 && again.standardError.contains("planning is done already with these inputs"), "\(again.standardError)")
        try PowerCommandTests.design.replacingOccurrences(of: "seed: 7", with: "seed: 8").write(toFile: folder.appendingPathComponent("design.yaml").path,
                                                                                              atomically: true, encoding: .utf8)
        let changed = try CommandRunner.run(arguments, environment: environment)
        #expect(changed.status == 0 && !changed.standardError.contains("done already"), "\(changed.standardError)")
        // Without a shard a run always runs.
        let whole = try CommandRunner.run(arguments, removing: ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"])
        #expect(whole.status == 0 && !whole.standardError.contains("done already"))
    }
}
