#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fisher's exact test of independence in an r × c table (responders by three arms, say), as
/// R's `fisher.test`: the p-value sums the probabilities of every table with the observed margins
/// that is no more probable than the observed one (with R's 1e-7 relative tolerance for ties).
/// Tables are enumerated outright; beyond `maximumTables` the test stops and says to use the
/// chi-square test instead.
public struct FisherExactTableTest: Codable, Sendable, Equatable {
    public let pValue: Double
    /// How many tables with the observed margins there are.
    public let tablesEnumerated: Int

    public static let maximumTables = 20_000_000

    public init(_ table: [[Int]]) throws(HypothesisTestError) {
        let rows = table.count, columns = table.first?.count ?? 0
        guard rows >= 2, columns >= 2, table.allSatisfy({ $0.count == columns }), table.joined().allSatisfy({ $0 >= 0 }) else {
            throw .invalidSummary(field: "table", value: Double(rows), expected: "at least 2 × 2 counts ≥ 0 in rows of equal length")
        }
        let rowSums = table.map { $0.reduce(0, +) }
        let columnSums = (0..<columns).map { column in table.reduce(0) { $0 + $1[column] } }
        let total = rowSums.reduce(0, +)
        var logFactorial = [Double](repeating: 0, count: max(total, 1) + 1)
        for k in logFactorial.indices {
            let argument = Double(k) + 1
            logFactorial[k] = lgamma(argument)
        }
        // log P(table) = Σ log r! + Σ log c! − log n! − Σ log cell!
        let constant = rowSums.reduce(0) { $0 + logFactorial[$1] } + columnSums.reduce(0) { $0 + logFactorial[$1] } - logFactorial[total]
        let observed = constant - table.joined().reduce(0) { $0 + logFactorial[$1] }
        let threshold = observed + log1p(1e-7)

        var sum = 0.0, count = 0
        var remainingColumns = columnSums
        var overflow = false
        // Fill row by row; the last row is fixed by the column sums, the last cell of a row by its sum.
        func fill(row: Int, column: Int, rowLeft: Int, logSoFar: Double) {
            if overflow { return }
            if row == rows - 1 {
                var logProbability = logSoFar
                for c in 0..<columns { logProbability -= logFactorial[remainingColumns[c]] }
                count += 1
                if count > Self.maximumTables { overflow = true; return }
                if logProbability <= threshold { sum += exp(logProbability) }
                return
            }
            if column == columns - 1 {
                guard rowLeft <= remainingColumns[column] else { return }
                remainingColumns[column] -= rowLeft
                fill(row: row + 1, column: 0, rowLeft: rowSums[row + 1], logSoFar: logSoFar - logFactorial[rowLeft])
                remainingColumns[column] += rowLeft
                return
            }
            // The rest of the row must fit in the columns to its right.
            let roomRight = remainingColumns[(column + 1)...].reduce(0, +)
            let low = max(0, rowLeft - roomRight), high = min(rowLeft, remainingColumns[column])
            guard low <= high else { return }
            for value in low...high {
                remainingColumns[column] -= value
                fill(row: row, column: column + 1, rowLeft: rowLeft - value, logSoFar: logSoFar - logFactorial[value])
                remainingColumns[column] += value
            }
        }
        fill(row: 0, column: 0, rowLeft: rowSums[0], logSoFar: constant)
        guard !overflow else {
            throw .notComputable("more than \(Self.maximumTables) tables share these margins; use the chi-square test")
        }
        pValue = min(1, sum)
        tablesEnumerated = count
    }
}
