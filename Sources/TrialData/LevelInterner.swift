#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The distinct byte strings of a text column, each with its code in order of first appearance.
///
/// An open-addressing table over the codes, with each level's hash kept: growing the table
/// re-places codes by their stored hashes instead of hashing every label again, and no key is
/// an array of its own. A column of 100,000 subject labels spent more time in a dictionary's
/// resizing than in reading its numbers.
struct LevelInterner {
    private(set) var levels: [[UInt8]] = []
    private var hashes: [UInt64] = []
    /// Codes by slot; -1 marks an empty slot. The capacity is a power of two, at most half full.
    private var slots = [Int32](repeating: -1, count: 16)

    /// The code of `bytes`, added as a new level if it is not one yet; `isNew` says which.
    mutating func code(of bytes: UnsafeBufferPointer<UInt8>) -> (code: Int32, isNew: Bool) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 {
            let level = Int(slots[slot])
            if hashes[level] == hash, self.level(Int32(level), equals: bytes) {
                return (Int32(level), false)
            }
            slot = (slot + 1) & mask
        }
        let code = Int32(levels.count)
        levels.append(Array(bytes))
        hashes.append(hash)
        slots[slot] = code
        if levels.count * 2 > slots.count { grow() }
        return (code, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (level, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(level)
        }
    }

    /// Whether level `code` is exactly `bytes`.
    @inline(__always)
    func level(_ code: Int32, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        levels[Int(code)].withUnsafeBufferPointer { level in
            level.count == bytes.count && (bytes.isEmpty || memcmp(level.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
    }

    /// A 64-bit multiply–xorshift hash over 8-byte words: deterministic (the same table for the
    /// same file) and well mixed in the low bits the table indexes by.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            state = mix(state ^ WordScanning.load(bytes.baseAddress! + index))
            index += 8
        }
        if index < bytes.count {
            var word: UInt64 = 0
            for shift in 0..<(bytes.count - index) { word |= UInt64(bytes[index + shift]) << (8 * shift) }
            state = mix(state ^ word)
        }
        return mix(state)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        x = x &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }
}
