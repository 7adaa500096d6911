import Foundation
import Testing

/// `trialstats summary`, `meta`, `reproduce` and `check` on the published-trial CSVs, on dat.bcg,
/// and on impossible summary values.
struct MetaAnalysisCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func published(_ name: String) -> String { root.appendingPathComponent("Datasets/published/\(name)").path }

    @Test func reproduceShowsManiquisSmigelPValuesAndFlagsTwoWeeks() throws {
        let result = try CommandRunner.run(["reproduce", Self.published("maniquis-smigel-2017.csv")])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try CommandRunner.run(["reproduce", Self.published("maniquis-smigel-2017.csv"), "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(document["comparisons"] as? [[String: Any]]).filter { $0["outcome"] as? String == "NRS pain change from baseline" }
        #expect(rows.count == 5)
        // Source: Tests/MetaAnalysisTests/Fixtures/published_reference.json (published_reference.R):
        // Student p 0.0138, 0.00133, 0.000106, 0.0118, 0.330 against the printed 0.015, 0.001, <0.001, 0.012, 0.217;
        // Hedges' g 0.86, 1.16, 1.46, 0.88, 0.33.
        let studentP = rows.map { ($0["pStudent"] as? Double) ?? .nan }, g = rows.map { ($0["hedgesG"] as? Double) ?? .nan }
        for (value, reference) in zip(studentP, [0.0138, 0.00133, 0.000106, 0.0118, 0.330]) { #expect(abs(value / reference - 1) < 5e-3, "\(studentP)") }
        for (value, reference) in zip(g, [0.86, 1.16, 1.46, 0.88, 0.33]) { #expect(abs(value - reference) < 5e-3, "\(g)") }
        // A printed number is its text (what its rounding allows) and the value it states, a number.
        let printed = rows.map { $0["publishedP"] as? [String: Any] }
        #expect(printed.map { $0?["printed"] as? String } == ["0.015", "0.001", "<0.001", "0.012", "0.217"])
        #expect(printed.map { $0?["value"] as? Double } == [0.015, 0.001, 0.001, 0.012, 0.217])
        #expect(printed.map { $0?["relation"] as? String } == [nil, nil, "<", nil, nil])
        #expect(rows.map { $0["verdict"] as? String } == ["reproduces", "reproduces", "reproduces", "reproduces", "does not reproduce"])
        #expect(rows[4]["visit"] as? String == "2 weeks")
        // The table shows the verdict so that it cannot be missed.
        #expect(result.standardOutput.contains("| 0.217 | 0.90 | -0.95 to 2.75 | 0.33 | 0.322 |  | 0.33 | DOES NOT REPRODUCE |"))
        #expect(result.standardOutput.contains("0.9% saline 10 mL caudal epidural: n = 16 derived: 35 in total (line 2) − 19; not printed"))
        let summary = try CommandRunner.run(["summary", Self.published("maniquis-smigel-2017.csv"), "--visit", "2 weeks"])
        #expect(summary.status == 0 && summary.standardOutput.contains("| 16 | 1.20 | 2.40 | yes: n = 16 derived: 35 in total (line 2) − 19; not printed |"), "\(summary.standardOutput)")
        #expect(result.standardOutput.contains("4 reproduce, 1 do not, 0 cannot be recomputed, 0 recomputed with nothing printed to compare"))
    }

    @Test func reproduceSaysWhatCannotBeRecomputed() throws {
        let wu = try CommandRunner.run(["reproduce", Self.published("wu-2018.csv")])
        #expect(wu.status == 0 && wu.standardOutput.contains("Wu 2018: no arm-level numbers and no between-arm estimate are reported, so nothing can be recomputed"))
        let mansiz = try CommandRunner.run(["reproduce", Self.published("mansiz-kaplan-2022.csv")])
        #expect(mansiz.status == 0 && mansiz.standardOutput.contains("| <.001 |") && mansiz.standardOutput.contains("not recomputable"))
        #expect(mansiz.standardOutput.contains("no arm-level numbers and no estimate with a CI are reported for this comparison"))
    }

    @Test func checkFindsTheNonCentredInterval() throws {
        let result = try CommandRunner.run(["check", Self.published("hydrodissection-orthosis-jbmr.csv")])
        #expect(result.status == 0, "\(result.standardError)")
        let flagged = result.standardOutput.split(separator: "\n").filter { $0.contains("INCONSISTENT") }
        #expect(flagged.count == 1)
        #expect(flagged.first?.contains("BCTQF change") == true && flagged.first?.contains("centred on -2.000, not on the estimate -1.65") == true)
    }

    // Source: Tests/MetaAnalysisTests/Fixtures/metafor_reference.json (metafor_reference.R): dat.bcg
    // log RR, rma(method = "REML", test = "knha"): estimate −0.7145323421581391, tau² 0.3132432581364808.
    @Test func metaOnPerStudyCountsMatchesMetafor() throws {
        let counts = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
                      (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232),
                      (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]
        let text = "study,ai,bi,ci,di\n" + counts.enumerated().map { "trial \($0.offset + 1),\($0.element.0),\($0.element.1),\($0.element.2),\($0.element.3)" }.joined(separator: "\n") + "\n"
        let path = try DataCommandTests.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CommandRunner.run(["meta", path, "--measure", "RR", "--method", "REML", "--knha", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(json?["schema"] as? String == "trialstats/meta/1")
        let pooled = try #require((json?["pooled"] as? [[String: Any]])?.first)
        let estimate = try #require(pooled["estimate"] as? Double), tau2 = try #require(pooled["tau2"] as? Double)
        #expect(abs(estimate - -0.7145323421581391) <= 1e-6 * 0.7145323421581391)
        #expect(abs(tau2 - 0.3132432581364808) <= 1e-6 * 0.3132432581364808)
        #expect((json?["studies"] as? [[String: Any]])?.count == 13 && pooled["k"] as? Int == 13 && pooled["df"] as? Double == 12)
    }

    // Source: Tests/MetaAnalysisTests/Fixtures/metafor_reference.json, double_zero set 1 (metafor_reference.R):
    // rma.mh RR Q 0.04768082731261955, df 1, p 0.82714909681120474; rma.mh OR Q 0.010037420964899377,
    // p 0.92019592206700218; rma.peto Q 0.0031994428390911267, df 1, p 0.95489281704910223;
    // escalc("PETO") study A yi −1.21875, study C (no events) 0.
    @Test func doubleZeroTablesAreLeftOutOfQAsInMetafor() throws {
        let path = try DataCommandTests.temporaryFile("study,ai,bi,ci,di\nA,2,18,6,14\nB,1,29,4,26\nC,0,25,0,25\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (measure, method, q, p) in [("RR", "MH", 0.04768082731261955, 0.82714909681120474), ("OR", "MH", 0.010037420964899377, 0.92019592206700218),
                                        ("OR", "PETO", 0.0031994428390911267, 0.95489281704910223)] {
            let result = try CommandRunner.run(["meta", path, "--measure", measure, "--method", method, "--format", "json"])
            #expect(result.status == 0, "\(result.standardError)")
            let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let pooled = try #require((json?["pooled"] as? [[String: Any]])?.first)
            let printedQ = try #require(pooled["Q"] as? Double), df = try #require(pooled["qDF"] as? Int), printedP = try #require(pooled["qP"] as? Double)
            #expect(abs(printedQ - q) <= 1e-6 * q && df == 1 && abs(printedP - p) <= 1e-6 * p, "\(method) \(measure): Q \(printedQ) df \(df) p \(printedP)")
            let text = try CommandRunner.run(["meta", path, "--measure", measure, "--method", method]).standardOutput
            #expect(text.contains(method == "MH" ? "½ added to tables with a zero cell" : "Q = Σ(O − E)²/V − (Σ(O − E))²/ΣV"), "\(text)")
            if method == "PETO" {
                let studies = try #require(json?["studies"] as? [[String: Any]])
                #expect(studies.count == 3 && (studies[0]["estimate"] as? Double) == -1.21875 && (studies[2]["estimate"] as? Double) == 0)
                #expect(!text.contains("½ added to tables with a zero cell"))
            }
        }
    }

    @Test(arguments: [
        ("study,arm,n,mean,sd\nA,x,10,1,-0.5\n", "line 2, column sd: value -0.5; expected a number ≥ 0"),
        ("study,arm,n,mean,sd\nA,x,1,1,2\n", "line 2, column n: value 1; expected a whole number ≥ 2"),
        ("study,arm,n,mean,ci_lower,ci_upper\nA,x,10,1,3,2\n", "line 2, column ci_lower: value 3; expected a lower limit ≤ the upper limit ci_upper = 2"),
        ("study,arm,n,median,q1,q3\nA,x,10,9,2,7\n", "line 2, column median: value 9; expected a median inside its interquartile range 2 to 7"),
    ])
    func impossibleSummaryValuesExitWithDataError(text: String, message: String) throws {
        let path = try DataCommandTests.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for command in ["summary", "meta"] {
            let result = try CommandRunner.run([command, path] + (command == "meta" ? ["--measure", "MD"] : []))
            #expect(result.status == 65)
            #expect(result.standardError.contains("trialstats \(command): \(path), \(message)"), "\(result.standardError)")
        }
    }

    // Whole numbers too large for Int used to trap (SIGILL) in check and reproduce; now they are named.
    @Test(arguments: [
        ("check", "study,arm,n,mean,items\nA,t,20,2.5,1e20\n",
         "line 2, column items: value 1e20; expected a whole number from 1 to 1000"),
        ("check", "study,arm,n,mean,items\nA,t,3000000000,2.5,4000000000\n",
         "line 2, column n: value 3000000000; expected a whole number ≤ 1000000000"),
        ("reproduce", "study,row_type,arm,comparator,n,mean,sd,estimate,ci_lower,ci_upper,p\nA,arm,t,,1e20,2.5,1.0,,,,\nA,arm,c,,20,2.0,1.0,,,,\nA,comparison,t,c,,,,0.5,0.1,0.9,0.04\n",
         "line 2, column n: value 1e20; expected a whole number ≤ 1000000000"),
    ])
    func hugeWholeNumbersExitWithDataError(command: String, text: String, message: String) throws {
        let path = try DataCommandTests.temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CommandRunner.run([command, path])
        #expect(result.status == 65)
        #expect(result.standardError.contains("trialstats \(command): \(path), \(message)"), "\(result.standardError)")
    }

    @Test func summaryOfAFileWithoutArmsSaysSo() throws {
        let result = try CommandRunner.run(["summary", Self.published("shen-2019.csv")])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("The file has no arm-level rows") && result.standardOutput.contains("there is no effect to show"))
    }

    @Test func aMissingFileExitsWith66() throws {
        let result = try CommandRunner.run(["check", "/nonexistent/published.csv"])
        #expect(result.status == 66 && result.standardError.contains("/nonexistent/published.csv"))
    }

    @Test func summaryNamesEveryConversion() throws {
        let path = try DataCommandTests.temporaryFile("study,arm,n,mean,sd,se,median,q1,q3\nA,dextrose,16,3,,0.5,,,\nA,saline,15,,,,4,2,7\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CommandRunner.run(["summary", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("yes: SD = SE·√n"))
        #expect(result.standardOutput.contains("yes: mean from median and IQR (Luo 2018); SD from median and IQR (Wan 2014)"))
        #expect(result.standardOutput.contains("| A: dextrose vs saline |"))
    }
}

/// `meta` on per-arm rows: arms paired by role, subgroups by comparator, leave-one-out, SMCR from pre-post rows.
struct MetaAnalysisPerArmCommandTests {
    static let arms = """
        study,arm,role,comparator,n,mean,sd,mean_pre,mean_post,sd_pre,sd_post,r
        A,dextrose,treatment,saline,20,-3.1,2.0,6.5,3.4,1.5,2.1,0.5
        A,saline,control,saline,20,-1.2,2.2,6.4,5.2,1.6,2.0,0.5
        B,dextrose,treatment,saline,30,-2.8,2.4,6.9,4.1,1.4,2.3,0.6
        B,saline,control,saline,31,-1.5,2.1,6.7,5.2,1.5,2.2,0.6
        C,dextrose,treatment,steroid,25,-2.5,1.9,6.2,3.7,1.3,1.8,0.4
        C,triamcinolone,control,steroid,24,-2.2,2.3,6.1,3.9,1.2,2.1,0.4
        D,dextrose,treatment,steroid,40,-2.9,2.5,6.6,3.7,1.7,2.2,0.5
        D,triamcinolone,control,steroid,41,-2.0,2.6,6.8,4.8,1.6,2.4,0.5

        """

    @Test func subgroupsAndLeaveOneOutFromPerArmRows() throws {
        let path = try DataCommandTests.temporaryFile(Self.arms)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try CommandRunner.run(["meta", path, "--measure", "SMD", "--method", "DL", "--subgroup", "comparator", "--leave-one-out"])
        #expect(result.status == 0, "\(result.standardError)")
        for title in ["### Meta-analysis: standardized mean difference (Hedges' g)", "### Forest: standardized mean difference (Hedges' g)",
                      "### Subgroups by comparator", "### Leave one out"] {
            #expect(result.standardOutput.contains(title), "\(title)")
        }
        #expect(result.standardOutput.contains("| comparator = saline | 2 |") && result.standardOutput.contains("| comparator = steroid | 2 |"))
        #expect(result.standardOutput.contains("Test of subgroup differences: Q_between ="))
        #expect(result.standardOutput.contains("| A | saline |"))
        let smcr = try CommandRunner.run(["meta", path, "--measure", "SMCR", "--method", "REML"])
        #expect(smcr.status == 0 && smcr.standardOutput.contains("standardized mean change difference"), "\(smcr.standardError)")
        let summary = try CommandRunner.run(["summary", path])
        #expect(summary.status == 0 && summary.standardOutput.contains("d_ppc2"), "\(summary.standardError)")
    }
}
