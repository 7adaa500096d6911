import _CLapack

/// Which triangle of a square matrix holds a triangular factor.
public enum Triangle: String, Sendable, Codable {
    case lower, upper
}

extension Matrix {
    /// Solves op(T)·X = B, where T is the given triangle of `self` (dtrtrs). An exactly zero
    /// diagonal entry throws `.singular` with its position; the other triangle is ignored.
    public func solvingTriangular(
        _ rightHandSides: Matrix, triangle: Triangle, transposed: Bool = false
    ) throws(LinearAlgebraError) -> Matrix {
        let operation = "triangular solve"
        guard isSquare else { throw .notSquare(operation: operation, rows: rows, columns: columns) }
        guard rightHandSides.rows == rows else {
            throw .dimensionMismatch(operation: operation, expected: "\(rows) rows on the right-hand side",
                                     got: rightHandSides.shapeDescription)
        }
        try rightHandSides.requireFinite(operation)
        var solution = rightHandSides
        guard rows > 0, rightHandSides.columns > 0 else { return solution }
        prepareLapack()
        let n = rows
        let info = storage.withUnsafeBufferPointer { t in
            solution.storage.withUnsafeMutableBufferPointer { b in
                LAPACKE_dtrtrs_work(LAPACK_COL_MAJOR, lapackCharacter(triangle == .lower ? "L" : "U"),
                                    lapackCharacter(transposed ? "T" : "N"), lapackCharacter("N"),
                                    lapackInt(n), lapackInt(rightHandSides.columns), t.baseAddress, lapackInt(n),
                                    b.baseAddress, lapackInt(n))
            }
        }
        try checkArguments(info, routine: "dtrtrs")
        if info > 0 { throw .singular(operation: operation, index: Int(info)) }
        return solution
    }

    /// Solves op(T)·x = b for one vector.
    public func solvingTriangular(
        _ rightHandSide: [Double], triangle: Triangle, transposed: Bool = false
    ) throws(LinearAlgebraError) -> [Double] {
        let b = Matrix(unchecked: rightHandSide.count, 1, rightHandSide)
        return try solvingTriangular(b, triangle: triangle, transposed: transposed).storage
    }
}
