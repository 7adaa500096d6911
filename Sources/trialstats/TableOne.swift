import ArgumentParser
import Descriptives
import Reporting
import StatsCore
import TrialData

/// `trialstats table1`: baseline characteristics by arm, as trial reports print them.
struct TableOne: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table1",
        abstract: "Baseline characteristics by arm: continuous variables as mean (SD) and median [IQR], categorical as n (%).")

    @OptionGroup var data: DataOptions

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let (dataset, _) = try data.loadDataset()
        // One row per subject: the baseline visit's row.
        let baselineRows = (0..<dataset.rowCount).filter { dataset.visitCodes[$0] == Int32(dataset.visits.baselineIndex) }
        let subjectsAtBaseline = Set(baselineRows.map { dataset.subjects.codes[$0] })
        let withoutBaseline = Set(dataset.subjects.codes).subtracting(subjectsAtBaseline).count
        let arms = dataset.arms.levels
        // With one arm (a single-arm series) an "overall" column would repeat it.
        let single = arms.count == 1
        let groups = arms.map { arm in baselineRows.filter { dataset.arms.value(at: $0) == arm } } + (single ? [] : [baselineRows])
        let headers = arms + (single ? [] : ["overall"])
        var table = ResultTable(title: "Baseline characteristics (visit \(dataset.visits.baselineLabel))",
                                columns: [.init("characteristic", style: .text), .init("", style: .text)] + headers.map { .init($0, style: .text) })
        table.rows.append([.text("subjects"), .text("n")] + groups.map { .text(String($0.count)) })
        func number(_ value: Double) -> String { NumberFormatting.text(value, style: .estimate, decimals: 1) }
        func continuous(_ name: String, _ values: [Double]) {
            let described = groups.map { rows in Description(rows.map { values[$0] }) }
            table.rows.append([.text(name), .text("mean (SD)")] + described.map { .text($0.count == 0 ? "" : "\(number($0.mean)) (\(number($0.standardDeviation)))") })
            table.rows.append([.text(""), .text("median [IQR]")] + described.map {
                .text($0.count == 0 ? "" : "\(number($0.median)) [\(number($0.firstQuartile)), \(number($0.thirdQuartile))]")
            })
            if described.contains(where: { $0.missing > 0 }) {
                table.rows.append([.text(""), .text("missing")] + described.map { .text(String($0.missing)) })
            }
        }
        for outcome in dataset.roles.outcomes { continuous(outcome, dataset.outcomes[outcome]!) }
        for covariate in dataset.covariates {
            switch covariate.values {
            case let .numeric(values):
                continuous(covariate.name, values)
            case let .categorical(factor):
                for (levelIndex, level) in factor.levels.enumerated() {
                    table.rows.append([.text(levelIndex == 0 ? covariate.name : ""), .text(level)] + groups.map { rows in
                        let present = rows.filter { factor.codes[$0] != Factor.missingCode }
                        let count = present.filter { factor.codes[$0] == Int32(levelIndex) }.count
                        return .text(present.isEmpty ? "" : "\(count) (\(number(100 * Double(count) / Double(present.count)))%)")
                    })
                }
                let missing = groups.map { rows in rows.filter { factor.codes[$0] == Factor.missingCode }.count }
                if missing.contains(where: { $0 > 0 }) { table.rows.append([.text(""), .text("missing")] + missing.map { .text(String($0)) }) }
            case .date:
                continue
            }
        }
        table.notes.append("Percentages are of the subjects with a value; quartiles are R's default (type 7)."
                           + (single ? "" : " No p-values: CONSORT advises against testing baseline differences in a randomised trial."))
        if withoutBaseline > 0 {
            table.notes.append("\(withoutBaseline) subject\(withoutBaseline == 1 ? " has" : "s have") no row at the baseline visit and \(withoutBaseline == 1 ? "is" : "are") not in the table.")
        }
        table.notes += LedgerText.lines(dataset.ledger)
        try output.write([table])
    }
}
