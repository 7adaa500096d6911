/// Eight-bytes-at-a-time helpers ("SIMD within a register") for the CSV hot loops: finding
/// the next delimiter and reading runs of digits without a branch per byte. Callers guarantee
/// that 8 bytes can be read from the pointer (the scanner pads its buffer) and clamp every
/// result to their own end, since bytes past it are not theirs.
enum WordScanning {
    static let paddingBytes = 8

    @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }

    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// High bit set in each byte of `word` that is zero; exact for the lowest such byte.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// The offset (0...8) of the first byte equal to `first` or `second`; 8 when none is.
    @inline(__always)
    static func firstMatch(_ word: UInt64, _ first: UInt64, _ second: UInt64) -> Int {
        let found = zeroBytes(word ^ first) | zeroBytes(word ^ second)
        return found.trailingZeroBitCount >> 3
    }

    /// The position of the first byte in [start, end) equal to `first` or `second`, or `end`.
    /// Reads up to 7 bytes past `end`, which the caller's padding must make readable.
    @inline(__always)
    static func firstMatch(in buffer: UnsafePointer<UInt8>, from start: Int, end: Int, _ first: UInt8, _ second: UInt8) -> Int {
        let firstWord = broadcast(first), secondWord = broadcast(second)
        var cursor = start
        while cursor < end {
            let offset = firstMatch(load(buffer + cursor), firstWord, secondWord)
            cursor += offset
            if offset < 8 { return min(cursor, end) }
        }
        return end
    }

    /// The number of leading ASCII digits in `word` (0...8), first byte first.
    @inline(__always)
    static func digitRunLength(_ word: UInt64) -> Int {
        let shifted = word ^ 0x3030_3030_3030_3030
        let outsideRange = shifted & 0xF0F0_F0F0_F0F0_F0F0
        let aboveNine = ((shifted & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        let bad = outsideRange | aboveNine
        let flagged = (((bad & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | bad) & 0x8080_8080_8080_8080
        return flagged.trailingZeroBitCount >> 3
    }

    /// The value of the first `count` (0...8) bytes of `word`, which must be digits.
    @inline(__always)
    static func digitsValue(_ word: UInt64, count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        // Move the digits to the top bytes; the bytes shifted in are zeros, i.e. leading zeros.
        var value = (word & 0x0F0F_0F0F_0F0F_0F0F) << UInt64(8 * (8 - count))
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    }
}

extension NumberParser {
    /// The fast path for a field inside the scanner's padded buffer: [-+]digits[.digits] with at
    /// most 7 digits on each side and nothing else. Anything else goes to `parse`.
    @inline(__always)
    static func parsePadded(_ start: UnsafePointer<UInt8>, count: Int, decimalSeparator: UInt8) -> Double? {
        var index = 0
        var negative = false
        if count > 0, start[0] == UInt8(ascii: "-") || start[0] == UInt8(ascii: "+") {
            negative = start[0] == UInt8(ascii: "-")
            index = 1
        }
        let integerWord = WordScanning.load(start + index)
        let integerDigits = WordScanning.digitRunLength(integerWord)
        var fractionDigits = 0
        var mantissa = WordScanning.digitsValue(integerWord, count: integerDigits)
        var next = index + integerDigits
        if integerDigits < 8, next < count, start[next] == decimalSeparator {
            let fractionWord = WordScanning.load(start + next + 1)
            fractionDigits = WordScanning.digitRunLength(fractionWord)
            if fractionDigits < 8 {
                mantissa = mantissa &* UInt64(powerOfTen(fractionDigits)) &+ WordScanning.digitsValue(fractionWord, count: fractionDigits)
            }
            next += 1 + fractionDigits
        }
        guard integerDigits < 8, fractionDigits < 8, integerDigits + fractionDigits > 0, next == count else {
            return parseOutOfLine(start, count: count, decimalSeparator: decimalSeparator)
        }
        // At most 14 digits: exact in a double, and 10^fraction is exact too.
        let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / powerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// The general parser, kept out of line so that the fast path above stays small enough to
    /// be inlined into the CSV loop.
    @inline(never)
    static func parseOutOfLine(_ start: UnsafePointer<UInt8>, count: Int, decimalSeparator: UInt8) -> Double? {
        parse(UnsafeBufferPointer(start: start, count: count), decimalSeparator: decimalSeparator)
    }
}
