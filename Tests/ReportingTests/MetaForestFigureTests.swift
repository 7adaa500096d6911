import Foundation
import Testing
import StatsCore
@testable import Reporting

struct MetaForestFigureTests {
    /// Studies and the pooled row as `trialstats meta --measure RR` pools them: log RR.
    static func figure(ratio: Bool) -> MetaForestFigure? {
        let studies: [(String, Double, Double, Double, Double)] = [("Aronson <1948>", -0.889, -2.008, 0.229, 30), ("Ferguson", -1.585, -2.450, -0.720, 45),
                                                                    ("Rosenthal", -1.348, -2.611, -0.085, 25)]
        let rows = studies.map { MetaForestFigure.Row(label: $0.0, estimate: $0.1, lower: $0.2, upper: $0.3, weight: $0.4, pooled: false) }
            + [MetaForestFigure.Row(label: "REML random effects", estimate: -1.30, lower: -1.90, upper: -0.70, weight: 100, pooled: true)]
        return MetaForestFigure(title: "Forest: risk ratio", rows: rows, ratio: ratio ? "RR" : nil, intervalName: "95% CI")
    }

    @Test func ratiosAreDrawnOnALogAxisWithThePooledRowAsADiamond() throws {
        let figure = try #require(Self.figure(ratio: true))
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

    @Test func differencesAreDrawnOnALinearAxisAndAPoolWithoutStudiesIsNot() throws {
        let figure = try #require(Self.figure(ratio: false))
        #expect(figure.ratio == nil && figure.axisTicks().values.contains(0))
        #expect(figure.svg().contains(">-1.30 [-1.90, -0.70]</text>"))
        let pooledOnly = [MetaForestFigure.Row(label: "pooled", estimate: 1, lower: 0, upper: 2, weight: 100, pooled: true),
                          MetaForestFigure.Row(label: "study", estimate: .nan, lower: 0, upper: 2, weight: 50, pooled: false)]
        #expect(MetaForestFigure(title: "t", rows: pooledOnly, ratio: nil, intervalName: "95% CI") == nil, "no study to draw")
    }
}
