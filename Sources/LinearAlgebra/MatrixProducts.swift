import _CLapack

/// Products through BLAS: gemm, gemv and syrk.
extension Matrix {
    /// `op(self) · op(other)`, where `op` transposes when asked (dgemm).
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false, transposingOther: Bool = false
    ) throws(LinearAlgebraError) -> Matrix {
        let (m, inner) = transposingSelf ? (columns, rows) : (rows, columns)
        let (otherInner, n) = transposingOther ? (other.columns, other.rows) : (other.rows, other.columns)
        guard inner == otherInner else {
            throw .dimensionMismatch(
                operation: "matrix product",
                expected: "\(inner) rows in the right operand\(transposingOther ? " (transposed)" : "")",
                got: "\(otherInner) (left \(transposingSelf ? "transposed " : "")\(shapeDescription), right \(other.shapeDescription))")
        }
        var result = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, inner > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        transposingOther ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(inner), 1.0,
                        a.baseAddress, Int32(max(rows, 1)), b.baseAddress, Int32(max(other.rows, 1)),
                        0.0, c.baseAddress, Int32(max(m, 1)))
                }
            }
        }
        return result
    }

    /// `op(self) · vector` (dgemv).
    public func multiplied(by vector: [Double], transposingSelf: Bool = false) throws(LinearAlgebraError) -> [Double] {
        let (m, n) = transposingSelf ? (columns, rows) : (rows, columns)
        guard vector.count == n else {
            throw .dimensionMismatch(operation: "matrix-vector product",
                                     expected: "a vector of length \(n)", got: "length \(vector.count)")
        }
        var result = [Double](repeating: 0, count: m)
        guard m > 0, n > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            cblas_dgemv(CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        Int32(rows), Int32(columns), 1.0, a.baseAddress, Int32(max(rows, 1)),
                        vector, 1, 0.0, &result, 1)
        }
        return result
    }

    /// The cross product `selfᵀ · self` (dsyrk), with both triangles filled. This is X'X of a
    /// design, computed in about half the flops of a general product.
    public func crossProduct() -> Matrix {
        var result = Matrix(rows: columns, columns: columns)
        guard columns > 0, rows > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { c in
                cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, Int32(columns), Int32(rows),
                            1.0, a.baseAddress, Int32(rows), 0.0, c.baseAddress, Int32(columns))
            }
        }
        result.copyLowerTriangleToUpper()
        return result
    }

    /// Makes a matrix whose lower triangle is authoritative symmetric.
    mutating func copyLowerTriangleToUpper() {
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(rows, j + 1) { storage[j + i * rows] = storage[i + j * rows] }
        }
    }

    /// Zeroes the strict upper triangle (LAPACK leaves the input there).
    mutating func zeroStrictUpperTriangle() {
        for j in 0..<columns {
            for i in 0..<Swift.min(j, rows) { storage[i + j * rows] = 0 }
        }
    }

    /// Zeroes the strict lower triangle.
    mutating func zeroStrictLowerTriangle() {
        for j in 0..<columns {
            for i in Swift.min(j + 1, rows)..<rows { storage[i + j * rows] = 0 }
        }
    }
}

/// The dot product of two vectors of equal length.
public func dot(_ x: [Double], _ y: [Double]) throws(LinearAlgebraError) -> Double {
    guard x.count == y.count else {
        throw .dimensionMismatch(operation: "dot product", expected: "vectors of equal length",
                                 got: "lengths \(x.count) and \(y.count)")
    }
    return cblas_ddot(Int32(x.count), x, 1, y, 1)
}
