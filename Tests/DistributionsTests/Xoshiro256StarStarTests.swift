import Foundation
import Testing
@testable import Distributions

struct Xoshiro256StarStarTests {
    @Test func sameSeedGivesTheSameStream() {
        var first = Xoshiro256StarStar(seed: 20261121)
        var second = Xoshiro256StarStar(seed: 20261121)
        var other = Xoshiro256StarStar(seed: 20261122)
        let a = (0..<100).map { _ in first.next() }
        let b = (0..<100).map { _ in second.next() }
        let c = (0..<100).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func matchesAnIndependentImplementationOfThePublishedAlgorithm() {
        // Source: Fixtures/xoshiro_reference.py (SplitMix64 seeding, then xoshiro256** 1.0,
        // Blackman & Vigna 2021), run with Python 3.11.
        var zero = Xoshiro256StarStar(seed: 0)
        #expect((0..<4).map { _ in zero.next() }
                == [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c])
        var dated = Xoshiro256StarStar(seed: 20261121)
        #expect((0..<4).map { _ in dated.next() }
                == [0xd991_9e7b_c775_0189, 0x6106_1b96_e1cc_e794, 0x558e_5b46_0fde_59bb, 0x2fad_d884_f745_34cd])
    }

    @Test func uniformsAreStrictlyInsideTheUnitInterval() {
        var generator = Xoshiro256StarStar(seed: 1)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = generator.nextUniform()
            #expect(u > 0 && u < 1)
            sum += u
        }
        // Mean of 1e5 uniforms: SE = 0.289/316 ≈ 0.0009; 6 SE is a failure, not noise.
        #expect(abs(sum / 100_000 - 0.5) < 0.0055)
    }

    @Test func normalVariatesHaveTheRightMoments() throws {
        var generator = Xoshiro256StarStar(seed: 42)
        let normal = try Normal(mean: 10, standardDeviation: 2)
        let draws = normal.samples(200_000, using: &generator)
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        // SE of the mean 2/447 ≈ 0.0045; SE of the variance ≈ 4·√(2/2e5) ≈ 0.0126.
        #expect(abs(mean - 10) < 0.03)
        #expect(abs(variance - 4) < 0.08)
    }

    @Test func stateRoundTripsThroughCodable() throws {
        var generator = Xoshiro256StarStar(seed: 7)
        _ = generator.next()
        let data = try JSONEncoder().encode(generator)
        var restored = try JSONDecoder().decode(Xoshiro256StarStar.self, from: data)
        #expect(restored == generator)
        #expect(restored.next() == generator.next())
    }

    @Test func indicesMatchAnIndependentImplementationOfLemiresMethod() {
        // Source: Fixtures/xoshiro_reference.py, lemire_indices(5, 1000, 8) and lemire_indices(5, 3, 8).
        var thousand = Xoshiro256StarStar(seed: 5)
        #expect((0..<8).map { _ in thousand.nextIndex(below: 1000) } == [288, 602, 649, 821, 516, 784, 503, 808])
        var three = Xoshiro256StarStar(seed: 5)
        #expect((0..<8).map { _ in three.nextIndex(below: 3) } == [0, 1, 1, 2, 1, 2, 1, 2])
    }

    @Test func indicesAreUnbiasedAndInRange() {
        var generator = Xoshiro256StarStar(seed: 3)
        var counts = [Int](repeating: 0, count: 3)
        for _ in 0..<30_000 { counts[generator.nextIndex(below: 3)] += 1 }
        for count in counts { #expect(abs(count - 10_000) < 400) }
    }
}
