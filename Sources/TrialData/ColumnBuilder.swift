/// Collects one column's values while the file is scanned and decides its type: numeric
/// while every non-missing value is a number, text from the first value that is not.
///
/// Text is interned as it arrives (a code per row, each distinct value stored once), so a
/// column of arm or subject labels costs four bytes a row.
struct ColumnBuilder {
    enum Kind { case undecided, numeric, text }

    let name: String
    private(set) var kind = Kind.undecided
    /// Numeric values seen before the first text value must be re-read as text, because the
    /// number cannot give back the text ("007", "7.50").
    private(set) var needsTextReread = false
    private var leadingMissing = 0
    private(set) var numbers: [Double] = []
    private(set) var codes: [Int32] = []
    private var interner = LevelInterner()
    var levelBytes: [[UInt8]] { interner.levels }
    /// The first line on which each level appears, for messages about it.
    private(set) var levelFirstLine: [Int32] = []
    private var lastLevel: Int32 = -1

    init(name: String, forceText: Bool = false, expectedRows: Int = 0) {
        self.name = name
        if forceText { kind = .text }
        numbers.reserveCapacity(forceText ? 0 : expectedRows)
    }

    var count: Int {
        switch kind {
        case .undecided: return leadingMissing
        case .numeric: return numbers.count
        case .text: return codes.count
        }
    }

    mutating func appendMissing() {
        switch kind {
        case .undecided: leadingMissing += 1
        case .numeric: numbers.append(.nan)
        case .text: codes.append(Factor.missingCode)
        }
    }

    /// Adds a value known to be a number; the common case, kept short.
    @inline(__always)
    mutating func appendNumber(_ number: Double, bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        if kind == .numeric {
            numbers.append(number)
        } else {
            append(bytes, number: number, line: line)
        }
    }

    /// Adds a value that is not missing; `number` is its parse as a number, if it is one.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, number: Double?, line: Int) {
        switch kind {
        case .numeric:
            if let number {
                numbers.append(number)
                return
            }
            // The first text value in a column that looked numeric.
            needsTextReread = true
            kind = .text
            codes = [Int32](repeating: Factor.missingCode, count: numbers.count)
            numbers = []
            appendText(bytes, line: line)
        case .text:
            appendText(bytes, line: line)
        case .undecided:
            if let number {
                kind = .numeric
                numbers.append(contentsOf: repeatElement(.nan, count: leadingMissing))
                numbers.append(number)
            } else {
                kind = .text
                codes = [Int32](repeating: Factor.missingCode, count: leadingMissing)
                appendText(bytes, line: line)
            }
        }
    }

    @inline(__always)
    private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        // Long data repeat a subject's (and an arm's) label row after row: compared with the
        // last level's bytes, most values need no hashing.
        if lastLevel >= 0, interner.level(lastLevel, equals: bytes) {
            codes.append(lastLevel)
            return
        }
        let (code, isNew) = interner.code(of: bytes)
        if isNew { levelFirstLine.append(Int32(clamping: line)) }
        lastLevel = code
        codes.append(code)
    }
}
