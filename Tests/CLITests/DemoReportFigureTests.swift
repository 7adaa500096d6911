import Foundation
import Testing

/// The figures reviewers ask for, in the demo report: the cumulative distribution of change at
/// week 12 and the flow of participants, their counts held against the data's ledger and
/// dropout patterns (data.json) and against the comparison's own counts.
struct DemoReportFigureTests {
    /// The demo plan, run once for these tests.
    static let demo: Result<String, CommandFailureInTest> = {
        let folder = RunCommandTests.temporaryFolder()
        let plan = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/plan.yaml").path
        guard let run = try? CommandRunner.run(["run", plan, "--out", folder]), run.status == 0 else {
            return .failure(CommandFailureInTest(message: "the demo plan did not run"))
        }
        return .success((folder as NSString).appendingPathComponent("demo"))
    }()

    struct CommandFailureInTest: Error { var message: String }

    static func json(_ name: String, in folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The text of every <text> element of an SVG, unescaped.
    static func texts(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text ").dropFirst().compactMap { element in
            guard let start = element.firstIndex(of: ">"), let end = element.range(of: "</text>") else { return nil }
            return String(element[element.index(after: start)..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    static func svg(_ name: String, in folder: String) throws -> String {
        try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theFlowOfParticipantsCountsWhatTheLedgerAndTheDropoutPatternsSay() throws {
        let folder = try Self.demo.get()
        let description = try #require(try Self.json("data.json", in: folder)["description"] as? [String: Any])
        let ledger = try #require(description["ledger"] as? [String: Any])
        let arms = try #require(description["arms"] as? [[String: Any]])
        let visits = try #require(description["visits"] as? [String])
        let patterns = try #require(description["dropoutPatterns"] as? [[String: Any]])
        let cells = try #require(description["cells"] as? [[String: Any]])
        let texts = Self.texts(try Self.svg("data-flow-1.svg", in: folder))
        let subjects = arms.reduce(0) { $0 + ($1["subjects"] as? Int ?? 0) }
        let rowsRead = try #require(ledger["rowsRead"] as? Int), excluded = try #require(ledger["excluded"] as? [Any]).count
        #expect(texts.contains("In the data: \(rowsRead) rows read") && texts.contains("\(subjects) subjects with rows used"))
        #expect(texts.contains("Rows excluded: \(excluded)"))
        #expect(texts.contains("Randomised: \(subjects) subjects"))
        // The report names the outcome by its label.
        for arm in arms {
            let name = try #require(arm["arm"] as? String), allocated = try #require(arm["subjects"] as? Int)
            #expect(texts.contains("Allocated to \(name)") && texts.contains("\(allocated) subjects"), "\(name)")
            let mine = patterns.filter { $0["arm"] as? String == name }.map { (Array($0["pattern"] as? String ?? ""), $0["subjects"] as? Int ?? 0) }
            for (index, visit) in visits.enumerated().dropFirst() {
                // Counted here from the patterns, independently of the figure's own code.
                let seen = mine.filter { $0.0[index] == "X" }.reduce(0) { $0 + $1.1 }
                let dropped = mine.filter { $0.0[index...].allSatisfy { $0 == "." } }.reduce(0) { $0 + $1.1 }
                #expect(texts.contains("week \(visit): seen \(seen)"), "\(name) week \(visit)")
                #expect(texts.contains("not seen \(allocated - seen): \(dropped) dropped out, \(allocated - seen - dropped) missed"), "\(name) week \(visit)")
            }
            let analysed = try #require(cells.first { $0["outcome"] as? String == "vas" && $0["arm"] as? String == name && $0["visit"] as? String == visits.last }?["observed"] as? Int)
            #expect(texts.contains("Analysed: \(analysed)"), "\(name)")
        }
        #expect(texts.contains("with Pain (VAS 0-10) at week 24"), "the plan's label for vas")
        let index = try String(contentsOfFile: (folder as NSString).appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("Flow of participants"), "the flow diagram is in the report")
    }

    @Test func theCumulativeDistributionsCountThePatientsTheComparisonCounts() throws {
        let folder = try Self.demo.get()
        let ecdf = try #require(try Self.json("vas-ecdf-week12.json", in: folder)["ecdf"] as? [String: Any])
        let points = try #require(ecdf["points"] as? [String: Any])
        let arms = try #require(points["arms"] as? [[String: Any]])
        let bars = try #require(points["bars"] as? [[String: Any]])
        // The comparison at week 12 counts the patients with a value there; all have a baseline.
        let comparison = try #require(try Self.json("vas-week12-dextrose-vs-saline.json", in: folder)["arms"] as? [[String: Any]])
        let pointsFigure = Self.texts(try Self.svg("vas-ecdf-week12-ecdf-points-1.svg", in: folder))
        let percentFigure = Self.texts(try Self.svg("vas-ecdf-week12-ecdf-percent-2.svg", in: folder))
        for arm in arms {
            let name = try #require(arm["arm"] as? String), drawn = try #require(arm["drawn"] as? Int)
            let subjects = try #require(arm["subjects"] as? Int)
            #expect(drawn == bars.filter { $0["arm"] as? String == name }.count)
            #expect(drawn + (arm["noValueAtVisit"] as? Int ?? -1) + (arm["noBaseline"] as? Int ?? -1) == subjects, "every patient counted")
            if let compared = comparison.first(where: { $0["arm"] as? String == name }) {
                #expect(compared["n"] as? Int == drawn, "\(name): the figure draws the patients the comparison counts")
            }
            #expect(pointsFigure.contains("\(name) (n = \(drawn))"), "\(name)")
        }
        // Each arm's share at each threshold, as the JSON has it, and as counted here from the bars.
        for mark in try #require(ecdf["marks"] as? [[String: Any]]) {
            let value = try #require(mark["value"] as? Double), scale = try #require(mark["scale"] as? String)
            let figure = scale == "percent" ? percentFigure : pointsFigure
            let changes = try #require(ecdf[scale] as? [String: Any])["bars"] as? [[String: Any]] ?? []
            #expect(figure.contains("change ≤ \(String(format: "%g", value))\(scale == "percent" ? "%" : ""):"))
            for arm in try #require(mark["arms"] as? [[String: Any]]) {
                let name = try #require(arm["arm"] as? String)
                let mine = changes.filter { $0["arm"] as? String == name }.compactMap { $0["value"] as? Double }
                let share = Double(mine.filter { $0 <= value }.count) / Double(mine.count)
                #expect(abs((arm["proportion"] as? Double ?? -1) - share) < 1e-12)
                #expect(figure.contains("\(name) \(String(format: "%.1f%%", 100 * share))"), "\(name) at \(value) \(scale)")
            }
        }
        let index = try String(contentsOfFile: (folder as NSString).appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("Cumulative distribution of % change in Pain (VAS 0-10)"), "the eCDF is in the report, labelled")
    }

    @Test func tablesForPeopleCarryThePlansLabelsAndCSVKeepsTheDatasNames() throws {
        let folder = try Self.demo.get()
        let markdown = try String(contentsOfFile: (folder as NSString).appendingPathComponent("vas-by-visit.md"), encoding: .utf8)
        let csv = try String(contentsOfFile: (folder as NSString).appendingPathComponent("vas-by-visit.csv"), encoding: .utf8)
        #expect(markdown.contains("Pain (VAS 0-10)") && !markdown.contains("### vas "), "\(markdown.prefix(200))")
        #expect(!csv.contains("Pain (VAS 0-10)"))
        let json = try String(contentsOfFile: (folder as NSString).appendingPathComponent("vas-by-visit.json"), encoding: .utf8)
        #expect(!json.contains("Pain (VAS 0-10)"), "the JSON keeps the data's names")
    }

    @Test func primaryRespondersAndAdjustedContrastsAreStatedAsTheyAreAndAMisspeltLabelIsRefused() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path
        func plan(labels: String) -> String {
            """
            name: primary
            data: {path: \(data), roles: {subject: subject, arm: arm, visit: week, outcomes: [vas]}, reference: {arm: saline}}
            labels: \(labels)
            analyses:
              - {id: responders, label: Responders, title: Responders at week 12, primary: true, command: responders,
                 options: {outcome: vas, at: week=12, treatment: dextrose, control: saline, percent: 50}}
              - {id: mmrm, primary: true, command: fit,
                 options: {formula: "vas ~ arm * factor(week) + us(week | subject)", emmeans: "arm | factor(week)", contrasts: pairwise, adjust: holm}}
            formats: [md]
            """
        }
        try plan(labels: "{vas: \"Pain (VAS 0-10)\"}").write(toFile: folder + "/plan.yaml", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", folder + "/plan.yaml", "--out", folder + "/out"])
        #expect(run.status == 0, "\(run.standardError)")
        let index = try String(contentsOfFile: folder + "/out/primary/index.html", encoding: .utf8)
        // Source: the plan's own responders.json: 20 of 36 and 3 of 38 reached ≥ 50% improvement at week 12.
        let responders = try Self.json("responders.json", in: folder + "/out/primary")
        let arms = try #require(((responders["thresholds"] as? [[String: Any]])?.first?["arms"] as? [[String: Any]]))
        #expect(arms.compactMap { $0["responders"] as? Int } == [20, 3])
        #expect(index.contains("At visit 12, ≥ 50% improvement in Pain (VAS 0-10) from visit 0 was reached by 20 of 36 (55.6%) in dextrose and 3 of 38 (7.9%) in saline; the difference dextrose − saline was"), "\(index)")
        #expect(index.contains("<a href=\"#responders\">Responders</a>") && index.contains("<h2>Responders at week 12</h2>"), "label in the summary, title as heading")
        #expect(index.contains("P-values adjusted by Holm&#39;s method") || index.contains("P-values adjusted by Holm's method"), "adjusted p-values are named as such")
        // A label for a variable the data do not have is refused with the name meant.
        try plan(labels: "{vass: \"Pain\"}").write(toFile: folder + "/plan.yaml", atomically: true, encoding: .utf8)
        let misspelt = try CommandRunner.run(["run", folder + "/plan.yaml", "--out", folder + "/out2"])
        #expect(misspelt.status == 65 && misspelt.standardError.contains("vass") && misspelt.standardError.contains("vas"), "\(misspelt.standardError)")
    }

    @Test func labelsOfAnADaMPlanAreSaidToBeUncheckedRatherThanDroppedInSilence() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm").path
        try """
            name: adam-labels
            data: {path: \(data)/pit-3arm-adqs.csv, input_format: adam, adsl: \(data)/pit-3arm-adsl.csv, param: VAS}
            labels: {VASS: "Pain"}
            analyses:
              - {id: baseline, command: table1}
            formats: [md]
            """.write(toFile: folder + "/plan.yaml", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", folder + "/plan.yaml", "--out", folder + "/out"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("labels are not checked against the columns of an ADaM dataset"), "\(run.standardError)")
        #expect(run.standardError.contains("is not used: VASS"))
    }

    @Test func excludedRowsAreCountedInTheFlowWithTheirReasons() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var csv = "subject,arm,week,vas\n"
        for subject in 1...8 {
            for week in [0, 4, 12] where !(subject == 2 && week == 12) && !(subject == 3 && week == 4) {
                csv += "S\(subject),\(subject % 2 == 0 ? "dextrose" : "saline"),\(week),\(subject == 5 && week == 12 ? 14 : 5 - week / 4)\n"
            }
        }
        try csv.write(toFile: folder + "/trial.csv", atomically: true, encoding: .utf8)
        try """
            name: flow
            data: {path: trial.csv, roles: {subject: subject, arm: arm, visit: week, outcomes: [vas]}, ranges: {vas: [0, 10]}}
            analyses:
              - {id: means, command: descriptives, options: {outcome: vas}}
            formats: [md]
            """.write(toFile: folder + "/plan.yaml", atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", folder + "/plan.yaml", "--out", folder + "/out"])
        #expect(run.status == 0, "\(run.standardError)")
        let texts = Self.texts(try Self.svg("data-flow-1.svg", in: folder + "/out/flow"))
        // 22 rows; S5's week-12 value of 14 is out of range and excluded.
        #expect(texts.contains("In the data: 22 rows read") && texts.contains("Rows excluded: 1") && texts.contains("1 out-of-range"), "\(texts)")
        // saline: S1, S3, S5, S7; S3 missed week 4 and came back; S5's week 12 was excluded, so S5 dropped out then.
        #expect(texts.contains("week 4: seen 3") && texts.contains("not seen 1: 0 dropped out, 1 missed"), "\(texts)")
        #expect(texts.contains("week 12: seen 3") && texts.contains("not seen 1: 1 dropped out, 0 missed"), "\(texts)")
    }
}
