/// How to read a delimited text file.
public struct CSVOptions: Sendable, Equatable {
    /// `,`, `;` or tab; nil to detect from the header line.
    public var delimiter: UInt8?
    /// `.` (default) or `,` for files written with a decimal comma.
    public var decimalSeparator: UInt8
    /// Field values that mean "missing". Matched after trimming spaces. R's read.csv default
    /// is only "NA"; clinical exports also use an empty cell and ".". Add others (e.g. "-99").
    public var missingValueCodes: Set<String>
    /// Bytes read from the file at a time.
    public var chunkSize: Int
    /// Columns kept as text even when every value is a number, so that a value keeps the digits
    /// it was printed with ("2.10" stays "2.10"), as checks of published numbers need.
    public var textColumns: Set<String> = []

    public init(
        delimiter: UInt8? = nil, decimalSeparator: UInt8 = UInt8(ascii: "."),
        missingValueCodes: Set<String> = ["", "NA", "."], chunkSize: Int = 1 << 22
    ) {
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.missingValueCodes = missingValueCodes
        self.chunkSize = chunkSize
    }

    /// Checks the combination: a decimal comma cannot share the comma as delimiter.
    func validated(detectedDelimiter: UInt8) throws(TrialDataError) -> (delimiter: UInt8, decimal: UInt8) {
        let delimiter = self.delimiter ?? detectedDelimiter
        guard [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")].contains(delimiter) else {
            throw .invalidOption(name: "--delimiter", value: String(UnicodeScalar(delimiter)),
                                 expected: "one of , ; tab")
        }
        guard decimalSeparator == UInt8(ascii: ".") || decimalSeparator == UInt8(ascii: ",") else {
            throw .invalidOption(name: "--decimal", value: String(UnicodeScalar(decimalSeparator)), expected: ". or ,")
        }
        if delimiter == decimalSeparator {
            throw .invalidOption(name: "--decimal", value: ",",
                                 expected: "a delimiter other than the comma with a decimal comma (use ; as most such files do)")
        }
        return (delimiter, decimalSeparator)
    }
}
