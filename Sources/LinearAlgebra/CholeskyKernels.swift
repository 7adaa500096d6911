import _CLapack

/// How a Cholesky factor is computed.
public enum CholeskyMethod: String, Sendable, Codable, CaseIterable {
    /// The small kernel up to `CholeskyKernels.smallOrderLimit`, LAPACK above it.
    case automatic
    /// LAPACK `dpotrf` and BLAS `dtrsv`/`dtrsm`.
    case lapack
    /// Plain Swift loops; about twice as fast as LAPACK for blocks up to 8×8, where LAPACK's
    /// 70-90 ns of per-call overhead dominates. Mixed models factor thousands of such blocks.
    case smallKernel
}

/// Cholesky on raw column-major storage, for callers that factor many blocks in place.
/// Only the lower triangle is read and written.
package enum CholeskyKernels {
    /// Up to this order `.automatic` uses the small kernel.
    package static let smallOrderLimit = 8

    /// Overwrites the lower triangle of the `order`×`order` block at `matrix` (leading
    /// dimension `order`) with L, where A = L·Lᵀ.
    @inlinable
    package static func factor(
        _ matrix: UnsafeMutablePointer<Double>, order: Int, method: CholeskyMethod = .automatic
    ) throws(LinearAlgebraError) {
        if order == 0 { return }
        if method == .smallKernel || (method == .automatic && order <= smallOrderLimit) {
            try smallFactor(matrix, order: order)
        } else {
            try lapackFactor(matrix, order: order)
        }
    }

    /// Solves A·x = b in place, given the factor from `factor`.
    @inlinable
    package static func solve(
        factor: UnsafePointer<Double>, order: Int, rightHandSide: UnsafeMutablePointer<Double>,
        method: CholeskyMethod = .automatic
    ) {
        if order == 0 { return }
        if method == .smallKernel || (method == .automatic && order <= smallOrderLimit) {
            smallSolve(factor: factor, order: order, rightHandSide: rightHandSide)
        } else {
            lapackSolve(factor: factor, order: order, rightHandSide: rightHandSide)
        }
    }

    @inlinable
    static func smallFactor(_ a: UnsafeMutablePointer<Double>, order n: Int) throws(LinearAlgebraError) {
        for j in 0..<n {
            var diagonal = a[j + j * n]
            for k in 0..<j { diagonal -= a[j + k * n] * a[j + k * n] }
            // `!(x > 0)` also rejects NaN.
            guard diagonal > 0 else { throw .notPositiveDefinite(minor: j + 1) }
            let pivot = diagonal.squareRoot()
            a[j + j * n] = pivot
            let reciprocal = 1 / pivot
            var i = j + 1
            while i < n {
                var sum = a[i + j * n]
                for k in 0..<j { sum -= a[i + k * n] * a[j + k * n] }
                a[i + j * n] = sum * reciprocal
                i += 1
            }
        }
    }

    @inlinable
    static func smallSolve(factor l: UnsafePointer<Double>, order n: Int, rightHandSide b: UnsafeMutablePointer<Double>) {
        // L·y = b
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= l[i + k * n] * b[k] }
            b[i] = sum / l[i + i * n]
        }
        // Lᵀ·x = y
        var i = n - 1
        while i >= 0 {
            var sum = b[i]
            var k = i + 1
            while k < n { sum -= l[k + i * n] * b[k]; k += 1 }
            b[i] = sum / l[i + i * n]
            i -= 1
        }
    }

    @usableFromInline
    static func lapackFactor(_ a: UnsafeMutablePointer<Double>, order n: Int) throws(LinearAlgebraError) {
        // The `_work` variant skips LAPACKE's NaN scan and its row-major bookkeeping.
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, lapackCharacter("L"), lapackInt(n), a, lapackInt(n))
        try checkArguments(info, routine: "dpotrf")
        if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
    }

    @usableFromInline
    static func lapackSolve(factor l: UnsafePointer<Double>, order n: Int, rightHandSide b: UnsafeMutablePointer<Double>) {
        cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), l, Int32(n), b, 1)
        cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, Int32(n), l, Int32(n), b, 1)
    }
}
