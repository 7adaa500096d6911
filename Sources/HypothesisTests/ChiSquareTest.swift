import Distributions

/// Pearson's chi-square test of independence in an r × c table of counts, as R's `chisq.test`:
/// Yates's continuity correction on 2 × 2 tables unless `yates` is false.
public struct ChiSquareTest: Codable, Sendable, Equatable {
    public let statistic: Double
    public let degreesOfFreedom: Int
    public let pValue: Double
    public let yatesCorrected: Bool
    /// The expected counts; R warns when any is below 5, and so does `smallExpectedCounts`.
    public let expected: [[Double]]

    public var smallExpectedCounts: Bool { expected.joined().contains { $0 < 5 } }

    public init(_ table: [[Double]], yates: Bool = true) throws(HypothesisTestError) {
        let rows = table.count, columns = table.first?.count ?? 0
        guard rows >= 2, columns >= 2, table.allSatisfy({ $0.count == columns }) else {
            throw .invalidSummary(field: "table", value: Double(rows), expected: "at least 2 rows and 2 columns of equal length")
        }
        guard table.joined().allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .invalidSummary(field: "count", value: table.joined().first { !($0 >= 0 && $0.isFinite) }!, expected: "counts ≥ 0")
        }
        let total = table.joined().reduce(0, +)
        let rowSums = table.map { $0.reduce(0, +) }
        let columnSums = (0..<columns).map { column in table.reduce(0) { $0 + $1[column] } }
        guard rowSums.allSatisfy({ $0 > 0 }), columnSums.allSatisfy({ $0 > 0 }) else { throw .zeroVariance }
        let expected = (0..<rows).map { row in (0..<columns).map { rowSums[row] * columnSums[$0] / total } }
        self.expected = expected
        yatesCorrected = yates && rows == 2 && columns == 2
        var sum = 0.0
        for row in 0..<rows {
            for column in 0..<columns {
                let difference = abs(table[row][column] - expected[row][column])
                let correction = yatesCorrected ? min(0.5, difference) : 0
                sum += (difference - correction) * (difference - correction) / expected[row][column]
            }
        }
        statistic = sum
        degreesOfFreedom = (rows - 1) * (columns - 1)
        pValue = (try! ChiSquared(degreesOfFreedom: Double(degreesOfFreedom))).ccdf(sum)
    }
}
