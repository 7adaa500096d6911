import Testing
@testable import TrialData

struct CSVReaderTests {
    func factor(_ table: Table, _ name: String) throws -> Factor {
        guard case let .categorical(factor) = try table.column(named: name).values else {
            Issue.record("\(name) is not categorical")
            return Factor(levels: [], codes: [])
        }
        return factor
    }

    func numbers(_ table: Table, _ name: String) throws -> [Double] {
        guard case let .numeric(values) = try table.column(named: name).values else {
            Issue.record("\(name) is not numeric")
            return []
        }
        return values
    }

    @Test(arguments: [1 << 22, 64, 65, 100])
    func quotingLineEndsAndMissingValues(chunkSize: Int) throws {
        let table = try CSVReader.read(path: try FixtureFiles.path("wellformed", "quoting.csv"), displayName: "quoting.csv",
                                       options: CSVOptions(chunkSize: chunkSize))
        // The BOM is not part of the first name; quoted names keep their comma.
        #expect(table.columnNames == ["subject", "arm", "visit", "vas", "note, with comma"])
        #expect(table.rowCount == 5)
        // The record with an embedded newline spans lines 4-5; the blank line 6 is skipped.
        #expect(table.lineNumbers == [2, 3, 4, 7, 8])
        #expect(table.blankLines == [6])
        #expect(try factor(table, "subject").levels == ["P001", "P002", "P003"])
        let vas = try numbers(table, "vas")
        #expect(vas[0] == 7.5 && vas[1] == 3.25 && vas[2].isNaN && vas[3] == 6 && vas[4] == 5)
        let note = try factor(table, "note, with comma")
        #expect(note.value(at: 0) == "said \"ok\"")
        #expect(note.value(at: 1) == nil, "empty is missing")
        #expect(note.value(at: 2) == "two\nlines")
        #expect(note.value(at: 3) == nil, "\".\" is missing")
        #expect(note.value(at: 4) == "x", "the last line has no line end")
        #expect(try numbers(table, "visit") == [0, 12, 0, 12, 0], "a quoted number is a number, as in R")
    }

    @Test func semicolonsAndDecimalCommas() throws {
        let path = try FixtureFiles.path("wellformed", "semicolon_decimal_comma.csv")
        let table = try CSVReader.read(path: path, options: CSVOptions(decimalSeparator: UInt8(ascii: ",")))
        #expect(table.columnNames == ["subject", "arm", "vas"])
        #expect(try numbers(table, "vas") == [7.5, 6, -0.25])
        // Without --decimal , the same column is text, not silently misread.
        let plain = try CSVReader.read(path: path)
        #expect(try factor(plain, "vas").levels == ["-0,25", "6", "7,5"])
    }

    @Test func tabsAreDetected() throws {
        let table = try CSVReader.read(path: try FixtureFiles.path("wellformed", "tab.tsv"))
        #expect(table.columnNames == ["subject", "arm", "vas"])
        #expect(try numbers(table, "vas") == [7.5, 6])
    }

    @Test func columnTypesFollowTheValues() throws {
        let table = try CSVReader.read(path: try FixtureFiles.path("wellformed", "types.csv"))
        #expect(try numbers(table, "score")[1] == -25)
        // "007" and "7.50" keep their spelling: the column turned to text after numbers.
        #expect(try factor(table, "code").levels == ["007", "7.50", "A12"])
        guard case let .date(days) = try table.column(named: "when").values else {
            Issue.record("when is not a date column")
            return
        }
        // Source: R 4.2.2, as.integer(as.Date(c("2024-02-29", "2024-03-01"))) = 19782 19783.
        #expect(days == [19782, 19783, Column.missingDate])
        #expect(try numbers(table, "empty").allSatisfy(\.isNaN))
        #expect(try factor(table, "mixed").levels == ["1", "2", "two"])
        #expect(try table.column(named: "empty").missingCount == 3)
    }

    @Test func levelsSortByteWiseAsRDoesInTheCLocale() throws {
        let path = try FixtureFiles.temporary(Array("arm\nsaline\nDextrose\ntriamcinolone\nsaline\n".utf8))
        let levels = try factor(try CSVReader.read(path: path), "arm").levels
        #expect(levels == ["Dextrose", "saline", "triamcinolone"])
    }

    @Test(arguments: [1, 2, 16, 1 << 22])
    func tinyChunksStillReadEverything(chunkSize: Int) throws {
        let text = "subject,note\n" + (1...50).map { "P\($0),\"line \($0), with a longer note than any chunk\"" }.joined(separator: "\n") + "\n"
        let table = try CSVReader.read(path: try FixtureFiles.temporary(Array(text.utf8)), options: CSVOptions(chunkSize: chunkSize))
        #expect(table.rowCount == 50)
        #expect(try factor(table, "note").value(at: 49) == "line 50, with a longer note than any chunk")
    }

    @Test func aLoneCarriageReturnEndingTheFileIsABlankLineWhateverTheChunk() throws {
        for text in ["a,b\n1,2\n\r", "a,b\n1,\"2\"\n\r"] {
            for chunkSize in [16, 1 << 22] {
                let table = try CSVReader.read(path: try FixtureFiles.temporary(Array(text.utf8)), options: CSVOptions(chunkSize: chunkSize))
                #expect(table.rowCount == 1 && table.blankLines == [3], "\(text.debugDescription) chunk \(chunkSize)")
            }
        }
    }

    @Test func aDecimalCommaFileWithATypoStillReadsItsCommas() throws {
        let path = try FixtureFiles.temporary(Array("subject;arm;visit;vas\nA;x;0;7,5\nB;x;0;oops\nC;x;0;6,25\n".utf8))
        let table = try CSVReader.read(path: path, displayName: "dc.csv", options: CSVOptions(decimalSeparator: UInt8(ascii: ",")))
        let failure = #expect(throws: ValidationFailure.self) { try TrialDatasetLoader.load(table) }
        // Only the typo is reported; 7,5 and 6,25 are numbers under --decimal ,.
        #expect(failure?.errors.map(\.value) == ["oops"])
    }

    @Test func userMissingCodesAreMissing() throws {
        let path = try FixtureFiles.temporary(Array("vas,arm\n-99,saline\n4,-99\n".utf8))
        let table = try CSVReader.read(path: path, options: CSVOptions(missingValueCodes: ["", "NA", "-99"]))
        let vas = try numbers(table, "vas")
        #expect(vas[0].isNaN && vas[1] == 4)
        #expect(try factor(table, "arm").value(at: 1) == nil)
    }
}
