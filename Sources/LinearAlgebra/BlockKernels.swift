import _CLapack

/// BLAS updates on raw column-major storage, for callers (the mixed-model blocked Cholesky)
/// that keep their blocks in flat arrays and update them in place at every objective evaluation.
package enum BlockKernels {
    /// C ← C − A·Aᵀ on the lower triangle of the `order`×`order` C (leading dimension `order`),
    /// where A is `order`×`count` with leading dimension `order` (dsyrk).
    package static func subtractGram(
        _ c: UnsafeMutablePointer<Double>, order: Int, _ a: UnsafePointer<Double>, count: Int
    ) {
        guard order > 0, count > 0 else { return }
        cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, Int32(order), Int32(count), -1.0, a, Int32(order),
                    1.0, c, Int32(order))
    }

    /// Solves op(L)·x = b in place for the lower-triangular `order`×`order` L with leading
    /// dimension `leadingDimension` (dtrsv); `transposed` solves Lᵀ·x = b.
    package static func solveLowerTriangular(
        _ l: UnsafePointer<Double>, order: Int, leadingDimension: Int, _ b: UnsafeMutablePointer<Double>, transposed: Bool
    ) {
        guard order > 0 else { return }
        cblas_dtrsv(CblasColMajor, CblasLower, transposed ? CblasTrans : CblasNoTrans, CblasNonUnit, Int32(order), l,
                    Int32(leadingDimension), b, 1)
    }
}
