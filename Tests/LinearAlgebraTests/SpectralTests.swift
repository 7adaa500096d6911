import Testing
@testable import LinearAlgebra

/// Symmetric eigendecomposition, SVD and determinants.
struct SpectralTests {
    @Test func eigenvaluesAgreeWithRAndVectorsReconstruct() throws {
        for testCase in try DecompositionFixture.load().symmetric {
            let a = try testCase.matrix.matrix()
            let eigen = try SymmetricEigendecomposition(a)
            // Source: decompositions.json, rev(eigen(a, symmetric = TRUE)$values) in R 4.2.2,
            // compared relative to the largest eigenvalue (the accuracy any backward-stable method has).
            #expect(relativeError(eigen.values, try numbers(testCase.eigenvaluesAscending)) < 1e-12, "\(testCase.name)")
            let scaled = try eigen.vectors.multiplied(by: Matrix.diagonal(eigen.values))
            let reconstructed = try scaled.multiplied(by: eigen.vectors, transposingOther: true)
            #expect(relativeError(reconstructed.storage, a.storage) < 1e-12, "\(testCase.name)")
            let gram = eigen.vectors.crossProduct()
            #expect(try gram.maximumAbsoluteDifference(.identity(a.rows)) < 1e-12, "\(testCase.name)")
        }
    }

    @Test func singularValuesAgreeWithRAndReconstruct() throws {
        for testCase in try DecompositionFixture.load().general {
            let a = try testCase.matrix.matrix()
            let svd = try SingularValueDecomposition(a)
            // Source: decompositions.json, svd(a)$d in R 4.2.2, relative to σ_max.
            #expect(relativeError(svd.values, try numbers(testCase.singularValues)) < 1e-12, "\(testCase.name)")
            let reconstructed = try svd.left.multiplied(by: .diagonal(svd.values)).multiplied(by: svd.rightTransposed)
            #expect(relativeError(reconstructed.storage, a.storage) < 1e-13, "\(testCase.name)")
        }
    }

    @Test func exactlySingularAndIllConditionedMatricesAreRecognised() throws {
        let general = try DecompositionFixture.load().general
        let singular = try #require(general.first { $0.name == "singular4" }).matrix.matrix()
        let svd = try SingularValueDecomposition(singular)
        #expect(svd.rank() == 3)
        #expect(svd.conditionNumber > 1e15)
        let hilbert = try #require(general.first { $0.name == "hilbert12" }).matrix.matrix()
        // Source: R 4.2.2, kappa(hilbert(12), exact = TRUE) is about 1.7e16.
        #expect(try SingularValueDecomposition(hilbert).conditionNumber > 1e15)
    }

    @Test func logDeterminantsAgreeWithR() throws {
        for testCase in try DecompositionFixture.load().general {
            guard let expectedText = testCase.logAbsoluteDeterminant, let sign = testCase.determinantSign else { continue }
            let a = try testCase.matrix.matrix()
            let (logAbsolute, actualSign) = try a.logAbsoluteDeterminant()
            let expected = try #require(Double(expectedText))
            if expected.isFinite {
                // Source: decompositions.json, determinant(a) in R 4.2.2.
                #expect(abs(logAbsolute - expected) <= 1e-8 * abs(expected), "\(testCase.name)")
                #expect(actualSign == sign, "\(testCase.name)")
            } else {
                // R found an exactly zero pivot; a different LU may find round-off instead.
                #expect(logAbsolute < -30, "\(testCase.name)")
            }
        }
        let spd = randomSymmetricPositiveDefinite(order: 9, seed: 21)
        let viaCholesky = try CholeskyFactorization(spd).logDeterminant
        #expect(abs(try spd.logAbsoluteDeterminant().logAbsoluteValue - viaCholesky) < 1e-12 * abs(viaCholesky))
        #expect(try Matrix([[0, 1], [1, 0]]).logAbsoluteDeterminant().sign == -1)
    }

    @Test func triangularSolvesReportAZeroPivot() throws {
        let lower = try Matrix([[2, 0, 0], [1, 3, 0], [4, 5, 6]])
        let x = try lower.solvingTriangular([2, 7, 32], triangle: .lower)
        #expect(relativeError(x, [1, 2, 3]) < 1e-15)
        let xt = try lower.solvingTriangular([2 + 1 * 3 + 4 * 1, 3 * 3 + 5 * 1, 6], triangle: .lower, transposed: true)
        #expect(relativeError(xt, [1, 3, 1]) < 1e-15)
        let singular = try Matrix([[2, 0, 0], [1, 0, 0], [4, 5, 6]])
        #expect(throws: LinearAlgebraError.singular(operation: "triangular solve", index: 2)) {
            try singular.solvingTriangular([1, 1, 1], triangle: .lower)
        }
        #expect(throws: LinearAlgebraError.self) { try lower.solvingTriangular([1, 1], triangle: .lower) }
    }

    @Test func nonSymmetricInputToEigenThrows() throws {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigendecomposition(Matrix([[1, 2], [3, 4]])) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigendecomposition(Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try SingularValueDecomposition(Matrix([[1, .nan]])) }
    }
}
