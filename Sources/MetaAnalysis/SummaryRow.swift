/// What one line of a summary file reports.
public enum SummaryRowKind: String, Codable, Sendable, CaseIterable {
    /// One arm at one visit: n with mean and a spread, a median with quartiles or range, or events.
    case arm
    /// A between-arm result as published: estimate, CI, p, test.
    case comparison
    /// A fact about the design (n randomised, visits, the test used), kept as text.
    case design
}

/// One line of a summary file, every cell kept as the text it was printed with.
public struct SummaryRow: Codable, Sendable, Equatable {
    /// The file's line number (the header is line 1), for messages.
    public var line: Int
    public var kind: SummaryRowKind
    /// Column name → text, for the cells that are not empty.
    public var cells: [String: String]

    public init(line: Int, kind: SummaryRowKind, cells: [String: String]) {
        self.line = line
        self.kind = kind
        self.cells = cells
    }

    public func text(_ column: String) -> String? { cells[column] }
    public var study: String { cells["study"] ?? "" }
    public var outcome: String { cells["outcome"] ?? "" }
    public var visit: String { cells["visit"] ?? cells["visit_week"].map { "week \($0)" } ?? "" }
    public var arm: String { cells["arm"] ?? "" }

    /// The cell as a number, or nil when empty. Text that is not a number was refused on reading,
    /// except in `p`, where "<0.001" is read as its bound (see `PublishedPValue`).
    public func number(_ column: String) -> Double? {
        guard let text = cells[column] else { return nil }
        return Double(text)
    }

    /// Digits after the decimal point as printed, e.g. 2 for "4.40".
    public func decimals(_ column: String) -> Int? {
        guard let text = cells[column] else { return nil }
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }
}
