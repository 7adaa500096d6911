import Foundation
import Testing
@testable import TrialData

/// The demo trial as a REDCap export and as ADaM ADQS + ADSL reads to the same data as the
/// plain long CSV. Files: Datasets/demo-trial, written by make_demo_trial.py.
struct InputAdapterTests {
    static func demo(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Datasets/demo-trial/\(name)").path
    }

    static func plain() throws -> TrialDataset {
        try TrialDatasetLoader.load(try CSVReader.read(path: demo("demo-trial-long.csv")), roles: ColumnRoles(covariates: ["age"]))
    }

    /// (subject, visit) → value of an outcome, observed values only.
    static func observed(_ dataset: TrialDataset, _ outcome: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for row in 0..<dataset.rowCount {
            let value = dataset.outcomes[outcome]![row]
            if !value.isNaN {
                result["\(dataset.subjects.value(at: row)!)@\(dataset.visits.labels[Int(dataset.visitCodes[row])])"] = value
            }
        }
        return result
    }

    @Test func aREDCapExportReadsToThePlainTable() throws {
        let adapted = try REDCapExport.read(path: Self.demo("demo-trial-redcap.csv"),
                                            dictionaryPath: Self.demo("demo-trial-redcap-dictionary.csv"),
                                            roles: ColumnRoles(covariates: ["age"]))
        #expect(adapted.declarations.ranges["vas"] == 0...10 && adapted.declarations.ranges["age"] == 18...100)
        #expect(adapted.declarations.levels["arm"] == ["dextrose", "saline", "triamcinolone"])
        let redcap = try adapted.load(roles: ColumnRoles(covariates: ["age"]), declarations: DataDeclarations())
        let plain = try Self.plain()
        #expect(redcap.subjects == plain.subjects && redcap.arms == plain.arms && redcap.visits == plain.visits)
        #expect(redcap.visitCodes == plain.visitCodes)
        #expect(redcap.roles.outcomes == ["vas", "bctq_sss"], "ae_term and *_complete are not outcomes")
        for outcome in ["vas", "bctq_sss"] {
            #expect(zip(redcap.outcomes[outcome]!, plain.outcomes[outcome]!).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
        #expect(redcap.covariates.first?.values == plain.covariates.first?.values, "age entered at baseline reaches every visit")
        // The two adverse-event rows (lines 15 and 52) are excluded, not lost.
        #expect(redcap.ledger.rowsRead == 182 && redcap.ledger.rowsUsed == 180)
        #expect(redcap.ledger.excluded.map(\.line) == [15, 52])
        #expect(redcap.ledger.excluded.allSatisfy { $0.rule == .notAnAnalysisRecord })
    }

    @Test func anUndefinedREDCapCodeIsAnUnknownLevel() throws {
        let path = try FixtureFiles.temporary(Array(
            "record_id,redcap_event_name,arm,vas\nA,baseline_arm_1,1,5\nB,baseline_arm_1,4,6\n".utf8))
        let dictionary = try FixtureFiles.temporary(Array(
            "Variable / Field Name,Form Name,Section Header,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\"\narm,f,,radio,Arm,\"1, dextrose | 2, saline\"\n".utf8))
        let adapted = try REDCapExport.read(path: path, dictionaryPath: dictionary)
        let dataset = try adapted.load(roles: ColumnRoles(), declarations: DataDeclarations())
        #expect(dataset.ledger.excluded.first?.rule == .unknownLevel)
        #expect(dataset.ledger.excluded.first?.value == "4")
    }

    @Test func eventNamesBecomeVisits() {
        #expect(REDCapExport.stripArm("week_12_arm_1") == "week_12")
        #expect(REDCapExport.eventTime("baseline") == 0)
        #expect(REDCapExport.eventTime("week_12") == 12)
        #expect(REDCapExport.eventTime("month3") == 3)
        #expect(REDCapExport.eventTime("follow_up") == nil)
        let (mixed, mixedOrder) = REDCapExport.visitColumn(from: ["baseline_arm_1", "week_4_arm_1", "month_3_arm_1"])
        #expect(mixedOrder == ["baseline", "week_4", "month_3"], "week 4 and month 3 keep their names and order")
        #expect(mixed.typeName == "categorical")
        let (column, order) = REDCapExport.visitColumn(from: ["screening_arm_1", "follow_up_arm_1", nil])
        #expect(order == ["screening", "follow_up"])
        #expect(column.isMissing(2))
    }

    @Test func anADaMDatasetReadsToThePlainTable() throws {
        let adapted = try ADaMDataset.read(path: Self.demo("demo-trial-adqs.csv"), adslPath: Self.demo("demo-trial-adsl.csv"),
                                           parameter: "VAS")
        let adam = try adapted.load(roles: ColumnRoles(covariates: ["AGE"]), declarations: DataDeclarations())
        let plain = try Self.plain()
        #expect(adam.roles.subject == "USUBJID" && adam.roles.arm == "TRT01P" && adam.roles.visit == "AVISITN")
        #expect(adam.subjects.levels == plain.subjects.levels && adam.arms.levels == plain.arms.levels)
        #expect(adam.visits == plain.visits, "the unscheduled visit 99 is excluded by ANL01FL, baseline from ABLFL")
        #expect(Self.observed(adam, "VAS") == Self.observed(plain, "vas"))
        // BASE agrees with the baseline-visit value TrialStats derives from the plain file.
        let plainBaseline = Dictionary(zip(plain.subjects.codes, plain.baselines["vas"]!), uniquingKeysWith: { first, _ in first })
        for row in 0..<adam.rowCount {
            #expect(adam.baselines["VAS"]![row] == plainBaseline[adam.subjects.codes[row]])
        }
        // 470 records: 60 unscheduled (ANL01FL empty) and 235 BCTQSSS records excluded, 175 used.
        #expect(adam.ledger.rowsRead == 470 && adam.ledger.rowsUsed == 175)
        #expect(adam.ledger.excluded.filter { $0.column == "ANL01FL" }.count == 60)
        #expect(adam.ledger.excluded.filter { $0.column == "PARAMCD" }.count == 235)
    }

    @Test func anADaMParameterMustBeChosenWhenThereAreSeveral() throws {
        #expect(throws: TrialDataError.self) { try ADaMDataset.read(path: Self.demo("demo-trial-adqs.csv")) }
        let unknown = #expect(throws: TrialDataError.self) {
            try ADaMDataset.read(path: Self.demo("demo-trial-adqs.csv"), parameter: "DASH")
        }
        #expect(unknown?.description.contains("one of the PARAMCD values: VAS, BCTQSSS") == true)
    }
}
