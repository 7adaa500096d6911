import Foundation
import Testing
@testable import HypothesisTests

/// Rank, exact and chi-square tests and p.adjust against R to 1e-8 relative.
// Source: Fixtures/classical_tests.json, written by Fixtures/classical_tests.R (R 4.2.2).
struct ClassicalTestsTests {
    struct Mann: Decodable { let name: String; let x, y: [String]; let W, p, estimate: String; let ci: [String]; let method: String }
    struct Signed: Decodable { let name: String; let before, after: [String]; let V, p: String }
    struct Kruskal: Decodable { let groups: [[String]]; let statistic: String; let df: Int; let p: String }
    struct Fisher: Decodable { let name: String; let table: [Int]; let p, or: String; let ci: [String] }
    struct Chisq: Decodable { let name: String; let counts: [Double]; let rows: Int; let statistic, p, statistic_no_yates, p_no_yates: String }
    struct Adjust: Decodable { let method: String; let adjusted, pair: [String] }
    struct FisherTable: Decodable { let name: String; let counts: [Int]; let rows: Int; let p: String }
    struct Fixture: Decodable {
        let mann_whitney: [Mann]
        let signed_rank: [Signed]
        let kruskal: Kruskal
        let fisher: [Fisher]
        let chisq: [Chisq]
        let fisher_rxc: [FisherTable]
        let p_values: [String]
        let adjust: [Adjust]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "classical_tests", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func numbers(_ strings: [String]) -> [Double] { strings.map { Double($0) ?? .nan } }

    static func agrees(_ actual: Double, _ expected: String, _ tolerance: Double = 1e-8) -> Bool {
        if expected == "NA" { return actual.isNaN }
        guard let expected = Double(expected) else { return false }
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        if actual.isInfinite || expected.isInfinite { return actual == expected }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300) || abs(actual - expected) < 1e-15
    }

    @Test func mannWhitneyAndHodgesLehmannAgreeWithWilcoxTest() throws {
        for testCase in try Self.fixture().mann_whitney {
            let test = try MannWhitneyTest(Self.numbers(testCase.x), Self.numbers(testCase.y))
            #expect(Self.agrees(test.statistic, testCase.W), "\(testCase.name) W")
            #expect(Self.agrees(test.pValue, testCase.p), "\(testCase.name) p \(test.pValue)")
            #expect(test.exact == testCase.method.contains("exact"), "\(testCase.name) exact")
            // With ties R finds the shift with uniroot (tolerance 1e-4) on a step function; the
            // same Brent steps give the same root.
            #expect(Self.agrees(test.shift, testCase.estimate), "\(testCase.name) shift \(test.shift)")
            #expect(Self.agrees(test.confidenceInterval.lower, testCase.ci[0]) && Self.agrees(test.confidenceInterval.upper, testCase.ci[1]),
                    "\(testCase.name) interval \(test.confidenceInterval)")
        }
    }

    @Test func signedRankAgreesWithWilcoxTest() throws {
        for testCase in try Self.fixture().signed_rank {
            let test = try SignedRankTest(before: Self.numbers(testCase.before), after: Self.numbers(testCase.after))
            #expect(Self.agrees(test.statistic, testCase.V) && Self.agrees(test.pValue, testCase.p), "\(testCase.name)")
        }
    }

    @Test func kruskalWallisAgreesWithKruskalTest() throws {
        let fixture = try Self.fixture().kruskal
        let test = try KruskalWallisTest(fixture.groups.map(Self.numbers))
        #expect(Self.agrees(test.statistic, fixture.statistic) && test.degreesOfFreedom == fixture.df && Self.agrees(test.pValue, fixture.p))
    }

    @Test func fisherExactAgreesWithFisherTest() throws {
        for testCase in try Self.fixture().fisher {
            let t = testCase.table
            let test = try FisherExactTest([[t[0], t[1]], [t[2], t[3]]])
            #expect(Self.agrees(test.pValue, testCase.p), "\(testCase.name) p")
            #expect(Self.agrees(test.oddsRatio, testCase.or), "\(testCase.name) OR \(test.oddsRatio)")
            #expect(Self.agrees(test.confidenceInterval.lower, testCase.ci[0]) && Self.agrees(test.confidenceInterval.upper, testCase.ci[1]),
                    "\(testCase.name) interval \(test.confidenceInterval)")
        }
    }

    @Test func fisherExactOnLargerTablesAgreesWithFisherTest() throws {
        for testCase in try Self.fixture().fisher_rxc {
            let columns = testCase.counts.count / testCase.rows
            let table = (0..<testCase.rows).map { Array(testCase.counts[($0 * columns)..<(($0 + 1) * columns)]) }
            let test = try FisherExactTableTest(table)
            #expect(Self.agrees(test.pValue, testCase.p), "\(testCase.name): \(test.pValue)")
        }
        // A 2 × 2 through the general route gives the 2 × 2 test's p.
        #expect(abs(try FisherExactTableTest([[8, 4], [3, 8]]).pValue - (try FisherExactTest([[8, 4], [3, 8]]).pValue)) < 1e-12)
    }

    @Test func chiSquareAgreesWithChisqTest() throws {
        for testCase in try Self.fixture().chisq {
            let columns = testCase.counts.count / testCase.rows
            let table = (0..<testCase.rows).map { Array(testCase.counts[($0 * columns)..<(($0 + 1) * columns)]) }
            let yates = try ChiSquareTest(table), plain = try ChiSquareTest(table, yates: false)
            #expect(Self.agrees(yates.statistic, testCase.statistic) && Self.agrees(yates.pValue, testCase.p), "\(testCase.name)")
            #expect(Self.agrees(plain.statistic, testCase.statistic_no_yates) && Self.agrees(plain.pValue, testCase.p_no_yates), "\(testCase.name)")
        }
    }

    @Test func pValueAdjustmentsAgreeWithPAdjust() throws {
        let fixture = try Self.fixture()
        let p = Self.numbers(fixture.p_values)
        #expect(Set(fixture.adjust.map(\.method)) == Set(PValueAdjustment.allCases.map(\.rawValue)))
        for expected in fixture.adjust {
            let method = try #require(PValueAdjustment(rawValue: expected.method))
            let adjusted = method.adjust(p)
            #expect(zip(adjusted, expected.adjusted).allSatisfy { Self.agrees($0, $1) }, "\(expected.method): \(adjusted) R: \(expected.adjusted)")
            #expect(zip(method.adjust([0.03, 0.02]), expected.pair).allSatisfy { Self.agrees($0, $1) }, "\(expected.method) pair")
        }
    }
}
