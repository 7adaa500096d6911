import Foundation
import Testing

/// The demo report as a reader sees it: rendered by headless Chromium (Debian's `chromium`,
/// which `make test` installs) to a PNG and to the DOM it laid out. The test is skipped only on a
/// machine without Chromium outside CI; in CI a missing Chromium fails it.
struct ReportRenderingTests {
    static let chromium: URL? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static let python: URL? = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    static let required = chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil

    @Test(.enabled(if: required, "needs Debian's chromium (make deps installs it)"))
    func theDemoReportRendersWithItsHeadingsNumbersAndFigures() throws {
        let chromium = try #require(Self.chromium, "no chromium: apt-get install chromium")
        let folder = RunCommandTests.temporaryFolder()
        let plan = DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/plan.yaml").path
        let run = try CommandRunner.run(["run", plan, "--out", folder])
        #expect(run.status == 0, "\(run.standardError)")
        let index = URL(fileURLWithPath: folder).appendingPathComponent("demo/index.html")
        let png = URL(fileURLWithPath: folder).appendingPathComponent("report.png")
        let browser = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder)/chromium-profile"]
        let shot = try CommandRunner.run(browser + ["--window-size=900,5000", "--screenshot=\(png.path)", index.absoluteString], program: chromium)
        #expect(shot.status == 0, "\(shot.standardError)")

        // Non-blank, with the figures' colours: the summary comes from a standard-library PNG reader.
        let python = try #require(Self.python, "no python3")
        let reader = DataCommandTests.root.appendingPathComponent("Tests/CLITests/Fixtures/png_summary.py").path
        let summary = try CommandRunner.run([reader, png.path], program: python)
        #expect(summary.status == 0, "\(summary.standardError)")
        let facts = try JSONSerialization.jsonObject(with: Data(summary.standardOutput.utf8)) as? [String: Any]
        let ink = try #require(facts?["ink"] as? Double), palette = try #require(facts?["palette"] as? [String: Int])
        #expect(facts?["width"] as? Int == 900 && facts?["height"] as? Int == 5000)
        #expect(ink > 0.02, "the rendered page is (nearly) blank: \(ink) of its pixels have ink")
        for colour in ["blue", "vermillion", "green"] { #expect((palette[colour] ?? 0) > 100, "few \(colour) pixels: the figures did not draw") }

        // The laid-out page holds the headings, the plan's numbers and inline figures.
        let dom = try CommandRunner.run(browser + ["--dump-dom", index.absoluteString], program: chromium)
        #expect(dom.status == 0)
        let text = dom.standardOutput
        for heading in ["PIT three-arm trial", "Baseline characteristics (visit 0)", "Pain (VAS 0-10) by arm and visit", "Estimated marginal means",
                        "The analysis plan"] {
            #expect(text.contains(heading), "\(heading)")
        }
        // Results first: the summary in words opens the report, before every section and before the data.
        let opening = try #require(text.range(of: "Summary of the main results"), "the report opens with its results")
        for later in ["<section id=\"table1\">", "<section id=\"data\">", "Data ledger"] {
            let place = try #require(text.range(of: later), "\(later)")
            #expect(opening.lowerBound < place.lowerBound, "the summary comes before \(later)")
        }
        #expect(text.range(of: "<section id=\"vas-mmrm\">")!.lowerBound < text.range(of: "<section id=\"data\">")!.lowerBound, "the data section follows the results")
        // Source: the demo's vas-week12-dextrose-vs-saline.json: the ANCOVA difference −2.09 (95% CI −2.67 to −1.51).
        #expect(text.contains("was −2.09 (95% CI −2.67 to −1.51; p &lt; 0.001)"), "the primary result in words with its interval")
        #expect(text.contains("<h2>Pain at week 12: dextrose vs saline</h2>"), "a step's title: is its heading")
        // Source: the demo's own tables (vas-by-visit.csv, vas-waterfall-week12.csv): mean VAS of the dextrose arm at week 12,
        // 3.51 (36 patients), and the median % change at week 12 in that arm, -52.61.
        for number in ["3.51", "-52.61"] { #expect(text.contains(number), "\(number)") }
        #expect(text.components(separatedBy: "<figure><svg").count - 1 >= 6, "the figures are inline SVG")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
