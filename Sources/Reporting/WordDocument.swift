import Foundation
import StatsCore
import ZIPFoundation

/// A report as a Word document (Office Open XML, .docx): real Word tables with a caption, their
/// notes as footnotes, header rows repeated on every page a table runs over, rows never split,
/// landscape pages for wide tables, figures embedded, and "Page X of Y" at the foot of each page.
///
/// The same document gives the same bytes: the package's entries carry a fixed date and the
/// document no timestamps. Figures are embedded as SVG, which Word (2016 and later) and
/// LibreOffice draw as vectors.
public struct WordDocument: Sendable {
    public let document: ReportDocument

    public init(_ document: ReportDocument) {
        self.document = document
    }

    public enum Failure: Error, CustomStringConvertible {
        case packaging(String)
        public var description: String {
            switch self { case let .packaging(reason): return "the Word document could not be assembled: \(reason)" }
        }
    }

    /// The .docx file's bytes.
    public func data() throws -> Data {
        let body = self.body()
        var parts: [(name: String, data: Data)] = [
            ("[Content_Types].xml", Data(contentTypes(figures: body.figures.count).utf8)),
            ("_rels/.rels", Data(Self.packageRelationships.utf8)),
            ("docProps/core.xml", Data(coreProperties.utf8)),
            ("word/document.xml", Data(body.xml.utf8)),
            ("word/styles.xml", Data(Self.styles.utf8)),
            ("word/settings.xml", Data(Self.settings.utf8)),
            ("word/header1.xml", Data(header.utf8)),
            ("word/footer1.xml", Data(Self.footer.utf8)),
            ("word/_rels/document.xml.rels", Data(documentRelationships(figures: body.figures.count).utf8)),
        ]
        for (index, svg) in body.figures.enumerated() { parts.append(("word/media/figure\(index + 1).svg", Data(svg.utf8))) }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            // 1 January 1980, the earliest date a ZIP entry holds: no run's clock gets into the file.
            let fixedDate = Date(timeIntervalSince1970: 315_532_800)
            for part in parts {
                try archive.addEntry(with: part.name, type: .file, uncompressedSize: Int64(part.data.count), modificationDate: fixedDate,
                                     compressionMethod: .deflate) { position, size in
                    part.data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw Failure.packaging("the archive has no bytes") }
            return data
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.packaging("\(error)")
        }
    }

    static let mainNamespaces = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
    static let drawingNamespaces = "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
        + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        + "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// word/document.xml and the figures it embeds, in order.
    func body() -> (xml: String, figures: [String]) {
        var xml = Self.declaration + "<w:document \(Self.mainNamespaces) \(Self.drawingNamespaces)><w:body>"
        var figures: [String] = []
        var tableNumber = 0
        // A document that opens with a wide table opens on a landscape page, not a page with its title alone.
        var landscape = document.blocks.first.map { block in
            if case let .table(table) = block { return TableLayout(table).landscape }
            return false
        } ?? false
        xml += paragraph(document.title, style: "Title")
        for fact in document.facts { xml += paragraph(fact, style: "Subtitle") }
        for block in document.blocks {
            switch block {
            case let .heading(text): xml += paragraph(text, style: "Heading1")
            case let .subheading(text): xml += paragraph(text, style: "Heading2")
            case let .paragraph(text): xml += paragraph(text, style: nil)
            case let .note(text): xml += paragraph(text, style: "Note")
            case let .preformatted(text):
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) { xml += paragraph(String(line), style: "Code") }
            case let .table(table):
                tableNumber += 1
                let layout = TableLayout(table)
                // A wide table gets landscape pages of its own; the section before it ends here.
                if layout.landscape != landscape {
                    xml += "<w:p><w:pPr>\(sectionProperties(landscape: landscape))</w:pPr></w:p>"
                    landscape = layout.landscape
                }
                xml += self.table(layout, number: tableNumber)
            case let .figure(svg, caption):
                if landscape {
                    xml += "<w:p><w:pPr>\(sectionProperties(landscape: true))</w:pPr></w:p>"
                    landscape = false
                }
                figures.append(svg)
                xml += figure(svg, number: figures.count, caption: caption)
            }
        }
        xml += sectionProperties(landscape: landscape) + "</w:body></w:document>"
        return (xml, figures)
    }

    func run(_ text: String, bold: Bool = false) -> String {
        "<w:r>" + (bold ? "<w:rPr><w:b/></w:rPr>" : "") + "<w:t xml:space=\"preserve\">\(OfficeText.xml(text))</w:t></w:r>"
    }

    func paragraph(_ text: String, style: String?, keepWithNext: Bool = false) -> String {
        let properties = (style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? "") + (keepWithNext ? "<w:keepNext/>" : "")
        return "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + run(text) + "</w:p>"
    }

    func sectionProperties(landscape: Bool) -> String {
        let size = landscape
            ? "<w:pgSz w:w=\"\(TableLayout.pageHeight)\" w:h=\"\(TableLayout.pageWidth)\" w:orient=\"landscape\"/>"
            : "<w:pgSz w:w=\"\(TableLayout.pageWidth)\" w:h=\"\(TableLayout.pageHeight)\"/>"
        let margin = TableLayout.margin
        return "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
            + size + "<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" w:left=\"\(margin)\" "
            + "w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>"
    }

    /// "Table N. title" kept with the table; a header row repeated on each page; rows not split
    /// across pages; rules above and below the header and below the last row, as clinical
    /// tables are ruled; the notes and the document's footnotes under it.
    func table(_ layout: TableLayout, number: Int) -> String {
        let widths = layout.fittedWidths
        var xml = paragraph("Table \(number). \(layout.table.title)", style: "Caption", keepWithNext: !layout.header.isEmpty)
        // A table without columns (nothing to show) is its caption and notes: Word refuses a row without cells.
        guard !layout.header.isEmpty else {
            for note in layout.table.notes + document.tableFootnotes { xml += paragraph(note, style: "TableNote") }
            return xml
        }
        let rule = "w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\""
        xml += "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders><w:top \(rule)/><w:bottom \(rule)/></w:tblBorders>"
            + "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"115\" w:type=\"dxa\"/><w:right w:w=\"115\" w:type=\"dxa\"/></w:tblCellMar>"
            + "<w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        xml += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        func cell(_ text: String, column: Int, header: Bool, lastRow: Bool) -> String {
            let borders = header ? "<w:tcBorders><w:bottom \(rule)/></w:tcBorders>" : ""
            // Numbers and intervals never wrap; words wrap within their column.
            let noWrap = layout.numeric[column] ? "<w:noWrap/>" : ""
            let alignment = layout.numeric[column] ? "<w:jc w:val=\"right\"/>" : ""
            return "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/>\(borders)\(noWrap)</w:tcPr>"
                + "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/>" + (lastRow ? "" : "<w:keepNext/>") + "\(alignment)</w:pPr>"
                + (text.isEmpty ? "" : run(text, bold: header)) + "</w:p></w:tc>"
        }
        xml += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            + layout.header.enumerated().map { cell($0.element, column: $0.offset, header: true, lastRow: layout.cells.isEmpty) }.joined() + "</w:tr>"
        for (index, row) in layout.cells.enumerated() {
            // Short tables are kept on one page; long ones run on, their header repeated.
            let last = index == layout.cells.count - 1 || layout.cells.count > 20
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + row.enumerated().map { cell($0.element, column: $0.offset, header: false, lastRow: last) }.joined() + "</w:tr>"
        }
        xml += "</w:tbl>"
        for note in layout.table.notes + document.tableFootnotes { xml += paragraph(note, style: "TableNote") }
        return xml
    }

    /// A figure at its own size, or narrowed to the page, with "Figure N. caption" under it.
    func figure(_ svg: String, number: Int, caption: String) -> String {
        let (pixelsWide, pixelsHigh) = Self.size(of: svg)
        // 9525 EMU to a pixel at 96 per inch; 635 EMU to a twip.
        let widest = Double(TableLayout.portraitTextWidth * 635)
        let scale = min(1, widest / (pixelsWide * 9525))
        let width = Int((pixelsWide * 9525 * scale).rounded()), height = Int((pixelsHigh * 9525 * scale).rounded())
        let name = OfficeText.xml("Figure \(number)")
        let relationship = "rIdFigure\(number)"
        let blip = "<a:blip r:embed=\"\(relationship)\"><a:extLst><a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\">"
            + "<asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"\(relationship)\"/></a:ext></a:extLst></a:blip>"
        let drawing = "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(width)\" cy=\"\(height)\"/>"
            + "<wp:docPr id=\"\(number)\" name=\"\(name)\" descr=\"\(OfficeText.xml(caption))\"/>"
            + "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
            + "<pic:nvPicPr><pic:cNvPr id=\"\(number)\" name=\"figure\(number).svg\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill>\(blip)<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(width)\" cy=\"\(height)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
        return "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/><w:keepNext/></w:pPr><w:r>\(drawing)</w:r></w:p>"
            + paragraph("Figure \(number). \(caption)", style: "Caption")
    }

    /// An SVG root's width and height in pixels (the figures write both); 600 × 400 otherwise.
    static func size(of svg: String) -> (Double, Double) {
        func attribute(_ name: String) -> Double? {
            guard let range = svg.range(of: " \(name)=\"") else { return nil }
            let rest = svg[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return Double(rest[..<end]).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        }
        return (attribute("width") ?? 600, attribute("height") ?? 400)
    }

    func contentTypes(figures: Int) -> String {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        return Self.declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + (figures > 0 ? "<Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>" : "")
            + "<Override PartName=\"/word/document.xml\" ContentType=\"\(main).document.main+xml\"/>"
            + "<Override PartName=\"/word/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
            + "<Override PartName=\"/word/settings.xml\" ContentType=\"\(main).settings+xml\"/>"
            + "<Override PartName=\"/word/header1.xml\" ContentType=\"\(main).header+xml\"/>"
            + "<Override PartName=\"/word/footer1.xml\" ContentType=\"\(main).footer+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "</Types>"
    }

    static let packageRelationships = declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "</Relationships>"

    func documentRelationships(figures: Int) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var xml = Self.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rIdStyles\" Type=\"\(base)/styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rIdSettings\" Type=\"\(base)/settings\" Target=\"settings.xml\"/>"
            + "<Relationship Id=\"rIdHeader\" Type=\"\(base)/header\" Target=\"header1.xml\"/>"
            + "<Relationship Id=\"rIdFooter\" Type=\"\(base)/footer\" Target=\"footer1.xml\"/>"
        for number in stride(from: 1, through: figures, by: 1) {
            xml += "<Relationship Id=\"rIdFigure\(number)\" Type=\"\(base)/image\" Target=\"media/figure\(number).svg\"/>"
        }
        return xml + "</Relationships>"
    }

    /// The title only: no author, no dates, so the bytes do not depend on who ran it or when.
    var coreProperties: String {
        Self.declaration + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>\(OfficeText.xml(document.title))</dc:title>"
            + "<dc:creator>TrialStats</dc:creator></cp:coreProperties>"
    }

    /// The report's title on every page, so that a page handed over alone says what it is from.
    var header: String {
        Self.declaration + "<w:hdr \(Self.mainNamespaces)>" + paragraph(document.title, style: "Header") + "</w:hdr>"
    }

    static let footer = declaration + "<w:ftr \(mainNamespaces)><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>"
        + "<w:r><w:t xml:space=\"preserve\">Page </w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
        + "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r><w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"

    /// PAGE and NUMPAGES are updated by Word and LibreOffice as they lay the pages out.
    static let settings = declaration + "<w:settings \(mainNamespaces)>"
        + "<w:defaultTabStop w:val=\"720\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"

    static let styles: String = {
        func style(_ id: String, _ name: String, paragraph: String = "", run: String, basedOn: String? = "Normal") -> String {
            "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>" + (basedOn.map { "<w:basedOn w:val=\"\($0)\"/>" } ?? "")
                + "<w:qFormat/><w:pPr>\(paragraph)</w:pPr><w:rPr>\(run)</w:rPr></w:style>"
        }
        let font = "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\" w:eastAsia=\"Arial\"/>"
        return declaration + "<w:styles \(mainNamespaces)><w:docDefaults><w:rPrDefault><w:rPr>\(font)<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"
            + "<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"259\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
            + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
            + style("Title", "Title", paragraph: "<w:spacing w:after=\"120\"/>", run: "<w:b/><w:sz w:val=\"32\"/>")
            + style("Subtitle", "Subtitle", paragraph: "<w:spacing w:after=\"0\"/>", run: "<w:color w:val=\"444444\"/><w:sz w:val=\"18\"/>")
            + style("Heading1", "heading 1", paragraph: "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>", run: "<w:b/><w:sz w:val=\"26\"/>")
            + style("Heading2", "heading 2", paragraph: "<w:keepNext/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"1\"/>", run: "<w:b/><w:sz w:val=\"21\"/>")
            + style("Note", "Note", paragraph: "<w:keepNext/>", run: "<w:color w:val=\"444444\"/><w:sz w:val=\"16\"/>")
            + style("Caption", "caption", paragraph: "<w:spacing w:before=\"240\" w:after=\"80\"/>", run: "<w:b/><w:sz w:val=\"20\"/>")
            + style("TableText", "Table Text", paragraph: "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/>", run: "<w:sz w:val=\"18\"/>")
            + style("TableNote", "Table Note", paragraph: "<w:spacing w:before=\"0\" w:after=\"0\"/>", run: "<w:sz w:val=\"16\"/>")
            + style("Code", "Code", paragraph: "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
                    run: "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:sz w:val=\"16\"/>")
            + style("Figure", "Figure", paragraph: "<w:spacing w:before=\"240\" w:after=\"0\"/>", run: "")
            + style("Header", "header", paragraph: "<w:jc w:val=\"right\"/>", run: "<w:color w:val=\"666666\"/><w:sz w:val=\"16\"/>")
            + style("Footer", "footer", run: "<w:sz w:val=\"16\"/>")
            + "</w:styles>"
    }()
}
