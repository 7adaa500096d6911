import Foundation
import Testing

/// Labelled visits keep the order they state in every command, however the file is sorted:
/// an AR(1) MMRM's lags, a comparison's visit, the description (issue 16).
struct VisitOrderTests {
    /// The demo trial with its visits labelled "Baseline", "Week 4", "Week 12", its rows in the
    /// order `arrange` gives them.
    static func labelled(_ arrange: ([[String]]) -> [[String]]) throws -> String {
        let text = try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let labels = ["0": "Baseline", "4": "Week 4", "12": "Week 12"]
        let rows = lines.dropFirst().map { row in row.enumerated().map { $0.offset == 3 ? labels[$0.element] ?? $0.element : $0.element } }
        return try DataCommandTests.temporaryFile(([lines[0]] + arrange(Array(rows))).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n")
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    @Test func anAR1ModelOfLabelledVisitsSortedAsTextUsesTheirOwnOrder() throws {
        // Sorted by the visit column as text: Baseline, Week 12, Week 4 — the order that made lag 1 Baseline–Week 12.
        let sortedAsText = try Self.labelled { $0.sorted { ($0[3], $0[0]) < ($1[3], $1[0]) } }
        let formula = ["--formula", "vas ~ arm * visit + ar1(visit | subject)"]
        let fit = try Self.json(["fit", sortedAsText] + formula)
        let declared = try Self.json(["fit", sortedAsText] + formula + ["--levels", "visit=Baseline,Week 4,Week 12"])
        #expect((fit["covariance"] as? [String: Any])?["visits"] as? [String] == ["Baseline", "Week 4", "Week 12"])
        let criterion = try #require(fit["REMLcriterion"] as? Double), declaredCriterion = try #require(declared["REMLcriterion"] as? Double)
        #expect(abs(criterion - declaredCriterion) <= 1e-9 * abs(declaredCriterion), "\(criterion) vs \(declaredCriterion)")
        let terms = (fit["fixed"] as? [[String: Any]])?.compactMap { $0["term"] as? String } ?? []
        #expect(terms.contains("visitWeek 4") && terms.contains("visitWeek 12") && !terms.contains("visitBaseline"), "\(terms)")
        let description = try Self.json(["describe", sortedAsText])["description"] as? [String: Any]
        #expect(description?["visits"] as? [String] == ["Baseline", "Week 4", "Week 12"] && description?["visitOrder"] as? String == "labels")
    }

    /// Shuffling the rows, sorting them by visit or reversing them changes no byte of any
    /// command's JSON but the lines it names: the rows are taken by subject and visit whatever
    /// the file's order, so even sums are taken in the same order.
    @Test func theRowsOrderChangesNoNumber() throws {
        var generator = SystemRandomNumberGenerator()
        let files = [try Self.labelled { $0 }, try Self.labelled { $0.sorted { ($0[3], $0[0]) < ($1[3], $1[0]) } },
                     try Self.labelled { $0.shuffled(using: &generator) }, try Self.labelled { $0.reversed() }]
        /// The document without what depends on the file's name or line numbers.
        func withoutLines(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !["data", "source", "lines", "excluded", "line", "firstLine"].contains($0.key) }.mapValues(withoutLines)
            }
            if let array = value as? [Any] { return array.map(withoutLines) }
            return value
        }
        let commands: [[String]] = [
            ["describe"], ["descriptives", "--outcome", "vas", "--change"], ["table1", "--covariate", "age"],
            ["compare", "--outcome", "vas", "--at", "visit=Week 12", "--treatment", "dextrose", "--control", "saline", "--covariate", "age"],
            ["responders", "--outcome", "vas", "--at", "visit=Week 12", "--percent", "30"],
            ["plot", "--outcome", "vas", "--kind", "waterfall", "--at", "visit=Week 12",
             "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("waterfall-\(UUID().uuidString).svg").path],
            ["lm", "--formula", "vas ~ arm * visit + age"],
            ["fit", "--formula", "vas ~ arm * visit + us(visit | subject)", "--emmeans", "arm | visit", "--contrasts", "pairwise"],
            ["fit", "--formula", "vas ~ arm * visit + (1 | subject)", "--df", "kenward-roger"],
        ]
        for command in commands {
            let documents = try files.map {
                try JSONSerialization.data(withJSONObject: withoutLines(try Self.json([command[0], $0] + command.dropFirst())), options: [.sortedKeys])
            }
            for (index, document) in documents.enumerated().dropFirst() {
                #expect(document == documents[0], "\(command[0]) with the rows in order \(index): \(String(decoding: document, as: UTF8.self).prefix(300))")
            }
        }
    }

    /// Labels that state no order are taken in the rows' order, and every command says so.
    @Test func anOrderTakenFromTheRowsIsSaid() throws {
        let file = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,x,pre-op,7\nA,x,post-op,5\nB,y,pre-op,6\nB,y,post-op,3\n")
        for command in [["describe", file], ["descriptives", file, "--format", "json"]] {
            let outcome = try CommandRunner.run(command)
            #expect(outcome.status == 0 && outcome.standardError.contains("the visits pre-op, post-op are in the order of the subjects' rows"),
                    "\(command[0]): \(outcome.standardError)")
        }
        let labelled = try Self.labelled { $0 }
        #expect(!(try CommandRunner.run(["describe", labelled]).standardError.contains("order of the subjects' rows")))
    }
}
