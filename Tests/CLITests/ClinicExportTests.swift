import Foundation
import Testing

/// The clinic export of issue 16 three ways (long with labelled visits, wide with labelled visits,
/// and long saved the Excel way with `;` and decimal commas), each with "Patient ID" and "Group":
/// every command reads each without --subject, --arm or --decimal, and describe, compare and fit
/// give the same results from all three.
struct ClinicExportTests {
    static let labels = ["0": "Baseline", "4": "Week 4", "12": "Week 12"]

    /// The demo trial's rows: subject, arm, age, visit, vas.
    static func rows() throws -> [[String]] {
        try String(contentsOfFile: DataCommandTests.demo("long"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func long(delimiter: String = ",", decimal: String = ".") throws -> String {
        let lines = try rows().map { row in
            [row[0], row[1], row[2], labels[row[3]]!, row[4].replacingOccurrences(of: ".", with: decimal)].joined(separator: delimiter)
        }
        return try DataCommandTests.temporaryFile((["Patient ID", "Group", "age", "visit", "VAS"].joined(separator: delimiter) + "\n")
                                                  + lines.joined(separator: "\n") + "\n")
    }

    static func wide() throws -> String {
        var order: [String] = [], bySubject: [String: [String: String]] = [:], fixed: [String: String] = [:]
        for row in try rows() {
            if bySubject[row[0]] == nil { order.append(row[0]) }
            bySubject[row[0], default: [:]][row[3]] = row[4]
            fixed[row[0]] = row[1] + "," + row[2]
        }
        let lines = order.map { subject in ([subject, fixed[subject]!] + ["0", "4", "12"].map { bySubject[subject]![$0] ?? "" }).joined(separator: ",") }
        return try DataCommandTests.temporaryFile("Patient ID,Group,age,VAS Baseline,VAS Week 4,VAS Week 12\n" + lines.joined(separator: "\n") + "\n")
    }

    /// The document without what names the file, its lines or its layout.
    static func comparable(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !["data", "source", "layout", "lines", "line", "rowsRead", "excluded"].contains($0.key) }.mapValues(comparable)
        }
        if let array = value as? [Any] { return array.map(comparable) }
        return value
    }

    @Test func theSameTrialThreeWaysGivesTheSameResults() throws {
        let files = [try Self.long(), try Self.wide(), try Self.long(delimiter: ";", decimal: ",")]
        let commands: [[String]] = [
            ["describe"],
            ["compare", "--outcome", "VAS", "--at", "visit=Week 12", "--treatment", "dextrose", "--control", "saline", "--covariate", "age"],
            ["fit", "--formula", "VAS ~ Group * visit + us(visit | `Patient ID`)", "--reference", "Group=saline", "--emmeans", "Group | visit"],
        ]
        for command in commands {
            var documents: [Data] = []
            for file in files {
                let outcome = try CommandRunner.run([command[0], file] + command.dropFirst() + ["--format", "json"],
                                                    environment: ["OPENBLAS_NUM_THREADS": "1"])
                #expect(outcome.status == 0, "\(command[0]) \(file): \(outcome.standardError)")
                let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
                documents.append(try JSONSerialization.data(withJSONObject: Self.comparable(document), options: [.sortedKeys]))
            }
            #expect(documents[1] == documents[0], "\(command[0]): wide \(String(decoding: documents[1], as: UTF8.self).prefix(400))")
            #expect(documents[2] == documents[0], "\(command[0]): Excel \(String(decoding: documents[2], as: UTF8.self).prefix(400))")
        }
    }

    /// Every command that reads trial data reads each form without naming a role or the decimal separator.
    @Test func everyCommandReadsEachFormWithoutRoleOrDecimalFlags() throws {
        let files = [try Self.long(), try Self.wide(), try Self.long(delimiter: ";", decimal: ",")]
        let commands: [[String]] = [
            ["describe"], ["validate"], ["table1", "--covariate", "age"], ["descriptives", "--change"],
            ["compare", "--outcome", "VAS", "--at", "visit=Week 12", "--treatment", "dextrose", "--control", "saline"],
            ["responders", "--outcome", "VAS", "--at", "visit=Week 12", "--percent", "30"],
            ["plot", "--outcome", "VAS", "--kind", "spaghetti", "--output", FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString).md").path,
             "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString).svg").path],
            ["reshape", "--to", "long"], ["lm", "--formula", "VAS ~ Group * visit"],
            ["fit", "--formula", "VAS ~ Group * visit + (1 | `Patient ID`)"],
        ]
        for file in files {
            for command in commands {
                let outcome = try CommandRunner.run([command[0], file] + command.dropFirst(), environment: ["OPENBLAS_NUM_THREADS": "1"])
                #expect(outcome.status == 0, "\(command[0]) \(file): \(outcome.standardError)")
            }
        }
    }
}
