import Foundation
import Testing

/// A file saved the Excel way in much of Europe (`;` between fields, decimal commas) reads as the
/// same trial without flags: the same describe, compare and fit as the plain CSV (issue 16).
struct ExcelExportTests {
    static func excelStyle(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let converted = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: ".", with: ",") }.joined(separator: ";")
        }.joined(separator: "\n")
        return try DataCommandTests.temporaryFile(converted)
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    /// The document without what names the file.
    static func withoutSource(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            return object.filter { !["data", "source", "layout"].contains($0.key) }.mapValues(withoutSource)
        }
        if let array = value as? [Any] { return array.map(withoutSource) }
        return value
    }

    @Test func aSemicolonDecimalCommaExportIsTheSameTrial() throws {
        let plain = DataCommandTests.demo("long"), excel = try Self.excelStyle(plain)
        #expect(try CommandRunner.run(["describe", excel]).standardOutput.contains("decimal comma detected"))
        for command in [["describe"], ["compare", "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline",
                                       "--covariate", "age"],
                        ["fit", "--formula", "vas ~ arm * factor(visit) + us(visit | subject)", "--emmeans", "arm | factor(visit)"]] {
            let a = try JSONSerialization.data(withJSONObject: Self.withoutSource(try Self.json([command[0], plain] + command.dropFirst())), options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: Self.withoutSource(try Self.json([command[0], excel] + command.dropFirst())), options: [.sortedKeys])
            #expect(a == b, "\(command[0])")
        }
        // A decimal separator given is taken as given: no detection.
        let given = try CommandRunner.run(["describe", excel, "--decimal", "."])
        #expect(!given.standardOutput.contains("decimal comma detected"))
    }
}
