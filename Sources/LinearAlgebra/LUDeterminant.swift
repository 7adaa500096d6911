#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import _CLapack

extension Matrix {
    /// log |det A| and the sign of det A, from an LU factorization with partial pivoting
    /// (dgetrf). A singular matrix gives (-∞, 0). For a symmetric positive-definite matrix,
    /// `CholeskyFactorization.logDeterminant` is cheaper.
    public func logAbsoluteDeterminant() throws(LinearAlgebraError) -> (logAbsoluteValue: Double, sign: Double) {
        let operation = "determinant"
        guard isSquare else { throw .notSquare(operation: operation, rows: rows, columns: columns) }
        try requireFinite(operation)
        guard rows > 0 else { return (0, 1) }
        prepareLapack()
        var lu = self
        var pivots = [LapackInteger](repeating: 0, count: rows)
        let n = rows
        let info = lu.storage.withUnsafeMutableBufferPointer { a in
            LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, lapackInt(n), lapackInt(n), a.baseAddress, lapackInt(n), &pivots)
        }
        try checkArguments(info, routine: "dgetrf")
        if info > 0 { return (-.infinity, 0) }
        var logAbsolute = 0.0
        var sign = 1.0
        for i in 0..<n {
            let pivot = lu.storage[i + i * n]
            logAbsolute += log(abs(pivot))
            if pivot < 0 { sign = -sign }
            if Int(pivots[i]) != i + 1 { sign = -sign }
        }
        return (logAbsolute, sign)
    }
}
