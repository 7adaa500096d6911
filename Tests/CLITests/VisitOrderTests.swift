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

    /// Shuffling the rows, or sorting them by visit, changes no label, count or number in describe,
    /// compare or fit beyond the rounding of sums taken in another order (1e-9 relative; the
    /// measured differences are below 1e-13).
    @Test func theRowsOrderChangesNoNumber() throws {
        var generator = SystemRandomNumberGenerator()
        let files = [try Self.labelled { $0 }, try Self.labelled { $0.sorted { ($0[3], $0[0]) < ($1[3], $1[0]) } },
                     try Self.labelled { $0.shuffled(using: &generator) }, try Self.labelled { $0.reversed() }]
        /// Where two documents differ beyond rounding, ignoring the file's name and line numbers.
        func differences(_ a: Any, _ b: Any, _ path: String = "$") -> [String] {
            if let x = a as? [String: Any], let y = b as? [String: Any] {
                guard Set(x.keys) == Set(y.keys) else { return ["\(path): keys"] }
                return x.keys.sorted().filter { !["data", "source", "lines", "excluded"].contains($0) }.flatMap { differences(x[$0]!, y[$0]!, "\(path).\($0)") }
            }
            if let x = a as? [Any], let y = b as? [Any] {
                guard x.count == y.count else { return ["\(path): \(x.count) vs \(y.count) entries"] }
                return zip(x, y).enumerated().flatMap { differences($1.0, $1.1, "\(path)[\($0)]") }
            }
            if let x = a as? Double, let y = b as? Double, !(a is Bool) {
                return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-12 ? [] : ["\(path): \(x) vs \(y)"]
            }
            return (a as? NSObject)?.isEqual(b) == true ? [] : ["\(path): \(a) vs \(b)"]
        }
        for command in [["describe"], ["compare", "--outcome", "vas", "--at", "visit=Week 12", "--treatment", "dextrose", "--control", "saline"],
                        ["fit", "--formula", "vas ~ arm * visit + us(visit | subject)", "--emmeans", "arm | visit", "--contrasts", "pairwise"]] {
            let documents = try files.map { try Self.json([command[0], $0] + command.dropFirst()) }
            for document in documents.dropFirst() {
                let found = differences(documents[0], document)
                #expect(found.isEmpty, "\(command[0]): \(found.prefix(5))")
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
