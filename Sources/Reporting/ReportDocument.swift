import StatsCore

/// A report as the blocks a reader goes through in order: the common ground of the Word and RTF
/// writers, so that both say the same things in the same order as the HTML report.
public struct ReportDocument: Sendable {
    public enum Block: Sendable {
        /// A section's heading.
        case heading(String)
        /// A heading within a section (a finding's analysis in the summary).
        case subheading(String)
        /// Body text: the results in words.
        case paragraph(String)
        /// Small text: the command that made a section, a failure.
        case note(String)
        /// A numbered table, its notes as footnotes under it.
        case table(ResultTable)
        /// A numbered figure (an SVG document) with its caption.
        case figure(svg: String, caption: String)
        /// Text set as it is, in a fixed-width font: the plan's own text.
        case preformatted(String)
    }

    public var title: String
    /// Lines under the title: the data file, the version.
    public var facts: [String]
    public var blocks: [Block]
    /// Said under every table: the data's ledger line, so that a table handed over alone still
    /// says which rows it rests on.
    public var tableFootnotes: [String]

    public init(title: String, facts: [String] = [], blocks: [Block], tableFootnotes: [String] = []) {
        self.title = title
        self.facts = facts
        self.blocks = blocks
        self.tableFootnotes = tableFootnotes
    }

    /// A document of tables alone, as a table command writes it.
    public init(tables: [ResultTable], title: String = "TrialStats") {
        self.init(title: title, blocks: tables.map { .table($0) })
    }
}

extension ReportDocument {
    /// The HTML report's content in the same order, for Word: the summary, each section's
    /// heading, notes, tables and figures, and the plan's text at the end.
    public init(_ report: HTMLReport, tableFootnotes: [String] = []) {
        var blocks: [Block] = [.heading("Summary of the main results")]
        if let note = report.summaryNote { blocks.append(.note(note)) }
        for finding in report.summary {
            blocks.append(.subheading(finding.heading))
            blocks += finding.sentences.map { .paragraph($0) }
        }
        for section in report.sections {
            blocks.append(.heading(section.heading))
            blocks += section.notes.map { .note($0) }
            blocks += section.tables.map { .table($0) }
            blocks += section.figures.map { .figure(svg: $0, caption: SVGCanvas.title(of: $0) ?? section.heading) }
        }
        blocks.append(.heading("The analysis plan"))
        blocks.append(.preformatted(report.planText))
        self.init(title: report.title, facts: report.facts, blocks: blocks, tableFootnotes: tableFootnotes)
    }
}
