import Foundation
import StatsCore

/// A small SVG writer: elements in the order drawn, coordinates rounded to 0.01 so the same
/// figure is always the same bytes, every text escaped. No runtime dependency, no fonts embedded.
public struct SVGCanvas: Sendable {
    public let width: Double
    public let height: Double
    var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Colour-blind-safe colours (Okabe & Ito 2008), in the order series take them.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    /// A coordinate; figures never pass a non-finite one (they leave such points out), and one
    /// that slipped through is written as 0 rather than stopping the report.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if abs(rounded) >= 1e15 { return String(format: "%.0f", rounded) }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333", width: Double = 1,
                              dashed: Bool = false) {
        elements.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
                        + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"" + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>")
    }

    /// `opacity` below 1 lets many overlapping lines (one per subject) show where they crowd.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, opacity: Double = 1) {
        let text = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(text)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
                        + (opacity < 1 ? " stroke-opacity=\"\(Self.number(opacity))\"" : "") + "/>")
    }

    public mutating func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double, fill: String, stroke: String? = nil) {
        elements.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                        + "fill=\"\(fill)\"" + (stroke.map { " stroke=\"\($0)\"" } ?? "") + "/>")
    }

    public mutating func polygon(_ points: [(Double, Double)], fill: String) {
        let text = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        elements.append("<polygon points=\"\(text)\" fill=\"\(fill)\"/>")
    }

    /// A marker of one of several shapes (circle, square, triangle, diamond), so series differ by more than colour.
    public mutating func marker(_ x: Double, _ y: Double, shape: Int, fill: String, size: Double = 4) {
        let n = Self.number
        switch shape % 4 {
        case 0: elements.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(size))\" fill=\"\(fill)\"/>")
        case 1: rectangle(x - size, y - size, 2 * size, 2 * size, fill: fill)
        case 2: polygon([(x, y - size * 1.2), (x - size * 1.1, y + size * 0.8), (x + size * 1.1, y + size * 0.8)], fill: fill)
        default: polygon([(x, y - size * 1.3), (x + size * 1.1, y), (x, y + size * 1.3), (x - size * 1.1, y)], fill: fill)
        }
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public mutating func text(_ x: Double, _ y: Double, _ text: String, anchor: Anchor = .start, size: Double = 12, bold: Bool = false,
                              rotated: Bool = false) {
        let transform = rotated ? " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" : ""
        elements.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor.rawValue)\""
                        + (bold ? " font-weight=\"bold\"" : "") + transform + ">\(TableRendering.escapeHTML(text))</text>")
    }

    /// A figure's title, bold, its size reduced (down to 10 points) so that it fits the `room`
    /// it has, so a long title is never clipped at the figure's edge. The room is kept on the
    /// element, so that a title whose words are later replaced by labels is fitted again.
    public mutating func title(_ x: Double, _ y: Double, _ text: String, room: Double) {
        let size = Self.titleSize(text, room: room)
        elements.append("<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" text-anchor=\"start\" "
                        + "font-weight=\"bold\" data-room=\"\(Self.number(room))\">\(TableRendering.escapeHTML(text))</text>")
    }

    /// Bold sans-serif averages about 0.6 em a character.
    static func titleSize(_ text: String, room: Double) -> Double {
        max(10, min(15, (room / (0.6 * Double(max(text.count, 1))) * 4).rounded(.down) / 4))
    }

    /// The document; `title` is read by screen readers.
    public func render(title: String) -> String {
        var lines = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
                     + "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" role=\"img\" font-family=\"sans-serif\">",
                     "<title>\(TableRendering.escapeHTML(title))</title>",
                     "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A figure's title (its <title> element, unescaped), for a caption.
    public static func title(of svg: String) -> String? {
        guard let start = svg.range(of: "<title>"), let end = svg.range(of: "</title>", range: start.upperBound..<svg.endIndex) else { return nil }
        return unescaped(String(svg[start.upperBound..<end.lowerBound]))
    }

    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The figure with the plan's labels in its words (the text between elements; attributes,
    /// which hold numbers, colours and anchors, are left as they are).
    public static func labelled(_ svg: String, _ names: DisplayNames) -> String {
        guard !names.names.isEmpty else { return svg }
        var out = ""
        var rest = svg[...]
        while let open = rest.firstIndex(of: ">") {
            out += rest[...open]
            rest = rest[rest.index(after: open)...]
            let close = rest.firstIndex(of: "<") ?? rest.endIndex
            let text = String(rest[..<close])
            let relabelled = names.inText(unescaped(text))
            // A fitted title whose text changed is fitted again to its room.
            if relabelled != unescaped(text), let tagStart = out.range(of: "<text ", options: .backwards),
               let room = out[tagStart.lowerBound...].range(of: "data-room=\""),
               let roomEnd = out[room.upperBound...].firstIndex(of: "\""), let roomValue = Double(out[room.upperBound..<roomEnd]),
               let sizeStart = out[tagStart.lowerBound...].range(of: "font-size=\""), let sizeEnd = out[sizeStart.upperBound...].firstIndex(of: "\"") {
                out.replaceSubrange(sizeStart.upperBound..<sizeEnd, with: number(titleSize(relabelled, room: roomValue)))
            }
            out += text.isEmpty ? "" : TableRendering.escapeHTML(relabelled)
            rest = rest[close...]
        }
        return out + rest
    }

    /// Round tick values (1, 2, 5 × 10^k) covering [low, high].
    public static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = (low / step).rounded(.down) * step
        var values: [Double] = []
        var value = first
        while value <= high + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        if values.last! < high { values.append(value) }
        return values
    }
}
