/// A dense matrix of `Double`, stored column by column as BLAS and LAPACK expect.
///
/// A value type: copies are cheap until written (the storage is a Swift array).
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// The entries, column-major: entry (i, j) is at `i + j * rows`.
    public var storage: [Double]

    /// A matrix with every entry equal to `value`. Like `Array(repeating:count:)`, a negative
    /// size is a programming error and traps; shapes that come from data go through the
    /// throwing initializers.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from column-major entries; throws if the count does not match the shape.
    public init(rows: Int, columns: Int, columnMajor entries: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, entries.count == rows * columns else {
            throw .dimensionMismatch(
                operation: "Matrix(rows:columns:columnMajor:)",
                expected: "\(max(rows, 0) * max(columns, 0)) entries for \(rows)×\(columns)",
                got: "\(entries.count) entries")
        }
        self.rows = rows
        self.columns = columns
        self.storage = entries
    }

    /// A matrix from a list of rows, as one writes it on paper; throws if the rows are ragged.
    public init(_ rowList: [[Double]]) throws(LinearAlgebraError) {
        let columns = rowList.first?.count ?? 0
        for (index, row) in rowList.enumerated() where row.count != columns {
            throw .dimensionMismatch(
                operation: "Matrix(rows)", expected: "\(columns) entries in every row",
                got: "\(row.count) in row \(index + 1)")
        }
        self.rows = rowList.count
        self.columns = columns
        var entries = [Double](repeating: 0, count: rows * columns)
        for (i, row) in rowList.enumerated() {
            for (j, value) in row.enumerated() { entries[i + j * rows] = value }
        }
        self.storage = entries
    }

    /// A matrix whose columns are the given vectors; throws if their lengths differ.
    public init(columnVectors: [[Double]]) throws(LinearAlgebraError) {
        let rows = columnVectors.first?.count ?? 0
        for (index, column) in columnVectors.enumerated() where column.count != rows {
            throw .dimensionMismatch(
                operation: "Matrix(columnVectors:)", expected: "\(rows) entries in every column",
                got: "\(column.count) in column \(index + 1)")
        }
        self.rows = rows
        self.columns = columnVectors.count
        // Reserved once: flatMap grows its result by doubling, copying a large design several times.
        var entries: [Double] = []
        entries.reserveCapacity(rows * columnVectors.count)
        for column in columnVectors { entries.append(contentsOf: column) }
        self.storage = entries
    }

    public static func identity(_ order: Int) -> Matrix {
        var result = Matrix(rows: order, columns: order)
        for i in 0..<order { result.storage[i + i * order] = 1 }
        return result
    }

    /// A square matrix with `values` on the diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var result = Matrix(rows: values.count, columns: values.count)
        for (i, value) in values.enumerated() { result.storage[i + i * values.count] = value }
        return result
    }

    @inlinable public var isSquare: Bool { rows == columns }
    public var shapeDescription: String { "\(rows)×\(columns)" }

    /// Inlinable so that loops over entries in other modules compile to plain array accesses.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row + column * rows] = newValue
        }
    }

    public func column(_ index: Int) -> [Double] {
        Array(storage[(index * rows)..<((index + 1) * rows)])
    }

    public func row(_ index: Int) -> [Double] {
        (0..<columns).map { storage[index + $0 * rows] }
    }

    public var diagonalEntries: [Double] {
        (0..<Swift.min(rows, columns)).map { storage[$0 + $0 * rows] }
    }

    /// The columns at `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var entries = [Double]()
        entries.reserveCapacity(rows * indices.count)
        for j in indices { entries.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        return Matrix(unchecked: rows, indices.count, entries)
    }

    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.storage[j + i * columns] = storage[i + j * rows] }
        }
        return result
    }

    /// The first non-finite entry, if any, as (row, column, value).
    public func firstNonFiniteEntry() -> (row: Int, column: Int, value: Double)? {
        guard let index = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (index % rows, index / rows, storage[index])
    }

    /// Throws if any entry is NaN or infinite; LAPACKE's own scan is switched off, so the
    /// routines that would silently propagate NaN call this instead.
    public func requireFinite(_ operation: String) throws(LinearAlgebraError) {
        if let bad = firstNonFiniteEntry() {
            throw .nonFiniteValue(operation: operation, row: bad.row, column: bad.column, value: bad.value)
        }
    }

    /// Throws unless square and symmetric to within `relativeTolerance` of the largest entry.
    public func requireSymmetric(_ operation: String, relativeTolerance: Double = 1e-10) throws(LinearAlgebraError) {
        guard isSquare else { throw .notSquare(operation: operation, rows: rows, columns: columns) }
        let scale = storage.reduce(0) { Swift.max($0, abs($1)) }
        let tolerance = relativeTolerance * scale
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(rows, j + 1) {
                let lower = storage[i + j * rows], upper = storage[j + i * rows]
                if abs(lower - upper) > tolerance {
                    throw .notSymmetric(operation: operation, row: j, column: i, upper: upper, lower: lower)
                }
            }
        }
    }

    /// The largest absolute difference between two matrices of the same shape.
    public func maximumAbsoluteDifference(_ other: Matrix) throws(LinearAlgebraError) -> Double {
        guard rows == other.rows, columns == other.columns else {
            throw .dimensionMismatch(operation: "maximumAbsoluteDifference",
                                     expected: shapeDescription, got: other.shapeDescription)
        }
        return zip(storage, other.storage).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }

    public var description: String {
        (0..<rows).map { i in row(i).map { String($0) }.joined(separator: "\t") }.joined(separator: "\n")
    }

    /// Internal initializer for shapes already known to be consistent.
    init(unchecked rows: Int, _ columns: Int, _ storage: [Double]) {
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }
}
