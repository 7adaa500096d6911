import Foundation
import Testing

/// Wide exports whose visits are labels with spaces read as such, and `reshape --to wide` output
/// reads back as the trial it came from (issue 16).
struct WideLabelledTests {
    @Test func aWideExportWithLabelledVisitsHasOneOutcomeOverItsVisits() throws {
        let file = try DataCommandTests.temporaryFile("Patient ID,Group,age,VAS Baseline,VAS Week 4,VAS Week 12\nP1,saline,61,7,6,5\n"
                                                      + "P2,saline,54,6,5,\nP3,dextrose,47,8,4,3\nP4,dextrose,70,7,3,2\n")
        let outcome = try CommandRunner.run(["describe", file, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let description = (try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])?["description"] as? [String: Any]
        #expect(description?["visits"] as? [String] == ["Baseline", "Week 4", "Week 12"], "\(String(describing: description?["visits"]))")
        let outcomes = (description?["variables"] as? [[String: Any]])?.filter { $0["role"] as? String == "outcome" }.compactMap { $0["name"] as? String }
        #expect(outcomes == ["VAS"], "\(String(describing: outcomes))")
    }

    /// Outcome names with spaces, parentheses, underscores and digits, and visits labelled by time,
    /// in random combinations: long → wide → long gives the same description.
    @Test func reshapedToWideReadsBack() throws {
        var generator = SystemRandomNumberGenerator()
        let names = ["VAS (0-10)", "pain_score 2", "DASH total", "NRS (worst) 24h", "bctq_sss"]
        let visitSets = [["Baseline", "Week 4", "Week 12"], ["Day 0", "Day 7", "Month 3", "Month 6"], ["BL", "12 weeks", "End of study"]]
        for round in 0..<6 {
            let outcome = names[round % names.count], visits = visitSets[round % visitSets.count]
            var lines = ["subject,arm,visit,\(outcome)"]
            for subject in 1...6 {
                for visit in visits where Int.random(in: 0..<5, using: &generator) > 0 || visit == visits[0] {
                    lines.append("S\(subject),\(subject % 2 == 0 ? "a" : "b"),\(visit),\(Int.random(in: 0...10, using: &generator))")
                }
            }
            let long = try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
            let wide = try CommandRunner.run(["reshape", long, "--outcome", outcome, "--to", "wide"])
            #expect(wide.status == 0, "\(wide.standardError)")
            let wideFile = try DataCommandTests.temporaryFile(wide.standardOutput)
            func described(_ file: String) throws -> [String: Any] {
                let text = try CommandRunner.run(["describe", file, "--outcome", outcome, "--format", "json"]).standardOutput
                let description = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["description"] as? [String: Any])
                return description.filter { ["visits", "cells", "arms"].contains($0.key) }
            }
            let before = try described(long), after = try described(wideFile)
            #expect(NSDictionary(dictionary: before).isEqual(to: after), "\(outcome) \(visits): \(before) vs \(after)\n\(wide.standardOutput)")
        }
    }
}
