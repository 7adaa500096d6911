import Foundation
import Testing

/// The demo's Word report and a table command's RTF as a reader sees them: converted to PDF by
/// LibreOffice (Debian's libreoffice-writer-nogui, which `make test` installs) and to PNG pages
/// by pdftoppm (poppler-utils); every page has ink, and the figures their colours. The Word
/// report's tables are read back against the JSON. Skipped only outside CI on a machine without
/// LibreOffice; in CI a missing LibreOffice fails it.
struct OfficeRenderingTests {
    static func program(_ candidates: [String]) -> URL? {
        candidates.map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static let libreOffice = program(["/usr/bin/libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"])
    static let pdftoppm = program(["/usr/bin/pdftoppm"])
    static let required = (libreOffice != nil && pdftoppm != nil) || ProcessInfo.processInfo.environment["CI"] != nil

    struct Page { var ink: Double; var palette: [String: Int] }

    /// The document converted to PDF and its pages to PNG, each page's share of inked pixels and figure colours.
    static func render(_ document: String, in folder: String) throws -> [Page] {
        let office = try #require(libreOffice, "no libreoffice: apt-get install libreoffice-writer-nogui")
        let poppler = try #require(pdftoppm, "no pdftoppm: apt-get install poppler-utils")
        let python = try #require(ReportRenderingTests.python, "no python3")
        // A profile of its own, so conversions running at once do not share LibreOffice's lock.
        let profile = "-env:UserInstallation=file://\(folder)/libreoffice-profile"
        let convert = try CommandRunner.run([profile, "--headless", "--convert-to", "pdf", "--outdir", folder, document], program: office)
        let pdf = (folder as NSString).appendingPathComponent(((document as NSString).lastPathComponent as NSString).deletingPathExtension + ".pdf")
        #expect(convert.status == 0 && FileManager.default.fileExists(atPath: pdf), "\(convert.standardOutput) \(convert.standardError)")
        let prefix = (folder as NSString).appendingPathComponent("page")
        let pages = try CommandRunner.run(["-r", "30", "-png", pdf, prefix], program: poppler)
        #expect(pages.status == 0, "\(pages.standardError)")
        let reader = DataCommandTests.root.appendingPathComponent("Tests/CLITests/Fixtures/png_summary.py").path
        let images = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted()
        return try images.map { image in
            let summary = try CommandRunner.run([reader, (folder as NSString).appendingPathComponent(image)], program: python)
            #expect(summary.status == 0, "\(summary.standardError)")
            let facts = try JSONSerialization.jsonObject(with: Data(summary.standardOutput.utf8)) as? [String: Any]
            return Page(ink: facts?["ink"] as? Double ?? 0, palette: facts?["palette"] as? [String: Int] ?? [:])
        }
    }

    @Test(.enabled(if: required, "needs Debian's libreoffice-writer-nogui and poppler-utils (make test installs them)"))
    func theDemosWordReportRendersEveryPageWithItsTablesAndFigures() throws {
        let report = try DemoReportFigureTests.demo.get()
        let docx = (report as NSString).appendingPathComponent("report.docx")
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pages = try Self.render(docx, in: folder)
        #expect(pages.count >= 10, "the whole report: \(pages.count) pages")
        for (number, page) in pages.enumerated() { #expect(page.ink > 0.003, "page \(number + 1) is blank (\(page.ink) inked)") }
        for colour in ["blue", "vermillion", "green"] {
            #expect(pages.contains { ($0.palette[colour] ?? 0) > 20 }, "no page shows \(colour): the figures did not draw")
        }

        // The Word report opens with the results in words, and its comparison table holds the JSON's numbers.
        let data = try Data(contentsOf: URL(fileURLWithPath: docx))
        let document = try OfficeTableReading.part("word/document.xml", of: data)
        let summary = try #require(document.range(of: "Summary of the main results"))
        #expect(summary.lowerBound < document.range(of: "Baseline characteristics")!.lowerBound, "results first")
        #expect(document.contains("was −2.09 (95% CI −2.67 to −1.51; p &lt; 0.001)"))
        let json = try DemoReportFigureTests.json("vas-week12-dextrose-vs-saline.json", in: report)
        OfficeOutputTests.expectEvery(try OfficeOutputTests.expectedRows(json), in: try OfficeTableReading.wordTables(data).flatMap { $0 }, "report.docx")
    }

    @Test(.enabled(if: required, "needs Debian's libreoffice-writer-nogui and poppler-utils (make test installs them)"))
    func aComparisonAsRTFRendersAsPages() throws {
        let folder = RunCommandTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rtf = (folder as NSString).appendingPathComponent("comparison.rtf")
        let run = try CommandRunner.run(OfficeOutputTests.comparison + ["--format", "rtf", "-o", rtf])
        #expect(run.status == 0, "\(run.standardError)")
        let pages = try Self.render(rtf, in: folder)
        #expect(pages.count == 2, "one table a page, as SAS ODS RTF sets them: \(pages.count)")
        for (number, page) in pages.enumerated() { #expect(page.ink > 0.003, "page \(number + 1) is blank (\(page.ink) inked)") }
    }
}
