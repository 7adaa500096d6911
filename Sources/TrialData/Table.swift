/// Rows and typed columns read from one file, with where each row came from.
public struct Table: Sendable, Equatable {
    /// The file as the user named it, for messages.
    public var source: String
    public var columns: [Column]
    /// Per row, the line of the file on which its record starts (the header is line 1).
    public var lineNumbers: [Int32]
    /// Lines that held nothing and were skipped; they are not rows.
    public var blankLines: [Int]
    /// The decimal separator the file was read with, for text that later has to be read as numbers.
    public var decimalSeparator: UInt8

    public init(source: String, columns: [Column], lineNumbers: [Int32], blankLines: [Int] = [],
                decimalSeparator: UInt8 = UInt8(ascii: ".")) {
        self.source = source
        self.columns = columns
        self.lineNumbers = lineNumbers
        self.blankLines = blankLines
        self.decimalSeparator = decimalSeparator
    }

    public var rowCount: Int { lineNumbers.count }
    public var columnNames: [String] { columns.map(\.name) }

    public func column(named name: String) throws(TrialDataError) -> Column {
        guard let column = columns.first(where: { $0.name == name }) else {
            throw .unknownColumn(file: source, column: name, available: columnNames)
        }
        return column
    }
}
