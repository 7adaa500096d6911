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

    /// Visits named by one word after `_` (screening, follow-up) are visits beside the outcome's
    /// other visits; the visit labelled baseline is the baseline after a screening visit, said.
    @Test func aScreeningAndAFollowUpColumnAreVisitsAndTheBaselineIsTheBaseline() throws {
        let file = try DataCommandTests.temporaryFile("Patient ID,Group,vas_Screening,vas_Baseline,vas_Week 4,vas_Week 12,vas_FU\n"
                                                      + "P1,a,8,7,6,5,4\nP2,b,8,6,5,,3\nP3,a,7,8,4,3,2\nP4,b,9,8,7,6,5\n")
        let outcome = try CommandRunner.run(["describe", file, "--format", "json"])
        #expect(outcome.status == 0 && outcome.standardError.contains("the baseline visit is Baseline, as its label says, not the first visit Screening"),
                "\(outcome.standardError)")
        let description = (try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])?["description"] as? [String: Any]
        #expect(description?["visits"] as? [String] == ["Screening", "Baseline", "Week 4", "Week 12", "FU"], "\(String(describing: description?["visits"]))")
        #expect(description?["baselineVisit"] as? String == "Baseline", "\(String(describing: description?.keys.sorted()))")
        // Change from baseline is not shown at the visit before it.
        let change = try CommandRunner.run(["descriptives", file, "--change", "--format", "csv"])
        #expect(change.status == 0 && !change.standardOutput.contains(",Screening,") && change.standardOutput.contains(",Week 12,"), "\(change.standardOutput)")
        // Alone, an outcome's one-word column is a column of its own.
        let alone = try DataCommandTests.temporaryFile("id,arm,visit,vas,vas_final\nA,x,0,5,3\nA,x,1,4,3\n")
        #expect(try CommandRunner.run(["describe", alone]).standardOutput.contains("vas_final"))
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

    /// Visit labels of any kind (words, spaces, underscores, hyphens, parentheses, digits), with
    /// outcome names of any kind: long → wide → long gives the same trial. Where the wide names do
    /// not tell their visits by themselves, reshape says the declaration that reads them back.
    @Test func anyVisitLabelsReadBackAsReshapeSays() throws {
        var generator = SystemRandomNumberGenerator()
        let words = ["pre", "post", "op", "Visit", "FU", "screening", "(early)", "phase 2", "A", "b1", "x(3)", "day-14", "end"]
        let joiners = [" ", "_", "-"]
        func label() -> String {
            (0..<Int.random(in: 1...3, using: &generator)).map { _ in words.randomElement(using: &generator)! }
                .joined(separator: joiners.randomElement(using: &generator)!)
        }
        var noted = 0
        for round in 0..<12 {
            var visits: [String] = []
            while visits.count < Int.random(in: 2...4, using: &generator) {
                let candidate = label()
                // Labels that end one another are ambiguous in any wide file; a person would not choose them.
                if !visits.contains(where: { $0.hasSuffix(candidate) || candidate.hasSuffix($0) }) { visits.append(candidate) }
            }
            let outcome = ["VAS (0-10)", "pain_score 2", "DASH total", "nrs"][round % 4]
            var lines = ["subject,arm,visit,\(outcome)"]
            for subject in 1...6 {
                for visit in visits where Int.random(in: 0..<5, using: &generator) > 0 || visit == visits[0] {
                    lines.append("S\(subject),\(subject % 2 == 0 ? "a" : "b"),\(visit),\(Int.random(in: 0...10, using: &generator))")
                }
            }
            let levels = ["--levels", "visit=" + visits.joined(separator: ",")]
            let long = try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
            let wide = try CommandRunner.run(["reshape", long, "--outcome", outcome, "--to", "wide"] + levels)
            #expect(wide.status == 0, "\(wide.standardError)")
            let wideFile = try DataCommandTests.temporaryFile(wide.standardOutput)
            // The declaration reshape asks for, if any, exactly as it says it.
            var readBack: [String] = []
            if let range = wide.standardError.range(of: "read the file back with --levels ") {
                noted += 1
                let rest = wide.standardError[range.upperBound...]
                var declared = String(rest[..<(rest.range(of: " (in a schema:")?.lowerBound ?? rest.endIndex)])
                if declared.hasPrefix("'") { declared = String(declared.dropFirst().dropLast()) }
                readBack = ["--levels", declared]
                #expect(declared == levels[1], "\(wide.standardError)")
            }
            func described(_ file: String, _ extra: [String]) throws -> [String: Any] {
                let run = try CommandRunner.run(["describe", file, "--outcome", outcome, "--format", "json"] + extra)
                #expect(run.status == 0, "\(run.standardError)")
                let description = try #require((try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])?["description"] as? [String: Any])
                return description.filter { ["visits", "cells", "arms"].contains($0.key) }
            }
            let before = try described(long, levels), after = try described(wideFile, readBack)
            #expect(NSDictionary(dictionary: before).isEqual(to: after), "\(outcome) \(visits): \(before) vs \(after)\n\(wide.standardOutput)")
        }
        #expect(noted > 0)
    }
}
