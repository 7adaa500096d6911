import Testing
@testable import LinearAlgebra

struct MatrixTests {
    @Test func rowListsBecomeColumnMajorStorage() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a.storage == [1, 4, 2, 5, 3, 6])
        #expect(a[1, 2] == 6)
        #expect(a.transposed().storage == [1, 2, 3, 4, 5, 6])
        #expect(a.column(1) == [2, 5])
        #expect(a.row(0) == [1, 2, 3])
        #expect(a.selectingColumns([2, 0]).storage == [3, 6, 1, 4])
    }

    @Test func raggedOrMiscountedInputThrows() {
        #expect(throws: LinearAlgebraError.dimensionMismatch(
            operation: "Matrix(rows)", expected: "2 entries in every row", got: "3 in row 2")) {
            try Matrix([[1, 2], [3, 4, 5]])
        }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(columnVectors: [[1, 2], [3]]) }
    }

    @Test func nonFiniteEntriesAreFoundWithTheirPosition() throws {
        let a = try Matrix([[1, 2], [3, .nan]])
        let error = #expect(throws: LinearAlgebraError.self) { try a.requireFinite("test") }
        guard case let .nonFiniteValue(_, row, column, value)? = error else {
            Issue.record("expected nonFiniteValue, got \(String(describing: error))")
            return
        }
        #expect(row == 1 && column == 1 && value.isNaN)
        let message = LinearAlgebraError.nonFiniteValue(operation: "Cholesky", row: 1, column: 0, value: .infinity).description
        #expect(message == "Cholesky: entry (2, 1) is inf; every entry must be a finite number")
    }

    @Test func productsAgreeWithPlainLoops() throws {
        let a = randomMatrix(rows: 7, columns: 5, seed: 1)
        let b = randomMatrix(rows: 5, columns: 4, seed: 2)
        let product = try a.multiplied(by: b)
        #expect(try product.maximumAbsoluteDifference(naiveProduct(a, b)) < 1e-13)
        let viaTranspose = try a.transposed().multiplied(by: b, transposingSelf: true)
        #expect(try viaTranspose.maximumAbsoluteDifference(product) < 1e-13)
        let bothTransposed = try b.multiplied(by: a, transposingSelf: true, transposingOther: true)
        #expect(try bothTransposed.maximumAbsoluteDifference(product.transposed()) < 1e-13)
        let vector = [1.0, -2, 0.5, 3, 0]
        let expected = naiveProduct(a, try Matrix(rows: 5, columns: 1, columnMajor: vector)).storage
        #expect(relativeError(try a.multiplied(by: vector), expected) < 1e-14)
        let transposedVector = try a.multiplied(by: [1, 0, 0, 0, 0, 0, 1], transposingSelf: true)
        #expect(relativeError(transposedVector, zip(a.row(0), a.row(6)).map { $0 + $1 }) < 1e-14)
    }

    @Test func crossProductIsSymmetricAndMatchesTheGeneralProduct() throws {
        let x = randomMatrix(rows: 30, columns: 6, seed: 3)
        let viaSyrk = x.crossProduct()
        let viaGemm = try x.multiplied(by: x, transposingSelf: true)
        #expect(try viaSyrk.maximumAbsoluteDifference(viaGemm) < 1e-12)
        #expect(viaSyrk == viaSyrk.transposed())
    }

    @Test func mismatchedProductsThrowAndSaySo() throws {
        let a = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
        do {
            _ = try a.multiplied(by: [1, 2])
            Issue.record("expected a throw")
        } catch {
            #expect(error.description == "matrix-vector product: shapes do not fit; expected a vector of length 3, got length 2")
        }
        #expect(throws: LinearAlgebraError.self) { try dot([1, 2], [1]) }
        #expect(try dot([1, 2, 3], [4, 5, 6]) == 32)
    }

    @Test func emptyShapesAreHandled() throws {
        let empty = Matrix(rows: 0, columns: 3)
        let product = try empty.multiplied(by: Matrix(rows: 3, columns: 2))
        #expect(product.rows == 0 && product.columns == 2)
        #expect(throws: LinearAlgebraError.empty(operation: "QR")) { try PivotedQR(empty) }
        #expect(throws: LinearAlgebraError.empty(operation: "SVD")) { try SingularValueDecomposition(empty) }
    }
}
