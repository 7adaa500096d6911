import Foundation
import Testing

/// What pooling must refuse or say about its input: a study entering twice, an arm of one, a
/// printed interval at another level, method options that do not apply.
struct MetaAnalysisInputTests {
    static func run(_ text: String, _ arguments: [String]) throws -> CommandRunner.Outcome {
        let path = try DataCommandTests.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CommandRunner.run([arguments[0], path] + arguments.dropFirst())
    }

    static let arms = "study,outcome,visit,arm,n,mean,sd\n"

    @Test func aStudyWithTwoVisitsIsPooledOnceOrRefused() throws {
        let text = Self.arms + ["S1", "S2"].flatMap { study in
            ["week 4", "week 8"].flatMap { visit in ["\(study),pain,\(visit),drug,20,4,2", "\(study),pain,\(visit),placebo,20,5,2"] }
        }.joined(separator: "\n") + "\n"
        let refused = try Self.run(text, ["meta", "--measure", "MD", "--method", "DL"])
        #expect(refused.status == 65 && refused.standardError.contains("S1 gives 2 comparisons") && refused.standardError.contains("each study may enter once"),
                "\(refused.standardError)")
        let chosen = try Self.run(text, ["meta", "--measure", "MD", "--method", "DL", "--visit", "week 8", "--format", "json"])
        #expect(chosen.status == 0, "\(chosen.standardError)")
        let pooled = (try JSONSerialization.jsonObject(with: Data(chosen.standardOutput.utf8)) as? [String: Any])?["pooled"] as? [[String: Any]]
        #expect(pooled?.first?["model"] as? String == "RE, DL tau²" && pooled?.first?["k"] as? Int == 2, "k = 2: \(chosen.standardOutput)")
    }

    @Test func aSecondTreatmentArmIsASecondComparisonNotOneLeftOut() throws {
        let text = "study,arm,role,n,mean,sd\nS1,low,treatment,20,4,2\nS1,high,treatment,20,3,2\nS1,placebo,control,20,5,2\nS2,low,treatment,20,4,2\nS2,placebo,control,20,5,2\n"
        let refused = try Self.run(text, ["meta", "--measure", "MD", "--method", "FE"])
        #expect(refused.status == 65 && refused.standardError.contains("S1 gives 2 comparisons"), "\(refused.standardError)")
    }

    @Test func anArmOfOneIsRefusedNotEnteredAsZero() throws {
        let refused = try Self.run("study,m1i,sd1i,n1i,m2i,sd2i,n2i\nA,5,2,1,9,2,2\nB,5,2,20,6,2,20\n", ["meta", "--measure", "SMD", "--method", "FE"])
        #expect(refused.status == 65 && refused.standardError.contains("at least 2 in each arm"), "\(refused.standardError)")
    }

    /// Source: a 90% CI of 0.36 to 3.64 around 2.00 gives SE = 3.28/(2 × 1.6449) = 0.99705 and
    /// p = 2·(1 − Φ(2/0.99705)) = 0.0449 (R: 2 * pnorm(-2 / (3.28 / (2 * qnorm(0.95))))).
    @Test func aPrintedIntervalIsReadAtItsOwnLevel() throws {
        let text = "study,row_type,outcome,visit,arm,comparator,estimate_type,estimate,ci_lower,ci_upper,ci_level,p,source\n"
            + "X,comparison,pain,w4,a,b,MD,2.00,0.36,3.64,90,0.045,hand-made\n"
        let result = try Self.run(text, ["reproduce"])
        #expect(result.status == 0 && result.standardOutput.contains("| 0.0449 |") && result.standardOutput.contains("| reproduces |"),
                "\(result.standardOutput)")
    }

    @Test func leaveOneOutOfTwoStudiesAndLevelsAndMethodOptions() throws {
        let two = "study,yi,vi\nA,0.2,0.04\nB,0.5,0.05\n"
        let loo = try Self.run(two, ["meta", "--measure", "MD", "--method", "DL", "--leave-one-out", "--level", "0.975"])
        #expect(loo.status == 0, "\(loo.standardError)")
        #expect(loo.standardOutput.contains("Leave one out") && loo.standardOutput.contains("97.5% CI"))
        let mh = try Self.run("study,ai,bi,ci,di,g\nA,2,18,6,14,x\nB,1,29,4,26,y\n", ["meta", "--measure", "OR", "--method", "MH", "--subgroup", "g"])
        #expect(mh.status == 64 && mh.standardError.contains("not MH"), "\(mh.standardError)")
    }

    /// Selecting an outcome or visit the file does not have is an error naming it, not an empty analysis.
    @Test func selectingRowsThatDoNotExistIsRefused() throws {
        let text = Self.arms + ["S1,pain,week 4,drug,20,4,2", "S1,pain,week 4,placebo,20,5,2"].joined(separator: "\n") + "\n"
        let outcome = try Self.run(text, ["summary", "--outcome", "function"])
        #expect(outcome.status == 65 && outcome.standardError.contains("have outcome function"), "\(outcome.standardError)")
        let kept = try Self.run(text, ["summary", "--visit", "week 4", "--format", "json"])
        #expect(kept.status == 0 && kept.standardOutput.contains("\"visit\" : \"week 4\""), "\(kept.standardError)")
    }
}
