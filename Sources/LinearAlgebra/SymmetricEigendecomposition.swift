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
        var work = [Double](repeating: 0, count: 1)
        var integerWork = [LapackInteger](repeating: 0, count: 1)
        for pass in 0..<2 {
            let info = a.storage.withUnsafeMutableBufferPointer { aBuffer in
                vectors.storage.withUnsafeMutableBufferPointer { z in
                    LAPACKE_dsyevr_work(
                        LAPACK_COL_MAJOR, lapackCharacter("V"), lapackCharacter("A"), lapackCharacter("L"),
                        lapackInt(n), aBuffer.baseAddress, lapackInt(n), 0, 0, 0, 0, 0, &found, &values,
                        z.baseAddress, lapackInt(n), &support, &work, lapackInt(pass == 0 ? -1 : work.count),
                        &integerWork, lapackInt(pass == 0 ? -1 : integerWork.count))
                }
            }
            try checkArguments(info, routine: "dsyevr")
            if info > 0 { throw .didNotConverge(routine: "dsyevr", info: Int(info)) }
            if pass == 0 {
                work = [Double](repeating: 0, count: max(1, Int(work[0])))
                integerWork = [LapackInteger](repeating: 0, count: max(1, Int(integerWork[0])))
            }
        }
        self.values = values
        self.vectors = vectors
    }
}
