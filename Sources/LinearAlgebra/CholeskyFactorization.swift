#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import _CLapack

/// A = L·Lᵀ for a symmetric positive-definite A: solves, inverse and log-determinant.
public struct CholeskyFactorization: Sendable, Equatable {
    /// The lower-triangular factor L, zero above the diagonal.
    public let lower: Matrix
    public let method: CholeskyMethod

    public var order: Int { lower.rows }

    /// Factors `matrix`, which must be square, finite and symmetric. A matrix that is not
    /// positive definite throws `.notPositiveDefinite(minor:)` naming the first failing minor.
    public init(_ matrix: Matrix, method: CholeskyMethod = .automatic) throws(LinearAlgebraError) {
        let operation = "Cholesky"
        guard matrix.isSquare else { throw .notSquare(operation: operation, rows: matrix.rows, columns: matrix.columns) }
        try matrix.requireFinite(operation)
        try matrix.requireSymmetric(operation)
        prepareLapack()
        var factor = matrix
        let order = matrix.rows
        try factor.storage.withUnsafeMutableBufferPointer { (buffer) throws(LinearAlgebraError) in
            guard let base = buffer.baseAddress else { return }
            try CholeskyKernels.factor(base, order: order, method: method)
        }
        factor.zeroStrictUpperTriangle()
        self.lower = factor
        self.method = method
    }

    /// Solves A·x = b.
    public func solve(_ rightHandSide: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard rightHandSide.count == order else {
            throw .dimensionMismatch(operation: "Cholesky solve", expected: "a vector of length \(order)",
                                     got: "length \(rightHandSide.count)")
        }
        var solution = rightHandSide
        let n = order, method = method
        lower.storage.withUnsafeBufferPointer { factor in
            solution.withUnsafeMutableBufferPointer { b in
                guard let factorBase = factor.baseAddress, let bBase = b.baseAddress else { return }
                CholeskyKernels.solve(factor: factorBase, order: n, rightHandSide: bBase, method: method)
            }
        }
        return solution
    }

    /// Solves A·X = B for every column of B (dpotrs).
    public func solve(_ rightHandSides: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard rightHandSides.rows == order else {
            throw .dimensionMismatch(operation: "Cholesky solve", expected: "\(order) rows",
                                     got: rightHandSides.shapeDescription)
        }
        var solution = rightHandSides
        guard order > 0, rightHandSides.columns > 0 else { return solution }
        prepareLapack()
        let info = lower.storage.withUnsafeBufferPointer { factor in
            solution.storage.withUnsafeMutableBufferPointer { b in
                LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, lapackCharacter("L"), lapackInt(order),
                                    lapackInt(rightHandSides.columns), factor.baseAddress, lapackInt(order),
                                    b.baseAddress, lapackInt(order))
            }
        }
        try checkArguments(info, routine: "dpotrs")
        return solution
    }

    /// log det A = 2 Σ log Lᵢᵢ, computed without forming det A, which under- or overflows.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<order { sum += log(lower.storage[i + i * order]) }
        return 2 * sum
    }

    /// A⁻¹, symmetric (dpotri).
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        var result = lower
        guard order > 0 else { return result }
        prepareLapack()
        let n = order
        let info = result.storage.withUnsafeMutableBufferPointer { buffer in
            LAPACKE_dpotri_work(LAPACK_COL_MAJOR, lapackCharacter("L"), lapackInt(n), buffer.baseAddress, lapackInt(n))
        }
        try checkArguments(info, routine: "dpotri")
        if info > 0 { throw .singular(operation: "Cholesky inverse", index: Int(info)) }
        result.copyLowerTriangleToUpper()
        return result
    }
}
