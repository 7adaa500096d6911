import Foundation
import HypothesisTests
import MetaAnalysis

/// A small worked comparison from published summary numbers (`trialstats example`), so that a
/// new user sees the shape of TrialStats output before bringing data: Maniquis-Smigel et al.
/// 2017, caudal epidural 5% dextrose vs saline, change in NRS pain, recomputed by Student's and
/// Welch's t tests beside the printed p-values.
public enum WorkedExample {
    public struct Visit: Codable, Sendable {
        public var visit: String
        public var dextrose: GroupSummary
        public var saline: GroupSummary
        public var publishedP: PrintedNumber
        public var student: TwoSampleTTest
        public var welch: TwoSampleTTest
    }

    /// The JSON of `trialstats example --format json` (schema trialstats/example/1).
    public struct Result: Codable, Sendable {
        public var schema = "trialstats/example/1"
        public var source: String
        public var outcome: String
        public var note: String
        public var visits: [Visit]
    }

    /// Published: (visit, dextrose mean, SD, saline mean, SD, p as printed).
    static let published: [(String, Double, Double, Double, Double, String)] = [
        ("15 min", 4.4, 1.7, 2.4, 2.8, "0.015"),
        ("2 h", 4.6, 1.9, 1.8, 2.8, "0.001"),
        ("4 h", 4.6, 2.0, 1.4, 2.3, "< 0.001"),
        ("48 h", 3.0, 2.3, 1.0, 2.1, "0.012"),
        ("2 weeks", 2.1, 2.9, 1.2, 2.4, "0.217"),
    ]

    public static func compute() throws -> Result {
        let visits = try published.map { row in
            let dextrose = try GroupSummary(count: 19, mean: row.1, standardDeviation: row.2)
            let saline = try GroupSummary(count: 16, mean: row.3, standardDeviation: row.4)
            return Visit(visit: row.0, dextrose: dextrose, saline: saline, publishedP: PrintedNumber(printed: row.5),
                         student: try TwoSampleTTest(dextrose, saline, variance: .equal),
                         welch: try TwoSampleTTest(dextrose, saline, variance: .unequal))
        }
        return Result(
            source: "Maniquis-Smigel L et al. 2017, Anesth Pain Med 7(1):e42550",
            outcome: "change in NRS pain (0-10) from baseline; higher = more improvement",
            note: "saline n = 16 is derived (35 randomised - 19 dextrose), not printed in the source",
            visits: visits)
    }

    /// The comparison as text, as `trialstats example` prints it.
    public static func render(_ result: Result) -> String {
        var lines = [
            "Worked example: \(result.source)",
            "Caudal epidural 5% dextrose (n = 19) vs saline (n = 16), \(result.outcome).",
            "Note: \(result.note).",
            "",
            "visit     dextrose     saline       difference  95% CI (Student)   p Student  p Welch   p published",
        ]
        for visit in result.visits {
            let ci = visit.student.confidenceInterval
            lines.append([
                pad(visit.visit, 9),
                pad("\(fixed(visit.dextrose.mean)) ± \(fixed(visit.dextrose.standardDeviation))", 12),
                pad("\(fixed(visit.saline.mean)) ± \(fixed(visit.saline.standardDeviation))", 12),
                pad(fixed(visit.student.difference), 11),
                pad("\(fixed(ci.lower)) to \(fixed(ci.upper))", 18),
                pad(pValue(visit.student.pValue), 10),
                pad(pValue(visit.welch.pValue), 9),
                visit.publishedP.printed,
            ].joined(separator: " "))
        }
        lines += [
            "",
            "Four of the five published p-values reproduce with a two-sample t test. At 2 weeks the",
            "published p = 0.217 does not (Student \(pValue(result.visits[4].student.pValue)), Welch \(pValue(result.visits[4].welch.pValue))):",
            "a different test or a different n at that visit would be needed to explain it.",
        ]
        return lines.joined(separator: "\n")
    }

    static func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Three significant digits, and "< 0.0001" below that, as journals print p.
    static func pValue(_ value: Double) -> String {
        value < 0.0001 ? "< 0.0001" : String(format: "%.3g", value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
