import Foundation
import Testing

/// An arm label with a trailing space or another case is the same arm, said with its lines;
/// a randomised patient is never dropped or made an arm of their own (issue 16).
struct LevelNormalizationTests {
    /// Six saline patients, two written "saline " and two "Saline"; four dextrose patients.
    static func export() throws -> String {
        var lines = ["subject,arm,visit,vas"]
        let arms = ["saline", "saline", "saline ", "saline ", "Saline", "Saline", "dextrose", "dextrose", "dextrose", "dextrose"]
        for (index, arm) in arms.enumerated() {
            lines.append("P\(index + 1),\(arm),0,\(6 + index % 3)")
            lines.append("P\(index + 1),\(arm),12,\(arm.lowercased().hasPrefix("dex") ? 2 + index % 2 : 4 + index % 3)")
        }
        return try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
    }

    @Test func labelsDifferingBySpacesOrCaseAreOneArmAndSaidSo() throws {
        let file = try Self.export()
        let validate = try CommandRunner.run(["validate", file])
        #expect(validate.status == 0 && validate.standardOutput.contains("label normalised: column arm: \"saline \" read as \"saline\" (lines 6, 7, 8, 9)"),
                "\(validate.standardOutput)")
        #expect(validate.standardOutput.contains("\"Saline\" read as \"saline\" (lines 10, 11, 12, 13)"))
        let description = try #require(try Self.json(["describe", file])["description"] as? [String: Any])
        let arms = try #require(description["arms"] as? [[String: Any]])
        #expect(arms.map { $0["arm"] as? String } == ["dextrose", "saline"] && arms.map { $0["subjects"] as? Int } == [4, 6], "\(arms)")
        let normalized = (description["ledger"] as? [String: Any])?["normalized"] as? [[String: Any]]
        #expect(normalized?.count == 2 && normalized?.first?["lines"] as? [Int] == [6, 7, 8, 9])
        // compare uses all six saline patients (it used 2 of them, or 4).
        let compare = try Self.json(["compare", file, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"])
        let counts = (compare["arms"] as? [[String: Any]])?.map { $0["n"] as? Int }
        #expect(counts == [4, 6], "\(String(describing: counts))")
        // Models read the same arms: one saline coefficient level, not "saline " and "Saline" beside it.
        for command in [["lm", "--formula", "vas ~ arm"], ["fit", "--formula", "vas ~ arm + (1 | subject)"]] {
            let document = try Self.json([command[0], file] + command.dropFirst())
            let terms = ((document["coefficients"] ?? document["fixed"]) as? [[String: Any]])?.compactMap { ($0["measure"] ?? $0["term"]) as? String }
            #expect(terms == ["(Intercept)", "armsaline"], "\(command[0]): \(String(describing: terms))")
            let ledger = document["ledger"] as? [String: Any]
            #expect((ledger?["normalized"] as? [Any])?.count == 2, "\(command[0])")
        }
    }
}

/// A clinic export's own column names find their roles, and a value that never changes within a
/// patient (age) is a covariate, not an outcome whose "dropout" hides the real one (issue 16).
struct ExportRoleTests {
    @Test func patientIDIsTheSubjectAndAgeIsACovariate() throws {
        // Patient 2 drops out of the VAS after baseline; age is on every row.
        let file = try DataCommandTests.temporaryFile("""
            Patient ID,Group,Visit,age,vas
            P1,saline,0,61,7
            P1,saline,12,61,5
            P2,saline,0,54,6
            P2,saline,12,54,
            P3,dextrose,0,47,8
            P3,dextrose,12,47,3
            P4,dextrose,0,70,7
            P4,dextrose,12,70,2

            """)
        let outcome = try CommandRunner.run(["describe", file, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let description = try #require((try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])?["description"]
                                       as? [String: Any])
        let roles = Dictionary(uniqueKeysWithValues: ((description["variables"] as? [[String: Any]]) ?? []).compactMap { variable in
            (variable["name"] as? String).map { ($0, variable["role"] as? String ?? "") }
        })
        #expect(roles == ["Patient ID": "subject", "Group": "arm", "Visit": "visit", "age": "covariate", "vas": "outcome"], "\(roles)")
        let patterns = (description["dropoutPatterns"] as? [[String: Any]])?.map { "\($0["arm"] ?? ""):\($0["pattern"] ?? ""):\($0["subjects"] ?? "")" }
        #expect(patterns?.contains("saline:X.:1") == true, "\(String(describing: patterns))")
    }
}

/// A command whose data lost rows to the checks says so on standard error, in one line, whatever
/// its output format (issue 16).
struct ExclusionSummaryTests {
    @Test func excludedRowsAreSummedUpOnStandardError() throws {
        let file = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,s,0,5\nA,s,1,42\nB,s,0,6\nB,s,1,3\nC,d,0,7\nC,d,1,2\nD,d,0,8\nD,d,1,3\n")
        let outcome = try CommandRunner.run(["descriptives", file, "--range", "vas=0:10", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("\(file): 1 row excluded (out-of-range 1); the ledger lists each"), "\(outcome.standardError)")
        let clean = try CommandRunner.run(["descriptives", file, "--format", "json"])
        #expect(!clean.standardError.contains("excluded"), "\(clean.standardError)")
    }
}

/// A label that is no declared level, but nearly one, is excluded with the likely level named.
struct UnknownLevelSuggestionTests {
    @Test func aMisspeltArmGetsDidYouMean() throws {
        let file = try DataCommandTests.temporaryFile("subject,arm,visit,vas\nA,salin,0,5\nA,salin,1,4\nB,dextrose,0,6\nB,dextrose,1,3\n")
        let outcome = try CommandRunner.run(["validate", file, "--levels", "arm=saline,dextrose"])
        #expect(outcome.standardOutput.contains("\"salin\" is not a declared level; expected one of saline, dextrose (did you mean saline?)"),
                "\(outcome.standardOutput)")
    }
}
