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
        #expect(one.standardError.contains("the report is \(first)/demo/index.html"))
        let two = try CommandRunner.run(["run", Self.plan, "--out", second])
        #expect(two.status == 0)
        let a = try Self.contents(first + "/demo"), b = try Self.contents(second + "/demo")
        let expected = ["index.html", "vas-by-visit-trajectory-1.svg"] + ["baseline", "vas-by-visit", "vas-week12", "vas-mmrm"].flatMap { id in
            ["json", "md", "html"].map { "\(id).\($0)" }
        }
        #expect(Set(a.keys) == Set(expected))
        #expect(a == b, "the same plan gave different bytes")
        let bytes = try #require(a["index.html"])
        let index = String(decoding: bytes, as: UTF8.self)
        for heading in ["<h1>Demo trial", "<h2>baseline</h2>", "<h2>vas-mmrm</h2>", "MMRM fit by REML", "The analysis plan"] {
            #expect(index.contains(heading), "\(heading)")
        }
        #expect(!index.contains("<script"))
        #expect(index.contains("<figure><svg xmlns=\"http://www.w3.org/2000/svg\""), "the trajectory figure is inline")
    }

    @Test func planMistakesExitWithTheLine() throws {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = DataCommandTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path
        func plan(_ text: String) throws -> String {
            let path = folder + "/plan-\(UUID().uuidString).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
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
        #expect(optionRun.status == 65 && optionRun.standardError.contains(":4: analysis b (compare):"), "\(optionRun.standardError)")
    }
}
