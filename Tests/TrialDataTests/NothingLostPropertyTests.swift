import Testing
@testable import TrialData

/// For random tables with random defects, every row read is either used or excluded with a
/// reason, and no used value is changed on the way.
struct NothingLostPropertyTests {
    @Test(arguments: 1...25)
    func rowsUsedPlusExcludedEqualRowsReadAndValuesSurvive(seed: Int) throws {
        var random = CSVReaderPropertyTests.Generator(state: UInt64(seed) &* 104_729)
        var lines = ["subject,arm,visit,vas"]
        var written: [(subject: String, arm: String, visit: String, vas: String)] = []
        let subjects = 5 + random.below(20)
        for subject in 0..<subjects {
            let arm = ["x", "y"][subject % 2]
            for visit in [0, 4, 12] where random.below(8) != 0 || visit == 0 {
                var row = (subject: "S\(subject)", arm: arm, visit: String(visit), vas: String(Double(random.below(101)) / 10))
                switch random.below(14) {
                case 0: row.vas = String(10 + random.below(5))   // out of range
                case 1: row.arm = ""                              // missing key
                case 2: row.arm = "z"                             // unknown level
                case 3: row.vas = ""                              // missing value (kept)
                default: break
                }
                written.append(row)
                if random.below(30) == 0 { written.append(row) }  // duplicate
            }
        }
        for row in written { lines.append("\(row.subject),\(row.arm),\(row.visit),\(row.vas)") }
        let table = try TrialDatasetLoaderTests.table(lines.joined(separator: "\n") + "\n")
        let declarations = DataDeclarations(
            levels: ["arm": ["x", "y"]], ranges: ["vas": 0...10],
            severities: Dictionary(uniqueKeysWithValues: ValidationRule.allCases.map { ($0, Severity.warning) }))
        let dataset = try TrialDatasetLoader.load(table, declarations: declarations)
        let ledger = dataset.ledger
        #expect(ledger.rowsRead == written.count)
        #expect(ledger.rowsUsed + ledger.excluded.count == ledger.rowsRead)
        #expect(Set(ledger.excluded.map(\.line)).count == ledger.excluded.count, "a row is excluded once")
        #expect(Set(ledger.excluded.map(\.line)).isDisjoint(with: dataset.lineNumbers.map(Int.init)))
        // Every used row's values are those written on its line (line n holds written[n - 2]).
        let vas = try #require(dataset.outcomes["vas"])
        for row in 0..<dataset.rowCount {
            let original = written[Int(dataset.lineNumbers[row]) - 2]
            #expect(dataset.subjects.value(at: row) == original.subject)
            #expect(dataset.arms.value(at: row) == original.arm)
            #expect(dataset.visits.labels[Int(dataset.visitCodes[row])] == original.visit)
            #expect(original.vas.isEmpty ? vas[row].isNaN : vas[row] == Double(original.vas))
        }
    }
}
