import Foundation
import Testing
@testable import TrialData

struct TrialDatasetLoaderTests {
    static func table(_ text: String, name: String = "t.csv") throws -> Table {
        try CSVReader.read(path: try FixtureFiles.temporary(Array(text.utf8)), displayName: name)
    }

    static func demoPath(_ form: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/demo-trial/demo-trial-\(form).csv").path
    }

    @Test func theDemoTrialLoadsWithRolesRecognisedAndChangesDerived() throws {
        let table = try CSVReader.read(path: Self.demoPath("long"))
        let dataset = try TrialDatasetLoader.load(table, roles: ColumnRoles(covariates: ["age"]),
                                                  declarations: DataDeclarations(references: ["arm": "saline"]))
        #expect(dataset.roles.subject == "subject" && dataset.roles.arm == "arm" && dataset.roles.visit == "visit")
        #expect(dataset.roles.outcomes == ["vas", "bctq_sss"], "age is a covariate, not an outcome")
        #expect(dataset.arms.levels == ["saline", "dextrose", "triamcinolone"], "reference first, then sorted")
        #expect(dataset.visits.labels == ["0", "4", "12"] && dataset.visits.times == [0, 4, 12])
        #expect(dataset.subjects.levels.count == 60)
        #expect(dataset.ledger.rowsRead == 180 && dataset.ledger.rowsUsed == 180)
        // Source: Datasets/demo-trial/demo-trial-long.csv, P001: VAS 7.5 at week 0, 4.1 at week 4.
        let change = dataset.change("vas"), percent = dataset.percentChange("vas")
        #expect(abs(change[1] - (4.1 - 7.5)) < 1e-12)
        #expect(abs(percent[1] - 100 * (4.1 - 7.5) / 7.5) < 1e-12)
        #expect(change[0] == 0)
    }

    /// Labelled visits follow the subjects' rows, not the alphabet: A's follow-up comes after
    /// S2, B's after S3, so FU is last although it sorts first and appears before S3.
    @Test func labelledVisitsAreInTheOrderTheSubjectsRowsGive() throws {
        let dataset = try TrialDatasetLoader.load(try Self.table(
            "subject,arm,visit,vas\nA,x,S1,5\nA,x,S2,4\nA,x,FU,3\nB,x,S1,6\nB,x,S2,5\nB,x,S3,4\nB,x,FU,2\n"))
        #expect(dataset.visits.labels == ["S1", "S2", "S3", "FU"] && dataset.visits.baselineLabel == "S1")
        // Declared levels still win.
        let declared = try TrialDatasetLoader.load(try Self.table("subject,arm,visit,vas\nA,x,S2,5\nA,x,S1,4\n"),
                                                   declarations: DataDeclarations(levels: ["visit": ["S1", "S2"]]))
        #expect(declared.visits.labels == ["S1", "S2"])
        // Subjects that disagree (a cycle) fall back to the order of first appearance.
        let cycle = try TrialDatasetLoader.load(try Self.table("subject,arm,visit,vas\nA,x,b,5\nA,x,a,4\nB,x,a,4\nB,x,b,3\n"))
        #expect(cycle.visits.labels == ["b", "a"])
    }

    @Test func percentChangeIsMissingNotInfiniteWhenBaselineIsZero() throws {
        let dataset = try TrialDatasetLoader.load(try Self.table("subject,arm,visit,vas\nA,x,0,0\nA,x,1,3\nB,x,0,4\nB,x,1,\n"))
        let percent = dataset.percentChange("vas"), change = dataset.change("vas")
        #expect(percent[1].isNaN && change[1] == 3)
        #expect(abs(percent[2]) == 0 && percent[3].isNaN && change[3].isNaN)
    }

    /// (rule, file text, line of the first issue, extra declarations)
    static let ruleCases: [(ValidationRule, String, Int, DataDeclarations)] = [
        (.visitsOutOfOrder, "subject,arm,visit,vas,date\nA,x,0,1,2024-03-01\nA,x,4,2,2024-02-20\n", 3, DataDeclarations()),
        (.duplicateSubjectVisit, "subject,arm,visit,vas\nA,x,0,1\nA,x,0,2\n", 3, DataDeclarations()),
        (.subjectInTwoArms, "subject,arm,visit,vas\nA,x,0,1\nA,y,4,2\n", 3, DataDeclarations()),
        (.unknownLevel, "subject,arm,visit,vas\nA,x,0,1\nB,z,0,2\n", 3, DataDeclarations(levels: ["arm": ["x", "y"]])),
        (.outOfRange, "subject,arm,visit,vas\nA,x,0,1\nB,x,0,11\n", 3, DataDeclarations(ranges: ["vas": 0...10])),
        (.notANumber, "subject,arm,visit,vas\nA,x,0,1\nB,x,0,2\nC,x,0,3\nD,x,0,4\nE,x,0,\"7,5\"\n", 6, DataDeclarations()),
        (.missingBaseline, "subject,arm,visit,vas\nA,x,0,1\nB,x,4,2\n", 3, DataDeclarations()),
        (.missingKey, "subject,arm,visit,vas\nA,x,0,1\n,x,0,2\n", 3, DataDeclarations()),
    ]

    /// The loader's rules; not-an-analysis-record belongs to the input adapters (InputAdapterTests),
    /// not-selected to a model's data step (MixedModelAnalysisTests).
    @Test(arguments: ValidationRule.allCases.filter { ![.notAnAnalysisRecord, .incompleteCase, .notSelected].contains($0) })
    func eachRuleFiresOnItsDefectWithItsSeverity(rule: ValidationRule) throws {
        let (_, text, line, declarations) = try #require(Self.ruleCases.first { $0.0 == rule })
        let table = try Self.table(text)
        for severity in Severity.allCases {
            var chosen = declarations
            chosen.severities[rule] = severity
            do {
                let roles = rule == .visitsOutOfOrder ? ColumnRoles(visitDate: "date") : ColumnRoles()
                let dataset = try TrialDatasetLoader.load(table, roles: roles, declarations: chosen)
                #expect(severity == .warning, "\(rule) as an error must stop the load")
                let issue = try #require(dataset.warnings.first { $0.rule == rule })
                #expect(issue.line == line && issue.file == "t.csv")
                #expect(dataset.ledger.excluded.contains { $0.rule == rule && $0.line == line })
                #expect(dataset.ledger.rowsRead == dataset.ledger.rowsUsed + dataset.ledger.excluded.count)
                #expect(dataset.rowCount == dataset.ledger.rowsUsed)
            } catch let failure as ValidationFailure {
                #expect(severity == .error, "\(rule) as a warning must not stop the load: \(failure)")
                #expect(failure.errors.contains { $0.rule == rule && $0.line == line })
                #expect(failure.description.contains("t.csv:\(line): column"))
            }
        }
    }

    @Test func theDecimalCommaHintAppearsInTheMessage() throws {
        let table = try Self.table(try #require(Self.ruleCases.first { $0.0 == .notANumber }).1, name: "pit.csv")
        let failure = #expect(throws: ValidationFailure.self) { try TrialDatasetLoader.load(table) }
        #expect(failure?.description.contains("pit.csv:6: column vas: \"7,5\" is not a number (decimal comma? try --decimal ,)") == true)
    }

    @Test func missingOrUnknownRoleColumnsAreNamed() throws {
        let table = try Self.table("patient_code,group,vas\nA,x,1\n")
        let failure = #expect(throws: ValidationFailure.self) { try TrialDatasetLoader.load(table) }
        let text = failure?.description ?? ""
        #expect(text.contains("no subject column; name one with --subject (columns: patient_code, group, vas)"))
        #expect(text.contains("no visit column; name one with --visit"))
        let named = #expect(throws: ValidationFailure.self) {
            try TrialDatasetLoader.load(table, roles: ColumnRoles(subject: "patient", visit: "vas"))
        }
        #expect(named?.description.contains("no column named \"patient\" for the subject") == true)
        let reference = #expect(throws: ValidationFailure.self) {
            try TrialDatasetLoader.load(try Self.table("subject,arm,visit,vas\nA,x,0,1\n"),
                                        declarations: DataDeclarations(references: ["arm": "placebo"]))
        }
        #expect(reference?.description.contains("the reference level \"placebo\" is not a level of arm") == true)
    }

    @Test func wideAndLongFormsOfTheDemoTrialGiveTheSameDataset() throws {
        let long = try TrialDatasetLoader.load(try CSVReader.read(path: Self.demoPath("long")), roles: ColumnRoles(covariates: ["age"]))
        let wideTable = try CSVReader.read(path: Self.demoPath("wide"))
        let layout = try #require(WideLayout.detect(in: wideTable, excluding: ["age"]))
        #expect(layout.outcomes == ["vas", "bctq_sss"])
        let wide = try TrialDatasetLoader.load(layout.longTable(from: wideTable), roles: ColumnRoles(covariates: ["age"]))
        #expect(wide.subjects == long.subjects && wide.arms == long.arms && wide.visits == long.visits)
        #expect(wide.visitCodes == long.visitCodes)
        for outcome in ["vas", "bctq_sss"] {
            #expect(zip(wide.outcomes[outcome]!, long.outcomes[outcome]!).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
        #expect(DatasetDescription(wide).cells == DatasetDescription(long).cells)
        #expect(DatasetDescription(wide).dropoutPatterns == DatasetDescription(long).dropoutPatterns)
    }

    @Test func wideColumnNamesAreRecognisedInTheirCommonSpellings() throws {
        for (name, outcome, token, number) in [("vas_w0", "vas", "w0", 0.0), ("vas_w12", "vas", "w12", 12), ("vas_week12", "vas", "week12", 12),
                                               ("vas.12", "vas", "12", 12), ("vas_bl", "vas", "bl", 0), ("bctq_sss_w4", "bctq_sss", "w4", 4),
                                               ("dash_m3", "dash", "m3", 3), ("nrs_visit2", "nrs", "visit2", 2)] {
            let match = WideLayout.match(name, pattern: WideLayout.defaultPattern)
            #expect(match?.outcome == outcome && match?.visit == token, "\(name)")
            #expect(WideLayout.visitParts(token)?.number == number, "\(name)")
        }
        for name in ["age", "vas", "record_id", "vas_final"] {
            #expect(WideLayout.match(name, pattern: WideLayout.defaultPattern) == nil, "\(name)")
        }
        #expect(WideLayout.match("w12_vas", pattern: "{visit}_{outcome}")?.outcome == "vas")
        #expect(WideLayout.match("w12_vas", pattern: "{visit}_{outcome}")?.visit == "w12")
        #expect(WideLayout.match("vas-wk12", pattern: "{outcome}-wk{visit}")?.visit == "12")
    }

    @Test func wideVisitsMixingUnitsKeepTheirNames() throws {
        // Month 3 must not come before week 4, nor day 1 merge with week 1.
        let mixed = try Self.table("id,arm,vas_w4,vas_m3\nA,x,5,4\n")
        let layout = try #require(WideLayout.detect(in: mixed))
        #expect(Set(layout.cells.map(\.visit)) == ["w4", "m3"])
        let same = try #require(WideLayout.detect(in: try Self.table("id,arm,vas_w4,vas_w12,vas_bl\nA,x,5,4,6\n")))
        #expect(Set(same.cells.map(\.visit)) == ["4", "12", "0"])
    }

    @Test func wideLayoutsThatWouldLoseValuesAreRefused() throws {
        let doubled = try Self.table("id,arm,vas_bl,vas_w0,vas_w4\nA,x,5,5,4\n")
        let layout = try #require(WideLayout.detect(in: doubled))
        #expect(throws: TrialDataError.invalidLayout(file: "t.csv", reason: "columns vas_bl and vas_w0 both hold vas at visit 0; "
                                                        + "expected one column per outcome and visit")) {
            try layout.longTable(from: doubled)
        }
        let clash = try Self.table("id,arm,visit,vas_w0,vas_w4\nA,x,1,5,4\n")
        #expect(throws: TrialDataError.self) { try #require(WideLayout.detect(in: clash)).longTable(from: clash) }
    }

    @Test func aTypoInAWideCellIsReportedNotLost() throws {
        let table = try Self.table("subject,arm,vas_w0,vas_w12\nA,x,5,4\nB,x,6,n/a\nC,x,7,3\n")
        let layout = try #require(WideLayout.detect(in: table))
        #expect(layout.cells.count == 2, "vas_w12 is text because of one cell, and still a wide column")
        let failure = #expect(throws: ValidationFailure.self) { try TrialDatasetLoader.load(try layout.longTable(from: table)) }
        #expect(failure?.description.contains("t.csv:3: column vas: \"n/a\" is not a number") == true)
    }

    @Test func declarationsForAbsentColumnsAndRangesOnOtherColumnsAreNotIgnored() throws {
        let table = try Self.table("subject,arm,visit,vas,age\nA,x,0,5,130\nB,x,0,6,40\n")
        let typo = #expect(throws: ValidationFailure.self) {
            try TrialDatasetLoader.load(table, declarations: DataDeclarations(ranges: ["VAS": 0...10]))
        }
        #expect(typo?.description.contains("declared for column \"VAS\", which the file does not have") == true)
        // age is neither outcome nor covariate here, yet its declared range is checked.
        let dataset = try TrialDatasetLoader.load(table, roles: ColumnRoles(outcomes: ["vas"]),
                                                  declarations: DataDeclarations(ranges: ["age": 18...100]))
        #expect(dataset.ledger.excluded.map(\.line) == [2])
    }

    @Test func aVisitColumnWithoutValuesIsReportedNotACrash() throws {
        let table = try Self.table("subject,arm,visit,vas\nA,x,,5\n")
        let failure = #expect(throws: ValidationFailure.self) { try TrialDatasetLoader.load(table) }
        #expect(failure?.description.contains("has no values, so there are no visits") == true)
    }

    @Test func visitOrderIsCheckedAgainstTheLastVisitInOrder() throws {
        // Visit 4 (Jan) and visit 12 (Feb) both come before visit 0 (Mar): both are reported.
        let table = try Self.table("subject,arm,visit,vas,date\nA,x,0,5,2024-03-01\nA,x,4,4,2024-01-01\nA,x,12,3,2024-02-01\n")
        let dataset = try TrialDatasetLoader.load(table, roles: ColumnRoles(visitDate: "date"))
        #expect(dataset.ledger.excluded.map(\.line) == [3, 4])
    }
}
