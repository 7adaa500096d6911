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
        // Every command says what it guessed, on standard error; a model too.
        for command in [["compare", excel, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"],
                        ["fit", excel, "--formula", "vas ~ arm + (1 | subject)"]] {
            let said = try CommandRunner.run(command).standardError
            #expect(said.contains("numbers are read with a decimal comma"), "\(command[0]): \(said)")
        }
        // A decimal separator given is taken as given: no detection.
        let given = try CommandRunner.run(["describe", excel, "--decimal", "."])
        #expect(!given.standardOutput.contains("decimal comma detected"))
    }
}

/// Dates as spreadsheets write them are read; dates that read both ways are refused with a line.
struct SpreadsheetDateTests {
    @Test func dayFirstDatesAreReadAndAmbiguousOnesRefused() throws {
        let dotted = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,01.06.2023,5\nA,s,1,29.06.2023,4\nB,s,0,02.06.2023,6\nB,s,1,28.05.2023,3\n")
        let read = try CommandRunner.run(["validate", dotted, "--visit-date", "date"])
        // B's second visit is dated before the first: found, so the dates were read (they were refused).
        #expect(read.status == 0 && read.standardOutput.contains("excluded line 5: column date: \"2023-05-28\" is not after visit 0 on 2023-06-02"),
                "\(read.standardOutput)\(read.standardError)")
        let american = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,06/01/2023,5\nA,s,1,06/29/2023,4\n")
        #expect(try CommandRunner.run(["validate", american, "--visit-date", "date"]).status == 0)
        let ambiguous = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,01/06/2023,5\nA,s,1,02/07/2023,4\n")
        let refused = try CommandRunner.run(["validate", ambiguous, "--visit-date", "date"])
        #expect(refused.status == 65 && refused.standardError.contains("\(ambiguous):2: column date: \"01/06/2023\" reads as day/month and as month/day"),
                "\(refused.standardError)")
    }
}
