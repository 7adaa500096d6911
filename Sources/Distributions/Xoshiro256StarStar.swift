/// A seeded pseudo-random generator whose output is the same on every machine, so that a
/// bootstrap or simulation reproduces from its seed.
///
/// Algorithm: xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021): 256 bits of state, period 2²⁵⁶ − 1. The state is filled from
/// the 64-bit seed by SplitMix64 (Steele, Lea and Flood 2014), as the authors recommend, so
/// that nearby seeds give unrelated streams and the state is never all zero.
/// Swift's own `Double.random(in:)` is not used: its algorithm is not a documented contract.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable, Codable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform number in the open interval (0, 1): the top 53 bits of one draw, centred in
    /// their cell, so that neither 0 nor 1 can occur (both break inversion sampling).
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A uniform whole number in 0..<upperBound, without modulo bias: Lemire's multiply-and-
    /// reject method (ACM TOMS 2019), written out here so that the stream of indices is part
    /// of this type's contract rather than the standard library's.
    public mutating func nextIndex(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextIndex(below:) needs a positive bound")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.seed == rhs.seed && lhs.state == rhs.state
    }

    private enum CodingKeys: String, CodingKey { case seed, state }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seed = try container.decode(UInt64.self, forKey: .seed)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: container,
                                                   debugDescription: "xoshiro256** state must be four words, not all zero")
        }
        state = (words[0], words[1], words[2], words[3])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seed, forKey: .seed)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }
}

extension Normal {
    /// A normal variate by inversion, x = F⁻¹(u), as R's default `normal.kind`: one uniform
    /// per variate, so streams stay aligned and results do not depend on call order.
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        quantileFunction(generator.nextUniform(), upperTail: false, logScale: false)
    }

    /// `count` normal variates.
    public func samples(_ count: Int, using generator: inout Xoshiro256StarStar) -> [Double] {
        (0..<count).map { _ in sample(using: &generator) }
    }
}
