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

    /// A declared format reads dates that cannot tell their order themselves, and refuses a date
    /// not written so, with its line; an order told by one date is said.
    @Test func aDeclaredDateFormatReadsAmbiguousDatesAndAToldOrderIsSaid() throws {
        // Read month first, B's second visit (02/04: 4 February) is before its first (03/01: 1 March); day first it is not.
        let slashed = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,01/06/2023,5\nA,s,1,02/07/2023,4\n"
                                                         + "B,s,0,03/01/2023,6\nB,s,1,02/04/2023,3\n")
        let dayFirst = try CommandRunner.run(["validate", slashed, "--visit-date", "date", "--date-format", "dd/mm/yyyy"])
        #expect(dayFirst.status == 0 && !dayFirst.standardOutput.contains("is not after"), "\(dayFirst.standardOutput)\(dayFirst.standardError)")
        let monthFirst = try CommandRunner.run(["validate", slashed, "--visit-date", "date", "--date-format", "mm/dd/yyyy"])
        #expect(monthFirst.standardOutput.contains("excluded line 5: column date: \"2023-02-04\" is not after visit 0 on 2023-03-01"),
                "\(monthFirst.standardOutput)\(monthFirst.standardError)")
        let iso = try CommandRunner.run(["validate", slashed, "--visit-date", "date", "--date-format", "iso"])
        #expect(iso.status == 65 && iso.standardError.contains("\(slashed):2: column date: \"01/06/2023\" is not a date written yyyy-mm-dd"),
                "\(iso.standardError)")
        let unknown = try CommandRunner.run(["validate", slashed, "--visit-date", "date", "--date-format", "dd-mm-yy"])
        #expect(unknown.status == 64 && unknown.standardError.contains("--date-format dd-mm-yy: expected one of yyyy-mm-dd, dd.mm.yyyy"))
        // One date (29/06) tells the order of them all: read day first, and said.
        let told = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,01/06/2023,5\nA,s,1,29/06/2023,4\n")
        let said = try CommandRunner.run(["validate", told, "--visit-date", "date"])
        #expect(said.status == 0 && said.standardError.contains("column date: the dates are read day first, as 29/06/2023 reads only so"),
                "\(said.standardError)")
    }

    /// Excel's serial day numbers are dates: read so, and said, when they fall in 1950–2099;
    /// declared, any whole serial is read and anything else refused with its line.
    @Test func spreadsheetSerialNumbersAreDates() throws {
        // 45078 is 2023-06-01, 45106 is 2023-06-29, 45079 2023-06-02, 45074 2023-05-28.
        let serial = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,45078,5\nA,s,1,45106,4\nB,s,0,45079,6\nB,s,1,45074,3\n")
        let read = try CommandRunner.run(["validate", serial, "--visit-date", "date"])
        #expect(read.standardOutput.contains("excluded line 5: column date: \"2023-05-28\" is not after visit 0 on 2023-06-02"),
                "\(read.standardOutput)\(read.standardError)")
        #expect(read.standardError.contains("column date: the dates in date are read as spreadsheet serial day numbers (45078 is 2023-06-01)"),
                "\(read.standardError)")
        let declared = try CommandRunner.run(["validate", serial, "--visit-date", "date", "--date-format", "excel"])
        #expect(!declared.standardError.contains("serial day numbers"))
        let fractional = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,45078,5\nA,s,1,45106.5,4\n")
        let refused = try CommandRunner.run(["validate", fractional, "--visit-date", "date", "--date-format", "excel"])
        #expect(refused.status == 65 && refused.standardError.contains("\(fractional):3: column date: \"45106.5\" is not a spreadsheet serial day number"),
                "\(refused.standardError)")
        // Study days are not calendar dates.
        let days = try DataCommandTests.temporaryFile("subject,arm,visit,date,vas\nA,s,0,0,5\nA,s,1,28,4\n")
        #expect(try CommandRunner.run(["validate", days, "--visit-date", "date"]).standardError.contains("does not hold dates"))
    }
}
