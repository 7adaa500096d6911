/// A table of results as every analysis hands it to reporting: named columns, rows of typed
/// cells, and notes that say how the numbers were made. Reporting renders it (Markdown, CSV,
/// JSON, LaTeX, HTML) and knows nothing of the model behind it.
public struct ResultTable: Codable, Sendable, Equatable {
    /// How a number is shown to people; JSON always keeps full precision.
    public enum NumberStyle: String, Codable, Sendable {
        /// Estimates, SDs, intervals: 2 decimals by default.
        case estimate
        /// p-values: 3 significant digits, and "< 0.001" below that.
        case pValue
        /// Counts: whole numbers.
        case count
        /// Test statistics and degrees of freedom: 2 decimals.
        case statistic
        /// Words: labels, methods. Left-aligned.
        case text
        /// Proportions, shown as percentages with one decimal: 0.556 is "55.6%".
        case percent
    }

    public struct Column: Codable, Sendable, Equatable {
        public var name: String
        public var style: NumberStyle
        public init(_ name: String, style: NumberStyle = .estimate) {
            self.name = name
            self.style = style
        }
    }

    public enum Cell: Codable, Sendable, Equatable {
        case text(String)
        case number(Double)
        /// An interval shown as "lower to upper".
        case interval(Double, Double)
        case missing
    }

    public var title: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Methods, sources and warnings, printed under the table.
    public var notes: [String]

    public init(title: String, columns: [Column], rows: [[Cell]] = [], notes: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
    }
}
