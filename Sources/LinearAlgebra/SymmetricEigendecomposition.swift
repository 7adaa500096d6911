import _CLapack

/// A = V·diag(λ)·Vᵀ for a symmetric A (dsyevr, the MRRR algorithm).
public struct SymmetricEigendecomposition: Sendable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Orthonormal eigenvectors, column k belonging to `values[k]`.
    public let vectors: Matrix

    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        let operation = "symmetric eigendecomposition"
        guard matrix.isSquare else { throw .notSquare(operation: operation, rows: matrix.rows, columns: matrix.columns) }
        guard matrix.rows > 0 else { throw .empty(operation: operation) }
        try matrix.requireFinite(operation)
        try matrix.requireSymmetric(operation)
        prepareLapack()
        let n = matrix.rows
        var a = matrix
        var values = [Double](repeating: 0, count: n)
        var vectors = Matrix(rows: n, columns: n)
        var support = [LapackInteger](repeating: 0, count: 2 * n)
        var found: LapackInteger = 0
        let info = try callWithWorkspace("dsyevr") { work, lwork, integerWork, integerLwork in
            a.storage.withUnsafeMutableBufferPointer { aBuffer in
                vectors.storage.withUnsafeMutableBufferPointer { z in
                    LAPACKE_dsyevr_work(
                        LAPACK_COL_MAJOR, lapackCharacter("V"), lapackCharacter("A"), lapackCharacter("L"),
                        lapackInt(n), aBuffer.baseAddress, lapackInt(n), 0, 0, 0, 0, 0, &found, &values,
                        z.baseAddress, lapackInt(n), &support, work, lwork, integerWork, integerLwork)
                }
            }
        }
        if info > 0 { throw .didNotConverge(routine: "dsyevr", info: Int(info)) }
        self.values = values
        self.vectors = vectors
    }
}
