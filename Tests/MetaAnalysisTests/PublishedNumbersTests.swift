import Foundation
import Testing
@testable import MetaAnalysis

/// `reproduce` and `check` on the published-trial CSVs, and GRIM and SD bounds on hand-made cases.
struct PublishedNumbersTests {
    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets/published")

    static func read(_ name: String) throws -> SummaryFile {
        try SummaryFile.read(path: datasets.appendingPathComponent(name).path, displayName: name)
    }

    struct Reference: Decodable {
        struct Visit: Decodable {
            let visit, difference, p_student, p_welch, hedges_g: String
            let ci: [String]
        }
        let maniquis_smigel: [Visit]
    }

    // Source: Fixtures/published_reference.json, written by Fixtures/published_reference.R.
    @Test func maniquisSmigelPValuesRecomputeExceptAtTwoWeeks() throws {
        let url = try #require(Bundle.module.url(forResource: "published_reference", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).maniquis_smigel
        let reproduction = try Reproduction(try Self.read("maniquis-smigel-2017.csv"))
        let nrs = reproduction.comparisons.filter { $0.outcome == "NRS pain change from baseline" }
        #expect(nrs.map(\.visit) == reference.map(\.visit))
        for (comparison, expected) in zip(nrs, reference) {
            Agreement.check(comparison.difference, expected.difference, "\(comparison.visit) difference")
            Agreement.check(comparison.lower, expected.ci[0], "\(comparison.visit) CI lower")
            Agreement.check(comparison.upper, expected.ci[1], "\(comparison.visit) CI upper")
            Agreement.check(comparison.pStudent, expected.p_student, "\(comparison.visit) Student p")
            Agreement.check(comparison.pWelch, expected.p_welch, "\(comparison.visit) Welch p")
            Agreement.check(comparison.hedgesG, expected.hedges_g, "\(comparison.visit) Hedges' g")
            #expect(comparison.explanation.contains { $0.contains("derived: 35 in total") }, "saline n derivation stated")
            #expect(comparison.verdict == (comparison.visit == "2 weeks" ? .doesNotReproduce : .reproduces), "\(comparison.visit): \(comparison.explanation)")
        }
        #expect(reproduction.unrecomputable.isEmpty)
    }

    @Test func checkFindsTheNonCentredInterval() throws {
        let findings = try ConsistencyChecks.run(try Self.read("hydrodissection-orthosis-jbmr.csv"))
        let centring = findings.filter { $0.check == "CI centring" }
        #expect(centring.count == 5)
        #expect(centring.filter { $0.verdict == .inconsistent }.map(\.item) == ["BCTQF change, D5W hydrodissection + wrist orthosis vs wrist orthosis alone"])
        let flagged = try #require(centring.first { $0.verdict == .inconsistent })
        #expect(flagged.explanation.contains("centred on -2.000, not on the estimate -1.65"))
    }

    @Test func checkFlagsTheTwoWeekPValue() throws {
        let findings = try ConsistencyChecks.run(try Self.read("maniquis-smigel-2017.csv")).filter { $0.check == "p-value" }
        #expect(findings.count == 5)
        #expect(findings.filter { $0.verdict == .inconsistent }.map(\.item) == ["NRS pain change from baseline, 2 weeks, D5W 10 mL caudal epidural vs 0.9% saline 10 mL caudal epidural"])
    }

    @Test func trialsWithoutArmNumbersSayWhatCannotBeRecomputed() throws {
        let wu = try Reproduction(try Self.read("wu-2018.csv"))
        #expect(wu.comparisons.isEmpty)
        #expect(wu.unrecomputable.count == 1 && wu.unrecomputable[0].hasPrefix("Wu 2018: no arm-level numbers"))
        let mansiz = try Reproduction(try Self.read("mansiz-kaplan-2022.csv"))
        #expect(mansiz.comparisons.count == 1)
        #expect(mansiz.comparisons[0].verdict == .notRecomputable && mansiz.comparisons[0].publishedP == "<.001")
    }

    // GRIM by hand: 87/25 = 3.48; 3.49·25 = 87.25 is no whole total; n = 150 ≥ 10² cannot be tested;
    // two items: 45/20 = 2.25, and 2.27·20 = 45.4 is not whole; n = 7: 28/7 = 4.0, 29/7 = 4.14, 30/7 = 4.29, so 4.2 is impossible.
    // Source: hand arithmetic, as above, for every case below.
    @Test func grimOnHandMadeCases() {
        #expect(GRIMTest.check(mean: "3.48", count: 25).verdict == .consistent)
        let impossible = GRIMTest.check(mean: "3.49", count: 25)
        #expect(impossible.verdict == .inconsistent && impossible.nearestPossible == [3.48, 3.52])
        #expect(impossible.explanation.contains("3.48 or 3.52"))
        #expect(GRIMTest.check(mean: "3.49", count: 150).verdict == .notTestable)
        #expect(GRIMTest.check(mean: "2.25", count: 10, items: 2).verdict == .consistent)
        #expect(GRIMTest.check(mean: "2.27", count: 10, items: 2).verdict == .inconsistent)
        #expect(GRIMTest.check(mean: "4.0", count: 7).verdict == .consistent)
        #expect(GRIMTest.check(mean: "4.1", count: 7).verdict == .consistent)
        #expect(GRIMTest.check(mean: "4.2", count: 7).verdict == .inconsistent)
        // Exact ties: 1/8 = 0.125 and 21/8 = 2.625 print as 0.12 and 2.62 when rounded half to even
        // (R: sprintf("%.2f", c(1/8, 21/8)) gives "0.12" "2.62") and as 0.13 and 2.63 half up; both are possible.
        for mean in ["0.12", "0.13", "2.62", "2.63"] {
            let result = GRIMTest.check(mean: mean, count: 8)
            #expect(result.verdict == .consistent && result.explanation.contains("exact tie"), "\(mean): \(result.explanation)")
        }
        // Beyond the tie's two neighbours nothing is possible: 0.11 and 0.14 for n = 8. Two items over
        // n = 4 give the same denominator 8, so 2.62 (21/8 = 2.625) is again a tie.
        #expect(GRIMTest.check(mean: "0.11", count: 8).verdict == .inconsistent)
        #expect(GRIMTest.check(mean: "0.14", count: 8).verdict == .inconsistent)
        #expect(GRIMTest.check(mean: "2.62", count: 4, items: 2).verdict == .consistent)
        // Negative means: −29/7 = −4.14, −30/7 = −4.29; −4.2 is impossible, the nearest −4.3 and −4.1.
        let negative = GRIMTest.check(mean: "-4.2", count: 7)
        #expect(negative.verdict == .inconsistent && negative.nearestPossible == [-4.3, -4.1])
        #expect(GRIMTest.check(mean: "-4.1", count: 7).verdict == .consistent)
        // Inputs that must not trap: n × items overflowing Int, too many digits, not a plain decimal.
        #expect(GRIMTest.check(mean: "2.5", count: Int.max, items: 2).verdict == .notTestable)
        #expect(GRIMTest.check(mean: "2.512345678901234", count: 1_000_000_000, items: 1000).verdict == .notTestable)
        #expect(GRIMTest.check(mean: "1.5e2", count: 7).verdict == .notTestable)
        #expect(GRIMTest.check(mean: "0.1234567890123456789012", count: 7).verdict == .notTestable)
    }

    // SD bound by hand: mean 1 on 0 to 10 with n = 10 allows at most √(1·9·10/9) = √10 ≈ 3.16.
    @Test func standardDeviationsBeyondTheScaleBoundAreImpossible() {
        #expect(abs(StandardDeviationBound.maximum(mean: 1, minimum: 0, maximum: 10, count: 10) - 10.0.squareRoot()) < 1e-14)
        #expect(StandardDeviationBound.check(mean: 1, sd: 4, minimum: 0, maximum: 10, count: 10).0 == .inconsistent)
        #expect(StandardDeviationBound.check(mean: 1, sd: 3, minimum: 0, maximum: 10, count: 10).0 == .consistent)
        #expect(StandardDeviationBound.check(mean: 11, sd: 1, minimum: 0, maximum: 10, count: 10).0 == .inconsistent)
    }

    // By hand: (−1.74 + 0.14)/2 = −0.80; (−3.65 − 0.35)/2 = −2.00 ≠ −1.65; √(0.5·2) = 1 is the log-scale centre of 0.5 to 2.
    @Test func intervalCentringOnBothScales() {
        #expect(IntervalCentring.check(estimate: "-0.8", lower: "-1.74", upper: "0.14", ratio: false).0 == .consistent)
        #expect(IntervalCentring.check(estimate: "-1.65", lower: "-3.65", upper: "-0.35", ratio: false).0 == .inconsistent)
        #expect(IntervalCentring.check(estimate: "1.00", lower: "0.50", upper: "2.00", ratio: true).0 == .consistent)
        #expect(IntervalCentring.check(estimate: "1.25", lower: "0.50", upper: "2.00", ratio: true).0 == .inconsistent)
    }
}

/// The README of Datasets/published lists every CSV with its row count and SHA-256; they must match the files.
struct PublishedDatasetsReadmeTests {
    @Test func readmeListsEveryFileWithItsRowsAndDigest() throws {
        let folder = PublishedNumbersTests.datasets
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.count >= 4)
        for name in files {
            let file = try SummaryFile.read(path: folder.appendingPathComponent(name).path, displayName: name)
            #expect(readme.contains("| `\(name)` | \(file.rows.count) | `\(try Self.sha256(folder.appendingPathComponent(name).path))` |"), "\(name)")
            #expect(file.rows.allSatisfy { $0.text("source") != nil }, "\(name): every row names its source")
        }
    }

    /// The digest as coreutils' sha256sum prints it (Foundation on Linux has no SHA-256).
    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(output.prefix(64))
    }
}

/// `check` on a hand-made file: GRIM with an item count, the SD bound with scale limits, and a p
/// from a printed t and df.
struct ConsistencyCheckFileTests {
    // By hand: 3.49·25 = 87.25 (GRIM fails), 3.48·25 = 87; mean 1 on 0-10 with n = 10 allows SD ≤ √10;
    // t = 2.1 on 30 df gives two-sided p = 0.0442 (R: 2 * pt(-2.1, 30) = 0.0442425), so 0.044 matches and 0.01 does not.
    @Test func checksOnAHandMadeFile() throws {
        let text = """
            study,row_type,outcome,visit,arm,comparator,n,mean,sd,items,scale_min,scale_max,statistic,df,p,source
            S,arm,pain,week 4,a,,25,3.49,1.1,1,,,,,,hand-made
            S,arm,pain,week 4,b,,25,3.48,1.2,1,0,10,,,,hand-made
            S,arm,pain,week 8,a,,10,1,4,,0,10,,,,hand-made
            S,comparison,pain,week 4,a,b,,,,,,,2.1,30,0.044,hand-made
            S,comparison,pain,week 8,a,b,,,,,,,2.1,30,0.01,hand-made

            """
        let path = try SummaryValidationTests.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let findings = try ConsistencyChecks.run(try SummaryFile.read(path: path, displayName: "hand.csv"))
        let verdicts = findings.map { "\($0.line) \($0.check) \($0.verdict.rawValue)" }
        #expect(verdicts == [
            "2 GRIM inconsistent", "3 GRIM consistent", "3 SD plausibility consistent", "4 SD plausibility inconsistent",
            "5 p-value consistent", "6 p-value inconsistent",
        ])
        #expect(findings[0].explanation.contains("the nearest possible means are 3.48 or 3.52"))
        #expect(findings[3].explanation.contains("SD 4.0 is impossible"))
        #expect(findings[5].explanation.contains("t = 2.1 with 30 df gives p = 0.0442; published 0.01, which does not match"))
    }
}
