import _CLapack

/// A = U·diag(σ)·Vᵀ, thin: U is m×k and Vᵀ is k×n with k = min(m, n).
public struct SingularValueDecomposition: Sendable {
    /// Singular values in descending order.
    public let values: [Double]
    public let left: Matrix
    public let rightTransposed: Matrix
    /// "dgesdd", or "dgesvd" when divide-and-conquer failed to converge and the slower,
    /// more robust QR iteration was used instead.
    public let routine: String

    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        let operation = "SVD"
        guard matrix.rows > 0, matrix.columns > 0 else { throw .empty(operation: operation) }
        try matrix.requireFinite(operation)
        prepareLapack()
        do {
            (values, left, rightTransposed) = try Self.decompose(matrix, divideAndConquer: true)
            routine = "dgesdd"
        } catch .didNotConverge {
            (values, left, rightTransposed) = try Self.decompose(matrix, divideAndConquer: false)
            routine = "dgesvd"
        }
    }

    /// σ_max / σ_min; infinite for a singular matrix.
    public var conditionNumber: Double {
        guard let largest = values.first, let smallest = values.last else { return .nan }
        return smallest == 0 ? .infinity : largest / smallest
    }

    /// The number of singular values above `relativeTolerance` × σ_max.
    public func rank(relativeTolerance: Double = 1e-10) -> Int {
        guard let largest = values.first, largest > 0 else { return 0 }
        return values.filter { $0 > relativeTolerance * largest }.count
    }

    private static func decompose(
        _ matrix: Matrix, divideAndConquer: Bool
    ) throws(LinearAlgebraError) -> ([Double], Matrix, Matrix) {
        let m = matrix.rows, n = matrix.columns, k = min(m, n)
        var a = matrix
        var values = [Double](repeating: 0, count: k)
        var u = Matrix(rows: m, columns: k)
        var vt = Matrix(rows: k, columns: n)
        // dgesdd takes a fixed 8·min(m, n) integers, not a queried amount.
        var fixedIntegerWork = [LapackInteger](repeating: 0, count: 8 * k)
        let routine = divideAndConquer ? "dgesdd" : "dgesvd"
        let info = try callWithWorkspace(routine) { work, lwork, _, _ in
            a.storage.withUnsafeMutableBufferPointer { aBuffer in
                u.storage.withUnsafeMutableBufferPointer { uBuffer in
                    vt.storage.withUnsafeMutableBufferPointer { vtBuffer in
                        if divideAndConquer {
                            return LAPACKE_dgesdd_work(
                                LAPACK_COL_MAJOR, lapackCharacter("S"), lapackInt(m), lapackInt(n), aBuffer.baseAddress,
                                lapackInt(m), &values, uBuffer.baseAddress, lapackInt(m), vtBuffer.baseAddress,
                                lapackInt(k), work, lwork, &fixedIntegerWork)
                        }
                        return LAPACKE_dgesvd_work(
                            LAPACK_COL_MAJOR, lapackCharacter("S"), lapackCharacter("S"), lapackInt(m), lapackInt(n),
                            aBuffer.baseAddress, lapackInt(m), &values, uBuffer.baseAddress, lapackInt(m),
                            vtBuffer.baseAddress, lapackInt(k), work, lwork)
                    }
                }
            }
        }
        if info > 0 { throw .didNotConverge(routine: routine, info: Int(info)) }
        return (values, u, vt)
    }
}
