import Testing
@testable import TrialData

struct DataSchemaTests {
    @Test func everyKeyIsRead() throws {
        let schema = try DataSchema.parse("""
            format: {delimiter: ";", decimal: ",", na: ["-99", "n/a"]}
            roles:
              subject: id
              arm: group
              visit: week
              visit_date: date
              outcomes: [vas, dash]
              baseline: {vas: vas_bl}
              covariates: age
            levels: {group: [saline, dextrose]}
            reference: {group: saline}
            ranges: {vas: [0, 10], dash: [0, 100]}
            baseline_visit: 0
            severity: {out-of-range: error, missing-baseline: warning}
            """, file: "trial.yaml")
        #expect(schema.delimiter == UInt8(ascii: ";") && schema.decimalSeparator == UInt8(ascii: ","))
        #expect(schema.missingValueCodes == ["-99", "n/a"])
        #expect(schema.roles == ColumnRoles(subject: "id", arm: "group", visit: "week", outcomes: ["vas", "dash"],
                                           baselineColumns: ["vas": "vas_bl"], covariates: ["age"], visitDate: "date"))
        #expect(schema.declarations.levels == ["group": ["saline", "dextrose"]])
        #expect(schema.declarations.references == ["group": "saline"])
        #expect(schema.declarations.ranges == ["vas": 0...10, "dash": 0...100])
        #expect(schema.declarations.baselineVisit == "0")
        #expect(schema.declarations.severities == [.outOfRange: .error, .missingBaseline: .warning])
    }

    @Test func mistakesNameTheirLine() {
        let cases: [(String, SchemaError)] = [
            ("roles:\n  subjet: id\n", .unknownKey(file: "s.yaml", line: 2, key: "subjet", allowed: DataSchema.roleKeys)),
            ("ranges:\n  vas: [10, 0]\n", .invalidValue(file: "s.yaml", line: 2, key: "ranges.vas",
                                                         expected: "[low, high] with low ≤ high, e.g. [0, 10]")),
            ("format:\n  decimal: ';'\n", .invalidValue(file: "s.yaml", line: 2, key: "format.decimal", expected: ". or ,")),
            ("severity:\n  out-of-range: fatal\n", .invalidValue(file: "s.yaml", line: 2, key: "severity.out-of-range",
                                                                 expected: "error or warning")),
            ("roles: [subject]\n", .invalidValue(file: "s.yaml", line: 1, key: "roles", expected: "a mapping of keys to values")),
            ("levels: {arm: {a: 1}}\n", .invalidValue(file: "s.yaml", line: 1, key: "levels.arm", expected: "a list of values")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try DataSchema.parse(text, file: "s.yaml") }
        }
        let unknown = #expect(throws: SchemaError.self) { try DataSchema.parse("rolls: {}\n", file: "s.yaml") }
        #expect(unknown?.description.hasPrefix("s.yaml:1: unknown key \"rolls\"; expected one of format, roles") == true)
        #expect(throws: SchemaError.self) { try DataSchema.parse("roles: [a\n", file: "s.yaml") }
    }

    @Test func aMissingFileIsMissingInput() {
        let error = #expect(throws: SchemaError.self) { try DataSchema.read(path: "/nonexistent/schema.yaml") }
        #expect(error?.isMissingInput == true)
    }
}
