import Foundation

/// The page that lists every plan's report in an output folder (`DIR/index.html`). It is made
/// from the folder's contents alone, so a sharded run merged with `trialstats merge` gets the
/// same page, byte for byte, as one run of all the plans.
enum PlanIndex {
    static func write(folder: String) throws {
        let manager = FileManager.default
        // Hidden folders are other runs' staging folders.
        let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { name in
            !name.hasPrefix(".") && manager.fileExists(atPath: (folder as NSString).appendingPathComponent("\(name)/index.html"))
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !names.isEmpty else { return }
        var lines = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>TrialStats reports</title>",
                     "<style>body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}</style>",
                     "</head><body><h1>TrialStats reports</h1><ul>"]
        for name in names {
            let page = (try? String(contentsOfFile: (folder as NSString).appendingPathComponent("\(name)/index.html"), encoding: .utf8)) ?? ""
            let title = page.range(of: "<title>").flatMap { start in
                page.range(of: "</title>", range: start.upperBound..<page.endIndex).map { String(page[start.upperBound..<$0.lowerBound]) }
            } ?? name
            // The title is already escaped in the plan's page; the folder name is letters, digits, - _ and . only.
            lines.append("<li><a href=\"\(name)/index.html\">\(name)</a>: \(title)</li>")
        }
        lines.append("</ul></body></html>")
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent("index.html"))
    }
}
