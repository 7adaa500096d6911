import Foundation
import Testing
@testable import Plans

struct AnalysisPlanTests {
    /// A folder with a small data file, for plans to point at.
    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "subject,arm,visit,vas\nP1,a,0,5\nP1,a,4,3\nP2,b,0,6\nP2,b,4,5\n".write(toFile: folder + "/trial.csv", atomically: false, encoding: .utf8)
        return folder
    }

    static func parse(_ text: String) throws -> AnalysisPlan {
        let folder = try folder()
        try text.write(toFile: folder + "/plan.yaml", atomically: false, encoding: .utf8)
        return try AnalysisPlan.read(path: folder + "/plan.yaml")
    }

    @Test func aPlanReadsIntoCommandLines() throws {
        let plan = try Self.parse("""
            title: A trial
            data:
              path: trial.csv
              roles: {subject: subject, arm: arm}
              reference: {arm: b}
            analyses:
              - id: baseline
                command: table1
              - id: mmrm
                command: fit
                options:
                  formula: "vas ~ arm + us(visit | subject)"
                  ml: true
                  conditional_modes: false
                  reference: [arm=b, visit=0]
            formats: [md, tex]
            """)
        #expect(plan.name == "plan" && plan.title == "A trial" && plan.formats == ["md", "tex"])
        #expect(plan.data.path.hasSuffix("/trial.csv") && plan.data.schema?.declarations.references == ["arm": "b"])
        #expect(plan.analyses.map(\.id) == ["baseline", "mmrm"])
        #expect(plan.analyses[1].arguments == ["--formula", "vas ~ arm + us(visit | subject)", "--ml", "--reference", "arm=b", "--reference", "visit=0"])
        #expect(plan.analyses[1].line == 9)
        try plan.checkColumns()
    }

    @Test func stepsTakeATitleALabelAndAPrimaryMarkAndThePlanLabelsItsVariables() throws {
        let plan = try Self.parse("""
            data: {path: trial.csv, roles: {subject: subject, arm: arm}}
            labels: {vas: "Pain (VAS 0-10)"}
            analyses:
              - {id: baseline, command: table1, title: Baseline characteristics}
              - {id: main, command: compare, label: Pain at week 4, primary: true}
              - {id: other, command: compare}
            formats: [md, docx, rtf]
            """)
        #expect(plan.labels == ["vas": "Pain (VAS 0-10)"])
        #expect(plan.analyses.map(\.heading) == ["Baseline characteristics", "Pain at week 4", "other"], "a label stands in for a title, the id for both")
        #expect(plan.analyses.map(\.primary) == [false, true, false])
        #expect(plan.formats == ["md", "docx", "rtf"])
        for (text, key) in [("labels: {vas: \"\"}", "labels.vas"), ("labels: [vas]", "labels")] {
            #expect(throws: PlanError.self, "\(key)") {
                try Self.parse("data: {path: trial.csv}\n\(text)\nanalyses:\n  - {id: a, command: table1}\n")
            }
        }
        do {
            _ = try Self.parse("data: {path: trial.csv}\nanalyses:\n  - {id: a, command: table1, primary: yes please}\n")
            Issue.record("primary must be true or false")
        } catch {
            #expect("\(error)".contains("plan.yaml:3: primary") && "\(error)".contains("true or false"), "\(error)")
        }
    }

    @Test func aTypoInAKeyNamesItsLineAndTheKeyMeant() throws {
        do {
            _ = try Self.parse("data:\n  path: trial.csv\n\nanalysis:\n  - {id: a, command: table1}\n")
            Issue.record("a typo at the top was accepted")
        } catch let error as PlanError {
            guard case let .unknownKey(_, line, key, _, suggestion) = error else { Issue.record("\(error)"); return }
            #expect(line == 4 && key == "analysis" && suggestion == "analyses")
        }
        do {
            _ = try Self.parse("data:\n  path: trial.csv\n  rolse: {arm: arm}\nanalyses:\n  - {id: a, command: table1}\n")
            Issue.record("a typo in data was accepted")
        } catch {
            #expect("\(error)".contains("plan.yaml:3: unknown key \"rolse\"; did you mean \"roles\"?"), "\(error)")
        }
        do {
            _ = try Self.parse("data: {path: trial.csv}\nanalyses:\n  - id: a\n    command: tabel1\n")
            Issue.record("an unknown command was accepted")
        } catch {
            #expect("\(error)".contains("plan.yaml:4: unknown key \"tabel1\"; did you mean \"table1\"?"), "\(error)")
        }
    }

    @Test func aMissingDataFileNamesItsLine() throws {
        do {
            _ = try Self.parse("name: x\ndata:\n  path: nosuch.csv\nanalyses:\n  - {id: a, command: table1}\n")
            Issue.record("a missing data file was accepted")
        } catch let error as PlanError {
            #expect(error.isMissingInput)
            #expect("\(error)".contains("plan.yaml:3: data.path: no file"), "\(error)")
        }
    }

    @Test func aRoleNamingAMissingColumnNamesItsLineAndTheColumnMeant() throws {
        let plan = try Self.parse("data:\n  path: trial.csv\n  roles:\n    subject: subject\n    arm: armm\nanalyses:\n  - {id: a, command: table1}\n")
        do {
            try plan.checkColumns()
            Issue.record("a role naming a missing column was accepted")
        } catch {
            #expect("\(error)".contains("plan.yaml:5: data.roles.arm:") && "\(error)".contains("has no column \"armm\"; did you mean \"arm\"?"),
                    "\(error)")
        }
    }

    @Test func aPlanOfPublishedNumbersNeedsNoDataAndResolvesItsFiles() throws {
        let folder = try Self.folder()
        try "study,yi,vi\nA,0.1,0.01\nB,0.3,0.02\n".write(toFile: folder + "/pooled.csv", atomically: false, encoding: .utf8)
        try "analyses:\n  - id: pooled\n    command: meta\n    options: {file: pooled.csv, measure: MD, knha: true}\n"
            .write(toFile: folder + "/plan.yaml", atomically: false, encoding: .utf8)
        let plan = try AnalysisPlan.read(path: folder + "/plan.yaml")
        #expect(!plan.hasData)
        #expect(plan.analyses[0].input == folder + "/pooled.csv")
        #expect(plan.analyses[0].arguments == ["--measure", "MD", "--knha"])
    }

    @Test func missingPartsAndBadValuesAreSaid() throws {
        #expect(throws: PlanError.self) { try Self.parse("analyses:\n  - {id: a, command: table1}\n") }
        #expect(throws: PlanError.self) { try Self.parse("data: {path: trial.csv}\n") }
        #expect(throws: PlanError.self) { try Self.parse("data: {path: trial.csv}\nanalyses:\n  - {command: table1}\n") }
        #expect(throws: PlanError.self) { try Self.parse("data: {path: trial.csv}\nanalyses:\n  - {id: a, command: table1}\n  - {id: a, command: lm}\n") }
        #expect(throws: PlanError.self) { try Self.parse("data: {path: trial.csv}\nanalyses:\n  - {id: a, command: table1}\nformats: [pdf]\n") }
        // A summary-level command names its file; a plan of them alone needs no data.
        #expect(throws: PlanError.self) { try Self.parse("analyses:\n  - {id: a, command: meta, options: {measure: MD}}\n") }
        #expect(throws: PlanError.self) { try Self.parse("analyses:\n  - {id: a, command: meta, options: {file: nosuch.csv}}\n") }
        // Ids that would overwrite the run's own files (data.json, index.html, derive-1.csv).
        for reserved in ["data", "Index", "derive-1"] {
            #expect(throws: PlanError.self, "\(reserved)") { try Self.parse("data: {path: trial.csv}\nanalyses:\n  - {id: \(reserved), command: table1}\n") }
        }
    }
}
