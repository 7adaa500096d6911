import Foundation
import Testing

/// `--format docx` and `--format rtf` of a table command: the tables read back from the files
/// hold the JSON's numbers at display precision.
struct OfficeOutputTests {
    static let comparison = ["compare", DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path,
                             "--outcome", "vas", "--at", "week=12", "--treatment", "dextrose", "--control", "saline", "--covariates", "age",
                             "--subject", "subject", "--arm", "arm", "--visit", "week"]

    /// As Markdown and HTML show numbers: 2 decimals, p to 3 significant digits or "< 0.001".
    static func fixed(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }

    static func pValue(_ value: Double) -> String {
        value < 0.001 ? "< 0.001" : String(format: "%.3g", value)
    }

    /// The rows the comparison's JSON says the tables must show: per arm n, mean, SD and the
    /// interval of the mean; per estimate, the estimate, its interval and its p.
    static func expectedRows() throws -> [[String]] {
        let run = try CommandRunner.run(comparison + ["--format", "json"])
        #expect(run.status == 0, "\(run.standardError)")
        return try expectedRows(try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]))
    }

    static func expectedRows(_ json: [String: Any]) throws -> [[String]] {
        var rows: [[String]] = []
        for arm in try #require(json["arms"] as? [[String: Any]]) {
            let n = try #require(arm["n"] as? Int), mean = try #require(arm["mean"] as? Double), sd = try #require(arm["sd"] as? Double)
            let lower = try #require(arm["meanLower"] as? Double), upper = try #require(arm["meanUpper"] as? Double)
            rows.append([try #require(arm["arm"] as? String), String(n), fixed(mean), fixed(sd), "\(fixed(lower)) to \(fixed(upper))"])
        }
        for estimate in try #require(json["estimates"] as? [[String: Any]]) {
            let value = try #require(estimate["estimate"] as? Double)
            let lower = try #require(estimate["lower"] as? Double), upper = try #require(estimate["upper"] as? Double)
            var row = [try #require(estimate["measure"] as? String), fixed(value), "\(fixed(lower)) to \(fixed(upper))"]
            if let p = estimate["p"] as? Double { row.append(pValue(p)) }
            rows.append(row)
        }
        #expect(rows.count >= 9, "two arms and at least seven estimates")
        return rows
    }

    /// Each expected row is matched by a row of the file, in order, holding all its texts as whole cells.
    static func expectEvery(_ expected: [[String]], in rows: [[String]], _ format: String) {
        var from = 0
        for wanted in expected {
            guard let found = rows[from...].firstIndex(where: { row in row.first == wanted[0] && wanted.allSatisfy(row.contains) }) else {
                Issue.record("\(format): no row holds \(wanted); rows: \(rows)")
                continue
            }
            from = found + 1
        }
    }

    @Test func aComparisonAsAWordDocumentHoldsTheJSONsNumbers() throws {
        let expected = try Self.expectedRows()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("trialstats-compare-\(UUID().uuidString).docx")
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try CommandRunner.run(Self.comparison + ["--format", "docx", "-o", file.path])
        #expect(run.status == 0, "\(run.standardError)")
        let docx = try Data(contentsOf: file)
        let tables = try OfficeTableReading.wordTables(docx)
        #expect(tables.count == 2, "descriptives and comparison")
        #expect(tables.first?.first == ["arm", "n", "missing", "mean", "SD", "95% CI of mean", "median", "IQR", "range"], "the header row")
        Self.expectEvery(expected, in: tables.flatMap { $0 }, "docx")
        let document = try OfficeTableReading.part("word/document.xml", of: docx)
        #expect(document.contains("Table 2. Comparison: vas at visit 12: dextrose vs saline"), "a numbered caption")
        #expect(document.contains("<w:tblHeader/>"), "the header row repeats on every page")
        #expect(document.contains("rows: 675 read, 675 used, 0 excluded"), "the ledger line is a footnote")
        let footer = try OfficeTableReading.part("word/footer1.xml", of: docx)
        #expect(footer.contains("NUMPAGES"), "Page X of Y")
        // The same input gives the same bytes.
        let again = try CommandRunner.run(Self.comparison + ["--format", "docx", "-o", file.path + ".again"])
        defer { try? FileManager.default.removeItem(atPath: file.path + ".again") }
        #expect(again.status == 0)
        let secondRun = try Data(contentsOf: URL(fileURLWithPath: file.path + ".again"))
        #expect(secondRun == docx)
    }

    @Test func aComparisonAsRTFHoldsTheJSONsNumbers() throws {
        let expected = try Self.expectedRows()
        let run = try CommandRunner.run(Self.comparison + ["--format", "rtf"])
        #expect(run.status == 0, "\(run.standardError)")
        let rtf = run.standardOutput
        #expect(rtf.hasPrefix("{\\rtf1\\ansi"))
        #expect(rtf.unicodeScalars.allSatisfy { $0.isASCII }, "7-bit ASCII")
        let rows = OfficeTableReading.rtfRows(rtf)
        Self.expectEvery(expected, in: rows, "rtf")
        #expect(rows.contains { $0.first == "Glass's Δ" }, "a character beyond ASCII survives as \\uN?")
        #expect(rtf.contains("\\trhdr"), "the header row repeats on every page")
        #expect(rtf.contains("{\\header") && rtf.contains("Table 2. Comparison: vas at visit 12: dextrose vs saline"), "titles in the page header")
        #expect(rtf.contains("{\\footer") && rtf.contains("rows: 675 read, 675 used, 0 excluded") && rtf.contains("NUMPAGES"), "footnotes and Page X of Y in the footer")
    }

    @Test func aWordDocumentIsNotWrittenToATerminalButIsToAPipe() throws {
        let piped = try CommandRunner.run(Self.comparison + ["--format", "docx"])
        #expect(piped.status == 0)
        #expect(piped.standardOutput.hasPrefix("PK"), "a ZIP package on a pipe")
        // On a terminal (script(1) gives the command one), it is refused with exit 64 before anything runs.
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "no script(1): apt-get install bsdutils")
        let command = ([CommandRunner.executable.path] + Self.comparison + ["--format", "docx"]).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let terminal = try CommandRunner.run(["-qec", command, "/dev/null"], program: script)
        #expect(terminal.status == 64, "\(terminal.standardOutput) \(terminal.standardError)")
        #expect(terminal.standardOutput.contains("not written to a terminal") && !terminal.standardOutput.contains("PK"))
    }
}
