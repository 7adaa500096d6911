import Foundation
import Testing

/// A plan run writes its report folder and nothing else: no path a plan names, and no name a plan
/// file happens to have, reaches outside --out or over an input, and a report folder is always
/// one whole run's.
struct RunOutputSafetyTests {
    static let data = DataCommandTests.demo("long")

    /// A fresh folder with the given files (relative path → text).
    static func folder(_ files: [String: String]) throws -> String {
        let folder = RunCommandTests.temporaryFolder()
        for (path, text) in files {
            let full = (folder as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }
        return folder
    }

    static func listing(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    static let onePlan = "data: {path: \(data)}\nanalyses:\n  - {id: baseline, command: table1}\nformats: [csv]\n"

    @Test func aPlanFileNameThatCannotNameAFolderNeedsAName() throws {
        // "...yaml" named the folder "..": the report went into the parent of --out.
        for fileName in ["...yaml", "<b>bold<%2Fb>.yaml", ".hidden.yaml"] {
            let root = try Self.folder(["plans/\(fileName)": Self.onePlan])
            let outcome = try CommandRunner.run(["run", root + "/plans/" + fileName, "--out", root + "/out/reports"])
            #expect(outcome.status == 65, "\(fileName): \(outcome.standardError)")
            #expect(outcome.standardError.contains(":1: name: expected a name: key"), "\(outcome.standardError)")
            #expect(Self.listing(root) == ["plans"], "\(fileName): \(Self.listing(root))")
        }
    }

    @Test func aReportFolderThatWouldHoldAnInputIsRefused() throws {
        // run study/plan.yaml --out . with name: study wrote the report's data.csv over study/data.csv.
        let trial = try String(contentsOfFile: Self.data, encoding: .utf8)
        let root = try Self.folder(["study/data.csv": trial,
                                    "study/plan.yaml": "name: study\ndata: {path: data.csv}\nanalyses:\n  - {id: baseline, command: table1}\nformats: [csv]\n"])
        let outcome = try CommandRunner.run(["run", root + "/study/plan.yaml", "--out", root])
        #expect(outcome.status == 74, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("would hold the plan's input"), "\(outcome.standardError)")
        #expect(try String(contentsOfFile: root + "/study/data.csv", encoding: .utf8) == trial)
        #expect(Self.listing(root + "/study") == ["data.csv", "plan.yaml"])
        // A folder that is not a report is not replaced either.
        let notes = try Self.folder(["plans/notes.yaml": Self.onePlan, "out/notes/mine.txt": "keep me"])
        let refused = try CommandRunner.run(["run", notes + "/plans/notes.yaml", "--out", notes + "/out"])
        #expect(refused.status == 74 && refused.standardError.contains("is not a TrialStats report"), "\(refused.standardError)")
        #expect(Self.listing(notes + "/out/notes") == ["mine.txt"])
        // An index.html alone does not make a folder a report: a website's folder has one too.
        let site = try Self.folder(["plans/site.yaml": Self.onePlan, "out/site/index.html": "<html></html>", "out/site/style.css": "p{}"])
        let siteRun = try CommandRunner.run(["run", site + "/plans/site.yaml", "--out", site + "/out"])
        #expect(siteRun.status == 74 && Self.listing(site + "/out/site") == ["index.html", "style.css"], "\(siteRun.standardError)")
    }

    @Test func stepsShareOneNamespaceAndFittedStaysInTheFolder() throws {
        let derive = "derive:\n  - {id: vas, command: score, options: {instrument: nrs, items: vas, name: pain}}\n"
        let clash = try Self.folder(["plan.yaml": "data: {path: \(Self.data)}\n" + derive
                                        + "analyses:\n  - {id: vas, command: table1}\nformats: [csv]\n"])
        let clashRun = try CommandRunner.run(["run", clash + "/plan.yaml", "--out", clash + "/out"])
        #expect(clashRun.status == 65 && clashRun.standardError.contains(":5: id: expected an id other than vas, which the step on line 3 uses"),
                "\(clashRun.standardError)")
        for (value, line) in [("../outside.csv", 8), ("/tmp/outside.csv", 8), ("baseline.csv", 8), ("index.csv", 8)] {
            let root = try Self.folder(["plan.yaml": "data: {path: \(Self.data)}\nanalyses:\n  - {id: baseline, command: table1}\n"
                                           + "  - id: model\n    command: fit\n    options:\n      formula: \"vas ~ visit + (1 | subject)\"\n"
                                           + "      fitted: \"\(value)\"\nformats: [csv]\n"])
            let outcome = try CommandRunner.run(["run", root + "/plan.yaml", "--out", root + "/out"])
            #expect(outcome.status == 65 && outcome.standardError.contains(":\(line): options.fitted: expected a file name"),
                    "\(value): \(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: root + "/outside.csv") && !FileManager.default.fileExists(atPath: root + "/out"))
        }
        let good = try Self.folder(["plan.yaml": "name: fitted\ndata: {path: \(Self.data)}\nanalyses:\n"
                                       + "  - id: model\n    command: fit\n    options:\n      formula: \"vas ~ visit + (1 | subject)\"\n"
                                       + "      fitted: vas-fitted.csv\nformats: [csv]\n"])
        let goodRun = try CommandRunner.run(["run", good + "/plan.yaml", "--out", good + "/out"])
        #expect(goodRun.status == 0, "\(goodRun.standardError)")
        #expect(Self.listing(good + "/out/fitted").contains("vas-fitted.csv"))
        #expect(Self.listing(good) == ["out", "plan.yaml"])
        let index = try String(contentsOfFile: good + "/out/fitted/index.html", encoding: .utf8)
        #expect(index.contains("--fitted vas-fitted.csv") && !index.contains(good), "the report names the file, not the folder")
        // The run's own options are the run's.
        let output = try Self.folder(["plan.yaml": "data: {path: \(Self.data)}\nanalyses:\n  - {id: a, command: table1, options: {output: x.md}}\n"])
        let outputRun = try CommandRunner.run(["run", output + "/plan.yaml", "--out", output + "/out"])
        #expect(outputRun.status == 65 && outputRun.standardError.contains("options.output: expected no output option"), "\(outputRun.standardError)")
    }

    @Test func aFailedRerunLeavesThePreviousReportWhole() throws {
        let root = try Self.folder(["plan.yaml": "name: trial\n" + Self.onePlan])
        #expect(try CommandRunner.run(["run", root + "/plan.yaml", "--out", root + "/out"]).status == 0)
        let before = try RunCommandTests.contents(root + "/out/trial")
        // The second version of the plan adds a step that runs, then one whose option is misspelt:
        // its first step's files used to be left beside the previous run's.
        try ("name: trial\ndata: {path: \(Self.data)}\nanalyses:\n  - {id: added, command: table1}\n"
             + "  - {id: broken, command: descriptives, options: {outcme: vas}}\nformats: [csv]\n")
            .write(toFile: root + "/plan.yaml", atomically: false, encoding: .utf8)
        let failed = try CommandRunner.run(["run", root + "/plan.yaml", "--out", root + "/out"])
        #expect(failed.status == 65, "\(failed.standardError)")
        #expect(try RunCommandTests.contents(root + "/out/trial") == before)
        #expect(Self.listing(root + "/out") == ["index.html", "trial"], "no staging folder is left behind")
    }

    /// Every step's options are checked when the plan is read: a misspelt option in the last step
    /// stops the run before the first step runs or --out is made.
    @Test func aMisspeltOptionInTheLastStepStopsTheRunBeforeAnythingRuns() throws {
        let root = try Self.folder(["plan.yaml": "data: {path: \(Self.data)}\nanalyses:\n  - {id: first, command: table1}\n"
                                        + "  - {id: second, command: descriptives, options: {outcome: vas}}\n"
                                        + "  - id: last\n    command: fit\n    options: {formla: \"vas ~ visit + (1 | subject)\"}\n"])
        let outcome = try CommandRunner.run(["run", root + "/plan.yaml", "--out", root + "/out"])
        #expect(outcome.status == 65, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("plan.yaml:5: last (fit): "), "\(outcome.standardError)")
        #expect(!FileManager.default.fileExists(atPath: root + "/out"), "nothing was written")
    }

    @Test func concurrentRunsIntoOneFolderLeaveOneRunsReport() throws {
        let root = try Self.folder([
            "a/plan.yaml": "name: shared\ndata: {path: \(Self.data)}\nanalyses:\n  - {id: first, command: table1}\n"
                + "  - {id: first-vas, command: descriptives, options: {outcome: vas}}\nformats: [csv]\n",
            "b/plan.yaml": "name: shared\ndata: {path: \(Self.data)}\nanalyses:\n  - {id: second, command: table1}\n"
                + "  - {id: second-vas, command: descriptives, options: {outcome: vas}}\nformats: [csv]\n",
        ])
        for attempt in 0..<6 {
            let processes = ["a", "b"].map { side -> Process in
                let process = Process()
                process.executableURL = CommandRunner.executable
                process.arguments = ["run", root + "/\(side)/plan.yaml", "--out", root + "/out"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.allSatisfy { $0.terminationStatus == 0 })
            let files = Set(Self.listing(root + "/out/shared"))
            let fromA = files.contains { $0.hasPrefix("first") }, fromB = files.contains { $0.hasPrefix("second") }
            #expect(fromA != fromB, "attempt \(attempt): \(files.sorted())")
            #expect(Self.listing(root + "/out") == ["index.html", "shared"], "attempt \(attempt)")
        }
    }

    /// An output that is a device or a pipe (/dev/null, /dev/stdout) is written in place: renaming
    /// a finished file over it replaced /dev/null with a file when run as root.
    @Test func anOutputThatIsAPipeIsWrittenInPlaceNotReplaced() throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // A reader first, so that the command's open for writing does not wait.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let outcome = try CommandRunner.run(["reshape", DataCommandTests.demo("long"), "--to", "wide", "--output", fifo])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        var status = stat()
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(reader, &buffer, 64) == 64 && String(decoding: buffer.prefix(7), as: UTF8.self) == "subject")
    }
}
