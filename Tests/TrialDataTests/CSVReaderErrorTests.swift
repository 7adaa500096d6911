import Testing
@testable import TrialData

/// One malformed file per failure mode: the read stops with an error naming file, line and
/// what was expected. Fixtures: Fixtures/malformed, written by Fixtures/make_fixtures.py.
struct CSVReaderErrorTests {
    static let expected: [(file: String, error: @Sendable (String) -> TrialDataError)] = [
        ("unterminated_quote.csv", { .unterminatedQuote(file: $0, line: 3) }),
        ("unterminated_quote_at_end.csv", { .unterminatedQuote(file: $0, line: 3) }),
        ("text_after_closing_quote.csv", { .unexpectedAfterQuote(file: $0, line: 2, character: "\"x\"") }),
        ("ragged_too_many.csv", { .raggedRow(file: $0, line: 3, expected: 3, got: 4) }),
        ("ragged_too_few.csv", { .raggedRow(file: $0, line: 3, expected: 3, got: 2) }),
        ("ragged_after_multiline_quote.csv", { .raggedRow(file: $0, line: 4, expected: 3, got: 2) }),
        ("ragged_crlf.csv", { .raggedRow(file: $0, line: 3, expected: 3, got: 2) }),
        ("invalid_utf8_value.csv", { .invalidUTF8(file: $0, line: 3) }),
        ("invalid_utf8_header.csv", { .invalidUTF8(file: $0, line: 1) }),
        ("empty.csv", { .emptyFile(file: $0) }),
        ("only_bom.csv", { .emptyFile(file: $0) }),
        ("only_blank_lines.csv", { .emptyFile(file: $0) }),
        ("duplicate_column.csv", { .duplicateColumnName(file: $0, name: "vas", positions: [2, 4]) }),
        ("unnamed_column.csv", { .unnamedColumn(file: $0, position: 2) }),
        ("trailing_delimiter_header.csv", { .unnamedColumn(file: $0, position: 4) }),
        ("quote_then_carriage_return_only.csv", { .unexpectedAfterQuote(file: $0, line: 2, character: "byte 0xd") }),
        ("encoding_latin1.csv", { .invalidUTF8(file: $0, line: 3) }),
        ("encoding_utf16.csv", { .utf16(file: $0) }),
        ("quote_inside_quoted_field.csv", { .unexpectedAfterQuote(file: $0, line: 2, character: "\"o\"") }),
        ("quote_unterminated_in_header.csv", { .unterminatedQuote(file: $0, line: 1) }),
    ]

    @Test(arguments: expected.map(\.file))
    func malformedFileIsReportedWithItsLine(file: String) throws {
        let path = try FixtureFiles.path("malformed", file)
        let expectedError = try #require(Self.expected.first { $0.file == file }).error(file)
        // Small chunks too, so that each defect is also met across a buffer boundary: the
        // fixtures are 30-90 bytes long.
        for chunkSize in [1 << 22, 16, 17, 23] {
            #expect(throws: expectedError) {
                try CSVReader.read(path: path, displayName: file, options: CSVOptions(chunkSize: chunkSize))
            }
        }
    }

    @Test func messagesNameFileLineAndExpectation() {
        #expect(TrialDataError.raggedRow(file: "pit.csv", line: 214, expected: 5, got: 4).description
                == "pit.csv:214: 4 fields; expected 5, one per column of the header")
        #expect(TrialDataError.notANumber(file: "pit.csv", line: 214, column: "vas", value: "7,5",
                                          hint: "decimal comma? try --decimal ,").description
                == "pit.csv:214: column vas: \"7,5\" is not a number (decimal comma? try --decimal ,)")
        #expect(TrialDataError.unterminatedQuote(file: "a.csv", line: 3).description.hasPrefix("a.csv:3: a quoted field opens here"))
    }

    @Test func aMissingFileOrAFolderCannotBeOpened() throws {
        let missing = #expect(throws: TrialDataError.self) { try CSVReader.read(path: "/nonexistent/trial.csv") }
        #expect(missing == .cannotOpen(file: "/nonexistent/trial.csv", reason: "No such file or directory"))
        #expect(missing?.isMissingInput == true)
        let folder = #expect(throws: TrialDataError.self) { try CSVReader.read(path: "/tmp") }
        #expect(folder == .cannotOpen(file: "/tmp", reason: "it is a directory, not a file"))
    }

    @Test func pipesAreRefusedBecauseTheFileIsReadTwice() throws {
        #expect(throws: TrialDataError.notARegularFile(file: "/dev/null")) { try CSVReader.read(path: "/dev/null") }
    }

    @Test func numbersThatOverflowAreNotNumbers() throws {
        let path = try FixtureFiles.temporary(Array("x\n1e400\n2\n".utf8))
        let table = try CSVReader.read(path: path)
        #expect(table.columns[0].typeName == "categorical", "1e400 is text, not infinity")
    }

    @Test func optionsThatContradictEachOtherAreRefused() throws {
        let path = try FixtureFiles.path("wellformed", "tab.tsv")
        #expect(throws: TrialDataError.self) {
            try CSVReader.read(path: path, options: CSVOptions(delimiter: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: ",")))
        }
        #expect(throws: TrialDataError.self) { try CSVReader.read(path: path, options: CSVOptions(delimiter: UInt8(ascii: "|"))) }
    }
}
