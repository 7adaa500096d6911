/// Every failure in this module: bad shapes, bad values, and LAPACK's `info` codes, each turned
/// into a case a person can act on. LAPACK status is never checked with `assert`.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands whose shapes do not fit, e.g. a 3×2 times a 3×2.
    case dimensionMismatch(operation: String, expected: String, got: String)
    /// An operation that needs a square matrix was given a rectangular one.
    case notSquare(operation: String, rows: Int, columns: Int)
    /// An operation that needs a symmetric matrix was given one whose (row, column) and
    /// (column, row) entries differ by more than rounding.
    case notSymmetric(operation: String, row: Int, column: Int, upper: Double, lower: Double)
    /// NaN or ±infinity in the input. Rows and columns are zero-based.
    case nonFiniteValue(operation: String, row: Int, column: Int, value: Double)
    /// A matrix with no rows or no columns where one with entries is needed.
    case empty(operation: String)
    /// Cholesky failed: the leading minor of this order (one-based, as LAPACK counts) is not
    /// positive definite.
    case notPositiveDefinite(minor: Int)
    /// A triangular or general solve met an exactly zero pivot at this one-based index.
    case singular(operation: String, index: Int)
    /// An iterative LAPACK routine (eigen, SVD) did not converge; `info` is LAPACK's count.
    case didNotConverge(routine: String, info: Int)
    /// LAPACK rejected an argument. This is a bug in TrialStats, not in the caller's data.
    case lapackArgument(routine: String, position: Int)

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, expected, got):
            return "\(operation): shapes do not fit; expected \(expected), got \(got)"
        case let .notSquare(operation, rows, columns):
            return "\(operation): needs a square matrix, got \(rows)×\(columns)"
        case let .notSymmetric(operation, row, column, upper, lower):
            return "\(operation): matrix is not symmetric: entry (\(row + 1), \(column + 1)) is \(upper) "
                + "but (\(column + 1), \(row + 1)) is \(lower)"
        case let .nonFiniteValue(operation, row, column, value):
            return "\(operation): entry (\(row + 1), \(column + 1)) is \(value); every entry must be a finite number"
        case let .empty(operation):
            return "\(operation): the matrix has no entries"
        case let .notPositiveDefinite(minor):
            return "Cholesky: matrix is not positive definite (the leading minor of order \(minor) is not positive)"
        case let .singular(operation, index):
            return "\(operation): matrix is singular (zero pivot at position \(index))"
        case let .didNotConverge(routine, info):
            return "\(routine): the algorithm did not converge (\(info) values failed to converge)"
        case let .lapackArgument(routine, position):
            return "\(routine): LAPACK rejected argument \(position); this is a TrialStats bug, please report it"
        }
    }
}

/// Turns a LAPACK `info` into an error for the cases every routine shares.
@inline(__always)
func checkArguments(_ info: Int32, routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .lapackArgument(routine: routine, position: Int(-info)) }
}
