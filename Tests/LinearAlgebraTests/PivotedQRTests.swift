import Testing
@testable import LinearAlgebra

struct PivotedQRTests {
    @Test func rankDroppedColumnsAndCoefficientsAgreeWithR() throws {
        for design in try DecompositionFixture.load().designs {
            let x = try design.matrix.matrix()
            let qr = try PivotedQR(x)
            // Source: decompositions.json, qr(X)$rank and the aliased columns of qr(X) in R 4.2.2.
            #expect(qr.rank == design.rank, "\(design.name)")
            #expect(Set(qr.keptColumns).isDisjoint(with: qr.droppedColumns), "\(design.name)")
            #expect(Set(qr.keptColumns).union(qr.droppedColumns) == Set(0..<x.columns), "\(design.name)")
            #expect(qr.droppedColumns == design.droppedColumns, "\(design.name)")
            // Source: decompositions.json, qr.coef(qr(X), y) in R 4.2.2 (NA where aliased).
            let expected = try numbers(design.coefficients)
            let actual = try qr.leastSquares(try numbers(design.response))
            #expect(zip(actual, expected).allSatisfy { $0.isNaN == $1.isNaN }, "\(design.name)")
            // A backward-stable least-squares solver (any Householder QR, on any BLAS) changes the
            // fitted values by up to about κ·ε·√n relative and the coefficients by up to about
            // κ²·ε·√n (Wedin; Golub & Van Loan §5.3.8), κ the kept columns' condition number. Each
            // is compared with R where ten times that bound is still a test; R's error and ours
            // each count once.
            let kept = expected.indices.filter { !expected[$0].isNaN }
            let condition = try #require(Double(design.keptConditionNumber))
            let rounding = 10 * Double(x.rows).squareRoot() * .ulpOfOne
            let coefficientTolerance = max(1e-12, 2 * rounding * condition * condition)
            if coefficientTolerance < 1e-6 {
                #expect(relativeError(kept.map { actual[$0] }, kept.map { expected[$0] }) < coefficientTolerance, "\(design.name)")
            }
            let fitted = try x.selectingColumns(kept).multiplied(by: kept.map { actual[$0] })
            let fittedTolerance = max(1e-12, 2 * rounding * condition)
            if fittedTolerance < 1e-6 {
                // Source: decompositions.json, qr.fitted(qr(X), y) in R 4.2.2.
                #expect(relativeError(fitted, try numbers(design.fitted)) < fittedTolerance, "\(design.name), condition number \(condition)")
            }
            // uncentredCubic: κ = 7.7e15 makes κε ≈ 1.7, so neither its coefficients nor its fitted
            // values are determined in double precision (R's fitted values agree with ours to 1e-9
            // only by the luck of rounding). What any solver owes there is the rank and the column R
            // drops, checked above; `centringRescuesTheRankAndNearCopiesAreDropped` checks the
            // well-conditioned version of the same design.
        }
    }

    @Test(arguments: ColumnPivoting.allCases)
    func aDuplicatedColumnIsFoundAndNamed(pivoting: ColumnPivoting) throws {
        let x = randomMatrix(rows: 20, columns: 3, seed: 11)
        let design = x.selectingColumns([0, 1, 2, 1])
        let qr = try PivotedQR(design, pivoting: pivoting)
        #expect(qr.rank == 3)
        switch pivoting {
        case .limited:
            #expect(qr.droppedColumns == [3], "the later copy is the one dropped, as in R")
        case .greatestNorm:
            // dgeqp3 picks the column of greatest remaining norm; the two copies' norms are equal,
            // so which one it keeps is decided by how the kernel rounds their updates.
            #expect(qr.droppedColumns == [1] || qr.droppedColumns == [3], "one of the two copies is dropped")
        }
        #expect(!qr.isFullRank)
    }

    @Test func greatestNormPivotingFindsTheRankOfACombination() throws {
        let x = randomMatrix(rows: 15, columns: 3, seed: 12)
        var columns = (0..<3).map { x.column($0) }
        columns.append(zip(columns[0], columns[2]).map { 2 * $0 - $1 })
        let qr = try PivotedQR(try Matrix(columnVectors: columns), pivoting: .greatestNorm)
        #expect(qr.rank == 3)
        #expect(qr.droppedColumns.count == 1)
    }

    @Test(arguments: ColumnPivoting.allCases)
    func residualsAreOrthogonalToTheColumns(pivoting: ColumnPivoting) throws {
        let x = randomMatrix(rows: 50, columns: 6, seed: 13)
        let y = randomMatrix(rows: 50, columns: 1, seed: 14).storage
        let qr = try PivotedQR(x, pivoting: pivoting)
        #expect(qr.rank == 6 && qr.droppedColumns.isEmpty)
        let beta = try qr.leastSquares(y)
        let fitted = try x.multiplied(by: beta)
        let residuals = zip(y, fitted).map { $0 - $1 }
        let normalEquations = try x.multiplied(by: residuals, transposingSelf: true)
        #expect(normalEquations.allSatisfy { abs($0) < 1e-12 })
        // The residual effects carry the residual sum of squares.
        let effects = try qr.qTransposed(times: y)
        let rss = effects[6...].reduce(0) { $0 + $1 * $1 }
        #expect(abs(rss - residuals.reduce(0) { $0 + $1 * $1 }) < 1e-10)
        // R is upper triangular with |R_kk| non-increasing under greatest-norm pivoting.
        let r = qr.upperTriangle
        if pivoting == .greatestNorm {
            let diagonal = r.diagonalEntries.map(abs)
            #expect(zip(diagonal, diagonal.dropFirst()).allSatisfy { $0 >= $1 })
        }
    }

    @Test func centringRescuesTheRankAndNearCopiesAreDropped() throws {
        // The uncentred 1, t, t², t³ on t in [1000, 1001] loses a column (see the
        // uncentredCubic fixture case); centred at 1000, 1, t, t² keeps all three.
        let t = (0..<30).map { 1000 + Double($0) / 29 }
        let x = try Matrix(columnVectors: [t.map { _ in 1 }, t.map { $0 - 1000 }, t.map { ($0 - 1000) * ($0 - 1000) }])
        #expect(try PivotedQR(x).rank == 3)
        let collinear = try Matrix(columnVectors: [t.map { _ in 1 }, t, t.map { $0 * (1 + 1e-12) }])
        #expect(try PivotedQR(collinear).droppedColumns == [2])
    }

    @Test func nonFiniteInputThrows() throws {
        let x = try Matrix([[1, 2], [3, .infinity], [5, 6]])
        #expect(throws: LinearAlgebraError.nonFiniteValue(operation: "QR", row: 1, column: 1, value: .infinity)) {
            try PivotedQR(x)
        }
        let qr = try PivotedQR(try Matrix([[1, 0], [0, 1], [1, 1]]))
        #expect(throws: LinearAlgebraError.self) { try qr.leastSquares([1, 2]) }
    }
}
