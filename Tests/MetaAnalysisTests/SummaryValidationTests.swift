import Foundation
import Testing
@testable import MetaAnalysis

/// Impossible summary values stop the read with the file, line, column, value and expectation.
struct SummaryValidationTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static func failure(_ body: String) throws -> MetaAnalysisError? {
        let path = try write("study,arm,n,mean,sd,ci_lower,ci_upper,median,q1,q3\n" + body)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SummaryFile.read(path: path, displayName: "bad.csv")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("A,x,10,1,-0.5,,,,,\n", 2, "sd", "-0.5"),
        ("A,x,10,1,2,,,,,\nB,y,1,1,2,,,,,\n", 3, "n", "1"),
        ("A,x,10,1,,3,2,,,\n", 2, "ci_lower", "3"),
        ("A,x,10,,,,,9,2,7\n", 2, "median", "9"),
        ("A,x,10,abc,2,,,,,\n", 2, "mean", "abc"),
    ])
    func impossibleValuesAreNamed(body: String, line: Int, column: String, value: String) throws {
        let error = try #require(try Self.failure(body))
        guard case let .invalidValue(file, errorLine, errorColumn, errorValue, expected) = error else {
            Issue.record("expected invalidValue, got \(error)")
            return
        }
        #expect(file == "bad.csv" && errorLine == line && errorColumn == column && errorValue == value)
        #expect(!expected.isEmpty)
        #expect(error.description.contains("bad.csv, line \(line), column \(column): value \(value); expected"))
    }

    // Counts above a billion and item counts outside 1…1000 would trap on conversion to Int or
    // overflow n × items; they stop the read instead.
    @Test(arguments: [
        ("study,arm,n,mean,items\nA,t,20,2.5,1e20\n", "items", "1e20", "a whole number from 1 to 1000"),
        ("study,arm,n,mean,items\nA,t,20,2.5,0\n", "items", "0", "a whole number from 1 to 1000"),
        ("study,arm,n,mean,items\nA,t,20,2.5,2.5\n", "items", "2.5", "a whole number from 1 to 1000"),
        ("study,arm,n,mean,items\nA,t,3000000000,2.5,4000000000\n", "n", "3000000000", "a whole number ≤ 1000000000"),
        ("study,arm,n,mean,sd\nA,t,1e20,2.5,1\n", "n", "1e20", "a whole number ≤ 1000000000"),
        ("study,ai,bi,ci,di\nA,1e20,5,3,4\n", "ai", "1e20", "a whole number ≤ 1000000000"),
        ("study,n1i,m1i,sd1i,n2i,m2i,sd2i\nA,20,1,1,2e9,1,1\n", "n2i", "2e9", "a whole number ≤ 1000000000"),
    ])
    func hugeCountsAndItemsAreNamed(text: String, column: String, value: String, expected: String) throws {
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SummaryFile.read(path: path, displayName: "big.csv")
            Issue.record("\(column) = \(value) should stop the read")
        } catch {
            #expect(error.description.hasPrefix("big.csv, line 2, column \(column): value \(value); expected \(expected)"), "\(error.description)")
        }
    }

    @Test func theLargestAllowedCountsAndItemsRead() throws {
        let path = try Self.write("study,arm,n,mean,items\nA,t,1000000000,2.5,1000\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SummaryFile.read(path: path)
        #expect(file.rows[0].number("n") == 1e9 && file.rows[0].number("items") == 1000)
        #expect(try ConsistencyChecks.run(file).first?.verdict == .notTestable)
    }

    @Test func aMissingFileIsReportedAsMissing() {
        do {
            _ = try SummaryFile.read(path: "/nonexistent/summary.csv")
            Issue.record("reading a missing file should fail")
        } catch {
            #expect(error.isMissingInput)
        }
    }

    @Test func numbersKeepTheirPrintedDigits() throws {
        let path = try Self.write("study,arm,n,mean,sd\nA,x,19,4.40,1.7\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SummaryFile.read(path: path)
        #expect(file.rows[0].text("mean") == "4.40" && file.rows[0].decimals("mean") == 2 && file.rows[0].number("mean") == 4.4)
    }
}
