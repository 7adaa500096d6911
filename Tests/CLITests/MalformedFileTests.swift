import Foundation
import Testing

/// Every malformed fixture through the command a user runs: the exit code, and the message
/// naming the file, line and column. Fixtures: Tests/TrialDataTests/Fixtures/malformed,
/// written by make_fixtures.py there.
struct MalformedFileTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TrialDataTests/Fixtures/malformed")

    /// (file, extra arguments, exit code, text the output must contain; FILE stands for the path)
    static let cases: [(String, [String], Int32, String)] = [
        ("unterminated_quote.csv", [], 65, "FILE:3: a quoted field opens here and never closes"),
        ("unterminated_quote_at_end.csv", [], 65, "FILE:3: a quoted field opens here"),
        ("text_after_closing_quote.csv", [], 65, "FILE:2: \"x\" after a closing quote"),
        ("ragged_too_many.csv", [], 65, "FILE:3: 4 fields; expected 3"),
        ("ragged_too_few.csv", [], 65, "FILE:3: 2 fields; expected 3"),
        ("ragged_after_multiline_quote.csv", [], 65, "FILE:4: 2 fields; expected 3"),
        ("ragged_crlf.csv", [], 65, "FILE:3: 2 fields; expected 3"),
        ("invalid_utf8_value.csv", [], 65, "FILE:3: the text is not valid UTF-8"),
        ("invalid_utf8_header.csv", [], 65, "FILE:1: the text is not valid UTF-8"),
        ("empty.csv", [], 65, "FILE: the file is empty"),
        ("only_bom.csv", [], 65, "FILE: the file is empty"),
        ("only_blank_lines.csv", [], 65, "FILE: the file is empty"),
        ("duplicate_column.csv", [], 65, "FILE:1: column name \"vas\" appears at positions 2 and 4"),
        ("unnamed_column.csv", [], 65, "FILE:1: column 2 has no name"),
        ("trailing_delimiter_header.csv", [], 65, "FILE:1: column 4 has no name"),
        ("quote_then_carriage_return_only.csv", [], 65, "FILE:2: byte 0xd after a closing quote"),
        ("rule_duplicate_subject_visit.csv", [], 65, "FILE:3: column visit: \"0\" repeats this visit of subject P001 (line 2)"),
        ("rule_subject_in_two_arms.csv", [], 65, "FILE:3: column arm: \"saline\" differs from arm dextrose of subject P001 on line 2"),
        ("rule_unknown_arm.csv", ["--levels", "arm=dextrose,saline"], 0, "excluded line 3: column arm: \"placebo\" is not a declared level"),
        ("rule_unknown_arm.csv", ["--levels", "arm=dextrose,saline", "--severity", "unknown-level=error"], 65,
         "FILE:3: column arm: \"placebo\" is not a declared level"),
        ("rule_out_of_range.csv", ["--range", "vas=0:10"], 0, "excluded line 3: column vas: \"12\" is outside the declared range 0 to 10"),
        ("rule_not_a_number.csv", [], 65, "FILE:3: column vas: \"seven\" is not a number"),
        ("rule_decimal_comma.csv", [], 65, "FILE:3: column vas: \"7,5\" is not a number (decimal comma? try --decimal ,)"),
        ("rule_missing_baseline.csv", [], 0, "excluded line 3: column subject: \"P002\" has no row at the baseline visit 0"),
        ("rule_missing_arm.csv", [], 0, "excluded line 3: column arm: \"\" is missing"),
        ("rule_visits_out_of_order.csv", ["--visit-date", "date"], 0,
         "excluded line 3: column date: \"2024-02-20\" is not after visit 0 on 2024-03-01 (line 2)"),
        ("encoding_latin1.csv", [], 65, "FILE:3: the text is not valid UTF-8"),
        ("encoding_utf16.csv", [], 65, "FILE:1: the file is UTF-16, not UTF-8"),
        ("quote_inside_quoted_field.csv", [], 65, "FILE:2: \"o\" after a closing quote"),
        ("quote_unterminated_in_header.csv", [], 65, "FILE:1: a quoted field opens here and never closes"),
    ]

    @Test func everyMalformedFixtureIsCovered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".csv") }
        #expect(files.count >= 25)
        #expect(Set(files) == Set(Self.cases.map(\.0)), "each malformed file has a case here")
    }

    @Test(arguments: Self.cases.indices)
    func reportsExitCodeAndWhere(index: Int) throws {
        let (file, arguments, status, expected) = Self.cases[index]
        let path = Self.folder.appendingPathComponent(file).path
        let outcome = try CommandRunner.run(["validate", path] + arguments)
        #expect(outcome.status == status, "\(file): \(outcome.standardError)")
        let message = status == 0 ? outcome.standardOutput : outcome.standardError
        #expect(message.contains(expected.replacingOccurrences(of: "FILE", with: path)), "\(file): \(message)")
        if status != 0 { #expect(outcome.standardOutput.isEmpty, "\(file): nothing is half-written") }
    }
}
