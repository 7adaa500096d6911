/// The field values that mean "missing", matched after trimming spaces and tabs.
struct MissingValueCodes {
    private let codes: [[UInt8]]
    private let longest: Int
    /// When no code reads as a number, a field that parses as a number cannot be missing, so
    /// the codes need checking only for fields that are not numbers.
    let includesNumbers: Bool

    init(_ codes: Set<String>, decimalSeparator: UInt8) {
        self.codes = codes.sorted().map { Array($0.utf8) }
        longest = self.codes.map(\.count).max() ?? 0
        includesNumbers = self.codes.contains { code in
            code.withUnsafeBufferPointer { NumberParser.parse($0, decimalSeparator: decimalSeparator) != nil }
        }
    }

    @inline(__always)
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, end = value.count
        while start < end, value[start] == 0x20 || value[start] == 0x09 { start += 1 }
        while end > start, value[end - 1] == 0x20 || value[end - 1] == 0x09 { end -= 1 }
        let length = end - start
        if length > longest { return false }
        for code in codes where code.count == length {
            var equal = true
            for offset in 0..<length where code[offset] != value[start + offset] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }
}
