#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers from CSV bytes, correctly rounded, and fast for the numbers trials
/// actually contain.
///
/// Up to 19 significant digits with a decimal exponent in ±22 go through Clinger's fast path:
/// when the digits fit exactly in a double (≤ 2⁵³) the result is one exact multiplication or
/// division by a power of ten, which IEEE arithmetic rounds correctly. Anything else (more
/// digits, huge exponents) is handed to the C library's `strtod`, which is correctly rounded on
/// glibc. So every value equals what a correctly rounded reader gives, and R's `read.csv` for
/// all the numbers of ordinary data.
enum NumberParser {
    /// Exact powers of ten up to 10²², the largest exactly representable. A switch, not a
    /// global array, so the hot path has no lazy-initialisation check.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

    /// The value of `bytes` (surrounding spaces and tabs allowed), or nil if it is not a
    /// decimal number. `decimalSeparator` is `.` or `,`. Infinities, NaN, hexadecimal and
    /// thousands separators are not numbers here.
    @inline(__always)
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, decimalSeparator: UInt8) -> Double? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        var index = start
        var negative = false
        if bytes[index] == 0x2D || bytes[index] == 0x2B {  // - +
            negative = bytes[index] == 0x2D
            index &+= 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var digitsSeen = 0
        var exponent = 0
        // Integer part.
        while index < end, bytes[index] &- 0x30 < 10 {
            let digit = UInt64(bytes[index] &- 0x30)
            if significantDigits < 19 {
                if mantissa != 0 || digit != 0 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits &+= 1
                }
            } else {
                exponent &+= 1
                significantDigits &+= 1
            }
            digitsSeen &+= 1
            index &+= 1
        }
        // Fraction.
        if index < end, bytes[index] == decimalSeparator {
            index &+= 1
            while index < end, bytes[index] &- 0x30 < 10 {
                let digit = UInt64(bytes[index] &- 0x30)
                if significantDigits < 19 {
                    if mantissa != 0 || digit != 0 {
                        mantissa = mantissa &* 10 &+ digit
                        significantDigits &+= 1
                    }
                    exponent &-= 1
                } else {
                    significantDigits &+= 1
                }
                digitsSeen &+= 1
                index &+= 1
            }
        }
        guard digitsSeen > 0 else { return nil }
        // Exponent.
        if index < end, bytes[index] | 0x20 == 0x65 {  // e E
            index &+= 1
            var exponentNegative = false
            if index < end, bytes[index] == 0x2D || bytes[index] == 0x2B {
                exponentNegative = bytes[index] == 0x2D
                index &+= 1
            }
            var written = 0
            var exponentDigits = 0
            while index < end, bytes[index] &- 0x30 < 10 {
                if written < 100_000 { written = written &* 10 &+ Int(bytes[index] &- 0x30) }
                exponentDigits += 1
                index &+= 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent &+= exponentNegative ? -written : written
        }
        guard index == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if significantDigits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let value = Double(mantissa)
            let scaled = exponent >= 0 ? value * powerOfTen(exponent) : value / powerOfTen(-exponent)
            return negative ? -scaled : scaled
        }
        return slowParse(bytes, start: start, end: end, decimalSeparator: decimalSeparator)
    }

    /// The C library's correctly rounded `strtod`, on a copy with `.` as the separator. Kept
    /// out of line so that the fast path stays small.
    @inline(never)
    static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, decimalSeparator: UInt8) -> Double? {
        var text = [CChar](repeating: 0, count: end - start + 1)
        for offset in 0..<(end - start) {
            let byte = bytes[start + offset]
            text[offset] = CChar(bitPattern: byte == decimalSeparator ? 0x2E : byte)
        }
        return text.withUnsafeBufferPointer { pointer -> Double? in
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer.baseAddress!, &stop)
            guard let stop, stop == UnsafeMutablePointer(mutating: pointer.baseAddress!) + (end - start) else { return nil }
            // 1e400 overflows to infinity: not a number TrialStats can use.
            return value.isFinite ? value : nil
        }
    }
}
