import Foundation
import Testing

/// The data steps a standard analysis needs, as flags and plan keys: recode a label, select rows,
/// add a baseline or change column (issue 16). Each is counted or refused, never silent.
struct DataStepTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    /// The demo trial with its rows rewritten by `edit` (the header is kept).
    static func demo(_ edit: ([String]) -> [String]?) throws -> String {
        let lines = try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8).split(separator: "\n").map(String.init)
        let rows = lines.dropFirst().compactMap { edit($0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
        return try DataCommandTests.temporaryFile(([lines[0]] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n")
    }

    static func estimates(_ document: [String: Any]) -> [[String: Any]] { document["estimates"] as? [[String: Any]] ?? [] }

    /// An arm labelled as a clinic labels it is recoded before the checks: the same comparison as
    /// the file labelled as meant. A recode of a label the file does not have is refused.
    @Test func aRecodedLabelIsTheArmItMeans() throws {
        let clinic = try Self.demo { row in row.enumerated().map { $0.offset == 1 && $0.element == "dextrose" ? "Dextrose 5%" : $0.element } }
        let compare = ["--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"]
        let recoded = try Self.json(["compare", clinic, "--recode", "arm:Dextrose 5%=dextrose"] + compare)
        let plain = try Self.json(["compare", DataCommandTests.demo("long")] + compare)
        #expect(NSArray(array: Self.estimates(recoded)).isEqual(to: Self.estimates(plain)) && !Self.estimates(plain).isEmpty)
        let typo = try CommandRunner.run(["compare", clinic, "--recode", "arm:Dextrose 5 %=dextrose"] + compare)
        #expect(typo.status == 65 && typo.standardError.contains("recode arm: \"Dextrose 5 %\" is not a value of arm (did you mean Dextrose 5%?)"),
                "\(typo.standardError)")
        // A numeric code recoded to a label: the column becomes labels.
        let coded = try Self.json(["describe", DataCommandTests.demo("long"), "--covariate", "age", "--recode", "age:65=sixty-five"])
        let variables = (coded["description"] as? [String: Any])?["variables"] as? [[String: Any]]
        #expect(variables?.first { $0["name"] as? String == "age" }?["type"] as? String == "categorical", "\(String(describing: variables))")
    }

    /// --where selects rows in a comparison as selecting them by hand does, and counts the others.
    @Test func aSelectionIsTheSameAsTheRowsSelectedByHand() throws {
        let byHand = try Self.demo { row in Double(row[2])! >= 50 ? row : nil }
        let compare = ["--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"]
        let selected = try Self.json(["compare", DataCommandTests.demo("long"), "--where", "age >= 50"] + compare)
        let handPicked = try Self.json(["compare", byHand] + compare)
        #expect(NSArray(array: Self.estimates(selected)).isEqual(to: Self.estimates(handPicked)) && !Self.estimates(selected).isEmpty)
        let excluded = (selected["ledger"] as? [String: Any])?["excluded"] as? [[String: Any]] ?? []
        #expect(excluded.count == 180 - 3 * 35 && excluded.allSatisfy { $0["rule"] as? String == "not-selected" }, "\(excluded.count)")
        let said = try CommandRunner.run(["compare", DataCommandTests.demo("long"), "--where", "age >= 50"] + compare).standardError
        #expect(said.contains("rows excluded (not-selected \(excluded.count))"), "\(said)")
    }

    /// The baseline value as a covariate of the baseline rows explains them exactly: refused with
    /// the data step that fixes it (it failed with "X'Σ⁻¹X is not positive definite" or converged nowhere).
    @Test func aBaselineCovariateOfTheBaselineRowsIsRefusedWithAdvice() throws {
        let outcome = try CommandRunner.run(["fit", DataCommandTests.demo("long"), "--add-baseline", "vas",
                                             "--formula", "vas ~ vas_bl + arm * factor(visit) + us(visit | subject)"])
        #expect(outcome.status == 65 && outcome.standardError.contains("vas_bl is vas itself at the baseline visit (visit = 0; 60 rows, the first on line 2)")
                && outcome.standardError.contains("where: 'visit != 0'"), "\(outcome.standardError)")
        let change = try CommandRunner.run(["fit", DataCommandTests.demo("long"), "--add-change", "vas",
                                            "--formula", "vas_change ~ arm * factor(visit) + us(visit | subject)"])
        #expect(change.status == 65 && change.standardError.contains("vas_change is 0 at the baseline visit by definition"), "\(change.standardError)")
    }

    /// In a plan: recode in the data section, where and add_change on a step.
    @Test func aPlanRecodesSelectsAndModelsTheChange() throws {
        let clinic = try Self.demo { row in row.enumerated().map { $0.offset == 1 && $0.element == "dextrose" ? "D5W" : $0.element } }
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plan = folder + "/plan.yaml"
        try """
            name: clinic
            data:
              path: \(clinic)
              recode: {arm: {D5W: dextrose}}
              reference: {arm: saline}
            analyses:
              - id: older
                command: compare
                options: {outcome: vas, at: visit=12, treatment: dextrose, control: saline, where: age >= 50}
              - id: change-mmrm
                command: fit
                options: {formula: "vas_change ~ arm * factor(visit) + us(visit | subject)", add_change: vas, where: visit > 0}
            """.write(toFile: plan, atomically: false, encoding: .utf8)
        let run = try CommandRunner.run(["run", plan, "--out", folder + "/out"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let fit = try Self.json(["fit", DataCommandTests.demo("long"), "--reference", "arm=saline", "--add-change", "vas", "--where", "visit > 0",
                                 "--formula", "vas_change ~ arm * factor(visit) + us(visit | subject)"])
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/clinic/change-mmrm.json"))) as? [String: Any])
        #expect((planned["logLik"] as? Double) == (fit["logLik"] as? Double) && planned["logLik"] != nil)
        let terms = (planned["fixed"] as? [[String: Any]])?.compactMap { $0["term"] as? String } ?? []
        #expect(terms.contains("armdextrose"), "\(terms)")
    }

    /// A second responder threshold was kept in place of the first without a word (issue 17): now
    /// both are answered, the text shows one overview row per threshold, and a repeated one is refused.
    @Test func everyResponderThresholdIsAnswered() throws {
        let arguments = ["responders", DataCommandTests.demo("long"), "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose",
                         "--control", "saline", "--percent", "30", "--percent", "50"]
        let text = try CommandRunner.run(arguments)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("Responders at each threshold") && text.standardOutput.contains("| ≥ 30% improvement | 16 / 17 (94.1%) |")
                && text.standardOutput.contains("| ≥ 50% improvement |") && text.standardOutput.contains("not adjusted for each other"),
                "\(text.standardOutput)")
        let repeated = try CommandRunner.run(arguments + ["--percent", "30"])
        #expect(repeated.status == 64 && repeated.standardError.contains("--percent 30 is given twice"), "\(repeated.standardError)")
    }
}
