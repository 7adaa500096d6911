import Foundation
import Testing
import StatsCore
@testable import Reporting

struct MetaForestFigureTests {
    /// A forest table as `trialstats meta --measure RR` writes it: log RR with the ratio beside.
    static func table(ratio: Bool) -> ResultTable {
        let studies: [(String, Double, Double, Double, Double)] = [("Aronson <1948>", -0.889, -2.008, 0.229, 30), ("Ferguson", -1.585, -2.450, -0.720, 45),
                                                                    ("Rosenthal", -1.348, -2.611, -0.085, 25)]
        var columns: [ResultTable.Column] = [.init("contrast", style: .text), .init("subgroup", style: .text), .init("estimate"), .init("weight (%)")]
        if ratio { columns += [.init("RR"), .init("RR 95% limits")] }
        columns.append(.init("95% CI"))
        var table = ResultTable(title: "Forest: risk ratio", columns: columns)
        for (name, estimate, lower, upper, weight) in studies + [("REML random effects", -1.30, -1.90, -0.70, 100)] {
            var row: [ResultTable.Cell] = [.text(name), .missing, .number(estimate), .number(weight)]
            if ratio { row += [.number(exp(estimate)), .interval(exp(lower), exp(upper))] }
            row.append(.interval(lower, upper))
            table.rows.append(row)
        }
        return table
    }

    @Test func ratiosAreDrawnOnALogAxisWithThePooledRowAsADiamond() throws {
        let figure = try #require(MetaForestFigure(table: Self.table(ratio: true)))
        #expect(figure.ratio == "RR" && figure.rows.map(\.pooled) == [false, false, false, true])
        let ticks = figure.axisTicks()
        #expect(ticks.labels.contains("1") && ticks.labels.contains("0.1"), "\(ticks.labels)")
        #expect(zip(ticks.values, ticks.labels).allSatisfy { abs(exp($0.0) - Double($0.1)!) < 1e-9 })
        let svg = figure.svg()
        #expect(svg == figure.svg())
        // exp(-1.30) = 0.27, exp(-1.90) = 0.15, exp(-0.70) = 0.50: the pooled ratio and its limits as printed.
        #expect(svg.contains(">0.27 [0.15, 0.50]</text>") && svg.contains("no effect = 1") && svg.contains("Aronson &lt;1948&gt;"))
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<polygon") }.count == 1)
        #expect(svg.contains(">45.0%</text>"))
    }

    @Test func differencesAreDrawnOnALinearAxisAndOtherTablesAreNot() throws {
        let figure = try #require(MetaForestFigure(table: Self.table(ratio: false)))
        #expect(figure.ratio == nil && figure.axisTicks().values.contains(0))
        #expect(figure.svg().contains(">-1.30 [-1.90, -0.70]</text>"))
        let contrasts = ResultTable(title: "Contrasts", columns: [.init("contrast", style: .text), .init("estimate"), .init("95% CI")],
                                    rows: [[.text("a"), .number(1), .interval(0, 2)], [.text("b"), .number(2), .interval(1, 3)]])
        #expect(MetaForestFigure(table: contrasts) == nil, "no weights: not a meta-analysis")
    }
}
