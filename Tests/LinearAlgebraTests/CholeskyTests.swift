import Testing
@testable import LinearAlgebra

struct CholeskyTests {
    @Test(arguments: CholeskyMethod.allCases)
    func agreesWithR(method: CholeskyMethod) throws {
        for testCase in try DecompositionFixture.load().symmetric {
            let a = try testCase.matrix.matrix()
            // The small kernel handles any order; forcing it on 40×40 tests the general loop.
            let factorization = try CholeskyFactorization(a, method: method)
            let expected = try testCase.cholLower.matrix()
            // Source: decompositions.json, t(chol(a)) in R 4.2.2. The factor of a perturbed matrix
            // moves by up to about κ(A)·‖ΔA‖/‖A‖ (Sun 1991), and Cholesky's backward error is about
            // nε‖A‖: n·κ·ε is 3e-5 for the Hilbert matrix, where R agrees with us to 1e-11 only
            // because both round alike. The reconstruction below is the tight, kernel-free check.
            let eigenvalues = try numbers(testCase.eigenvaluesAscending)
            let condition = eigenvalues[eigenvalues.count - 1] / eigenvalues[0]
            let factorTolerance = max(1e-10, Double(a.rows) * condition * .ulpOfOne)
            #expect(relativeError(factorization.lower.storage, expected.storage) < factorTolerance, "\(testCase.name)")
            let reconstructed = try factorization.lower.multiplied(by: factorization.lower, transposingOther: true)
            #expect(relativeError(reconstructed.storage, a.storage) < 1e-14, "\(testCase.name)")
            // Source: decompositions.json, determinant(a, logarithm = TRUE) in R 4.2.2 (an LU).
            // Two backward-stable factorizations agree to about cond(A)·ε in the log-determinant:
            // 3e-6 for the Hilbert matrix (cond 1.5e10), round-off for the random ones.
            let logDeterminant = try #require(Double(testCase.logDeterminant))
            let logTolerance = testCase.name == "hilbert8" ? 1e-5 : 1e-10 * abs(logDeterminant)
            #expect(abs(factorization.logDeterminant - logDeterminant) <= logTolerance, "\(testCase.name)")
            // Source: decompositions.json, solve(a) in R 4.2.2. The Hilbert matrix has condition
            // number 1.5e10, so its inverse is only good to about 1e-6 in any implementation.
            let inverse = try factorization.inverse()
            let tolerance = testCase.name == "hilbert8" ? 1e-5 : 1e-10
            #expect(relativeError(inverse.storage, try testCase.inverse.matrix().storage) < tolerance, "\(testCase.name)")
        }
    }

    @Test func smallKernelMatchesLapackAtEverySmallOrder() throws {
        for order in 1...8 {
            let a = randomSymmetricPositiveDefinite(order: order, seed: UInt64(order))
            let small = try CholeskyFactorization(a, method: .smallKernel)
            let lapack = try CholeskyFactorization(a, method: .lapack)
            #expect(relativeError(small.lower.storage, lapack.lower.storage) < 1e-13, "order \(order)")
            let b = (0..<order).map { Double($0) - 1.5 }
            let x = try small.solve(b)
            #expect(relativeError(x, try lapack.solve(b)) < 1e-12, "order \(order)")
            #expect(relativeError(try a.multiplied(by: x), b) < 1e-12, "order \(order)")
        }
    }

    @Test func solvingManyRightHandSidesMatchesOneAtATime() throws {
        let a = randomSymmetricPositiveDefinite(order: 12, seed: 5)
        let factorization = try CholeskyFactorization(a)
        let b = randomMatrix(rows: 12, columns: 3, seed: 6)
        let together = try factorization.solve(b)
        for j in 0..<3 {
            #expect(relativeError(together.column(j), try factorization.solve(b.column(j))) < 1e-13)
        }
        #expect(throws: LinearAlgebraError.self) { try factorization.solve([1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try factorization.solve(Matrix(rows: 3, columns: 1)) }
    }

    @Test(arguments: [CholeskyMethod.smallKernel, .lapack])
    func notPositiveDefiniteNamesTheFailingMinor(method: CholeskyMethod) throws {
        // The leading 2×2 minor is 1·1 − 2·2 < 0.
        let indefinite = try Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) {
            try CholeskyFactorization(indefinite, method: method)
        }
        // Exactly singular: rank 2, so the third minor is 0.
        let singular = try Matrix([[1, 1, 2], [1, 2, 3], [2, 3, 5]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 3)) {
            try CholeskyFactorization(singular, method: method)
        }
    }

    @Test func badInputThrowsBeforeLapackSeesIt() throws {
        #expect(throws: LinearAlgebraError.notSquare(operation: "Cholesky", rows: 2, columns: 3)) {
            try CholeskyFactorization(Matrix(rows: 2, columns: 3))
        }
        let nonFinite = #expect(throws: LinearAlgebraError.self) {
            try CholeskyFactorization(Matrix([[4, .nan], [.nan, 4]]))
        }
        #expect(nonFinite?.description == "Cholesky: entry (2, 1) is nan; every entry must be a finite number")
        #expect(throws: LinearAlgebraError.notSymmetric(operation: "Cholesky", row: 0, column: 1, upper: 1, lower: 2)) {
            try CholeskyFactorization(Matrix([[4, 1], [2, 4]]))
        }
        let message = LinearAlgebraError.notPositiveDefinite(minor: 2).description
        #expect(message.contains("leading minor of order 2"))
    }
}
