import StatsCore

/// One self-contained HTML page for a whole analysis plan: inline CSS, no scripts, every text
/// from the data escaped. It prints on paper as it shows on screen: sections do not split
/// tables across pages where that can be avoided.
public struct HTMLReport: Sendable {
    public struct Section: Sendable {
        public var id: String
        public var heading: String
        public var tables: [ResultTable]
        /// Said above the tables: the command that made them, a failure.
        public var notes: [String]
        /// SVG documents, shown inline after the tables.
        public var figures: [String]
        public init(id: String, heading: String, tables: [ResultTable], notes: [String] = [], figures: [String] = []) {
            self.id = id
            self.heading = heading
            self.tables = tables
            self.notes = notes
            self.figures = figures
        }
    }

    /// The report opens with its primary analyses' results in words, each linking to its section.
    public struct Finding: Sendable, Equatable {
        public var sectionID: String
        public var heading: String
        public var sentences: [String]
        public init(sectionID: String, heading: String, sentences: [String]) {
            self.sectionID = sectionID
            self.heading = heading
            self.sentences = sentences
        }
    }

    public var title: String
    /// The plan's own text, shown at the end so that the report says how it was made.
    public var planText: String
    /// The primary analyses' results, or, when the plan declares none, a line that says so.
    public var summary: [Finding]
    public var summaryNote: String?
    /// Results first, then the data section.
    public var sections: [Section]
    /// Lines for the head of the report (data file, rows, version); no timestamps unless given.
    public var facts: [String]

    public init(title: String, planText: String, summary: [Finding] = [], summaryNote: String? = nil, sections: [Section], facts: [String]) {
        self.title = title
        self.planText = planText
        self.summary = summary
        self.summaryNote = summaryNote
        self.sections = sections
        self.facts = facts
    }

    static let style = TableRendering.tableStyle
        + "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#1a1a1a}"
        + "h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:2px solid #444;padding-bottom:.2em;margin-top:2em}"
        + "pre{background:#f4f4f4;padding:.8em;overflow-x:auto;font-size:.85em}nav li{margin:.1em 0}"
        + "p.note{color:#444;font-size:.9em}figure{margin:1em 0}figure svg{max-width:100%;height:auto}"
        + "section.summary{background:#f3f6fa;border-left:4px solid #0072B2;padding:.6em 1.2em;margin:1.2em 0}"
        + "section.summary h2{border:none;margin-top:.4em}section.summary h3{font-size:1em;margin:.8em 0 .2em}"
        + "caption{white-space:nowrap}div.keep{break-inside:avoid}"
        + "@media print{body{max-width:none;margin:0}h2{break-after:avoid}table,figure{break-inside:avoid}nav{display:none}}"

    public func render() -> String {
        let escape = TableRendering.escapeHTML
        var lines = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                     "<title>\(escape(title))</title>", "<style>\(Self.style)</style>", "</head><body>",
                     "<h1>\(escape(title))</h1>"]
        for fact in facts { lines.append("<p class=\"note\">\(escape(fact))</p>") }
        // The results in words come first: a reader who stops here has the answer.
        lines.append("<section class=\"summary\" id=\"summary\"><h2>Summary of the main results</h2>")
        if let summaryNote { lines.append("<p class=\"note\">\(escape(summaryNote))</p>") }
        for finding in summary {
            lines.append("<h3><a href=\"#\(escape(finding.sectionID))\">\(escape(finding.heading))</a></h3>")
            for sentence in finding.sentences { lines.append("<p>\(escape(sentence))</p>") }
        }
        lines.append("</section>")
        lines.append("<nav><ul>")
        for section in sections { lines.append("<li><a href=\"#\(escape(section.id))\">\(escape(section.heading))</a></li>") }
        lines.append("<li><a href=\"#plan\">The analysis plan</a></li></ul></nav>")
        for section in sections {
            // A section's heading, its notes and its first table stay on one printed page, so no
            // heading is left alone at the foot of a page.
            lines.append("<section id=\"\(escape(section.id))\"><div class=\"keep\"><h2>\(escape(section.heading))</h2>")
            for note in section.notes { lines.append("<p class=\"note\">\(escape(note))</p>") }
            lines.append(TableRendering.htmlTables(Array(section.tables.prefix(1))) + "</div>")
            if section.tables.count > 1 { lines.append(TableRendering.htmlTables(Array(section.tables.dropFirst()))) }
            for figure in section.figures { lines.append("<figure>\(figure)</figure>") }
            lines.append("</section>")
        }
        lines.append("<section id=\"plan\"><h2>The analysis plan</h2><pre>\(escape(planText))</pre></section>")
        lines.append("</body></html>")
        return lines.joined(separator: "\n") + "\n"
    }
}
