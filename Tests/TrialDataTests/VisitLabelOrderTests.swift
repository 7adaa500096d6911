import Foundation
import Testing
@testable import TrialData

/// Visit labels are ordered as they state themselves, never as text or as the file is sorted.
struct VisitLabelOrderTests {
    @Test(arguments: [
        (["Week 12", "Baseline", "Week 4"], ["Baseline", "Week 4", "Week 12"]),
        (["S2", "FU", "S10", "S1"], ["S1", "S2", "S10", "FU"]),
        (["Month 3", "Week 6", "Baseline", "Screening"], ["Screening", "Baseline", "Week 6", "Month 3"]),
        (["week_12", "week_0", "week_4"], ["week_0", "week_4", "week_12"]),
        (["12 weeks", "4 weeks", "BL"], ["BL", "4 weeks", "12 weeks"]),
        (["Visit 10", "Visit 2", "Visit 1"], ["Visit 1", "Visit 2", "Visit 10"]),
        (["Day 3", "End of study", "Day 28", "Pre"], ["Pre", "Day 3", "Day 28", "End of study"]),
    ])
    func labelsStateTheirOrder(labels: [String], expected: [String]) {
        #expect(VisitLabelOrder.natural(labels) == expected)
    }

    @Test func labelsThatStateTimesGiveThemInDaysForTheFiguresAxes() {
        #expect(VisitLabelOrder.times(["Baseline", "Week 2", "Week 12", "Month 6"]) == ["Baseline": 0, "Week 2": 14, "Week 12": 84, "Month 6": 182.625])
        #expect(VisitLabelOrder.times(["Screening", "Baseline", "Week 4"]) == nil, "screening has no time")
        #expect(VisitLabelOrder.times(["Visit 1", "Visit 2"]) == nil, "a visit number is not a time")
        #expect(VisitLabelOrder.times(["Baseline"]) == nil, "one time places nothing")
    }

    @Test(arguments: [
        ["Visit A", "Visit B"],          // no number, no known word
        ["Week 4", "V2"],                // a time beside a bare number
        ["Week 4", "Day 28"],            // two labels for one time
        ["S1", "T2"],                    // two prefixes
    ])
    func labelsThatStateNoOrderAreLeftToTheRows(labels: [String]) {
        #expect(VisitLabelOrder.natural(labels) == nil)
    }

    /// The dataset's visits do not depend on how the rows are sorted; labels without an order of
    /// their own follow the subjects' rows, and the description says which rule applied.
    static func table(_ text: String) throws -> Table {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("visits-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CSVReader.read(path: path)
    }

    @Test func theOrderDoesNotDependOnTheFilesSorting() throws {
        let rows = [("A", "Baseline", 7), ("A", "Week 4", 5), ("A", "Week 12", 4), ("B", "Baseline", 8), ("B", "Week 4", 6), ("B", "Week 12", 3)]
        for sorted in [rows, rows.sorted { $0.1 < $1.1 }, rows.reversed()] {
            let text = "subject,arm,visit,vas\n" + sorted.map { "\($0.0),x,\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
            let table = try Self.table(text)
            let dataset = try TrialDatasetLoader.load(table, roles: ColumnRoles(), declarations: DataDeclarations())
            #expect(dataset.visits.labels == ["Baseline", "Week 4", "Week 12"] && dataset.visits.order == .labels)
        }
        let unordered = "subject,arm,visit,vas\nA,x,pre-op,7\nA,x,post-op,5\n"
        let dataset = try TrialDatasetLoader.load(try Self.table(unordered), roles: ColumnRoles(),
                                                  declarations: DataDeclarations())
        #expect(dataset.visits.labels == ["pre-op", "post-op"] && dataset.visits.order == .rows)
    }
}
