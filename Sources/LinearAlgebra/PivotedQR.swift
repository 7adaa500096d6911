import _CLapack

/// How columns are reordered while a QR factorization finds the rank.
public enum ColumnPivoting: String, Sendable, Codable, CaseIterable {
    /// R's convention (LINPACK `dqrdc2`, used by `lm` and `lme4`): columns keep their order,
    /// and a column whose remaining norm is below `tolerance` × its own norm is set aside as
    /// dependent on the columns before it. The dropped columns are then the same ones R
    /// reports as `NA`, so term names line up with R's output.
    case limited
    /// LAPACK `dgeqp3`: at each step the column of greatest remaining norm. The strongest rank
    /// revelation for ill-conditioned matrices, but it may drop a different column than R.
    case greatestNorm
}

/// Householder QR with column pivoting and a numerical rank: A·P = Q·R.
public struct PivotedQR: Sendable {
    /// The numerical rank.
    public let rank: Int
    /// Position k of the factorization holds column `columnOrder[k]` of the input. The first
    /// `rank` entries are the independent columns.
    public let columnOrder: [Int]
    public let pivoting: ColumnPivoting
    public let tolerance: Double
    public let rows: Int
    public let columns: Int
    /// LAPACK's compact form of A·P: R on and above the diagonal, reflectors below.
    let compact: Matrix
    let tau: [Double]

    /// The columns judged linearly dependent, as zero-based indices in ascending order.
    public var droppedColumns: [Int] { columnOrder[rank...].sorted() }
    /// The independent columns, in factorization order.
    public var keptColumns: [Int] { Array(columnOrder[..<rank]) }
    public var isFullRank: Bool { rank == columns }

    /// Factors `matrix`. The default tolerance, 1e-7, is R's `lm` default.
    public init(
        _ matrix: Matrix, pivoting: ColumnPivoting = .limited, tolerance: Double = 1e-7
    ) throws(LinearAlgebraError) {
        let operation = "QR"
        guard matrix.rows > 0, matrix.columns > 0 else { throw .empty(operation: operation) }
        try matrix.requireFinite(operation)
        prepareLapack()
        self.rows = matrix.rows
        self.columns = matrix.columns
        self.pivoting = pivoting
        self.tolerance = tolerance
        switch pivoting {
        case .greatestNorm:
            (compact, tau, columnOrder, rank) = try Self.greatestNormFactor(matrix, tolerance: tolerance)
        case .limited:
            (compact, tau, columnOrder, rank) = try Self.limitedFactor(matrix, tolerance: tolerance)
        }
    }

    /// The upper-triangular R of the independent columns (rank×rank).
    public var upperTriangle: Matrix {
        var result = Matrix(rows: rank, columns: rank)
        for j in 0..<rank {
            for i in 0...j { result.storage[i + j * rank] = compact.storage[i + j * rows] }
        }
        return result
    }

    /// Qᵀ·y, with Q the reflectors of the independent columns (dormqr). Entries past `rank`
    /// are the residual effects: their sum of squares is the residual sum of squares.
    public func qTransposed(times vector: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard vector.count == rows else {
            throw .dimensionMismatch(operation: "QR Qᵀy", expected: "a vector of length \(rows)", got: "length \(vector.count)")
        }
        var result = vector
        guard rank > 0 else { return result }
        let m = rows, k = rank
        _ = try callWithWorkspace("dormqr") { work, lwork, _, _ in
            compact.storage.withUnsafeBufferPointer { a in
                tau.withUnsafeBufferPointer { t in
                    result.withUnsafeMutableBufferPointer { c in
                        LAPACKE_dormqr_work(LAPACK_COL_MAJOR, lapackCharacter("L"), lapackCharacter("T"),
                                            lapackInt(m), 1, lapackInt(k), a.baseAddress, lapackInt(m),
                                            t.baseAddress, c.baseAddress, lapackInt(m), work, lwork)
                    }
                }
            }
        }
        return result
    }

    /// Least-squares coefficients b minimising ‖y − A·b‖, in the input's column order. Dropped
    /// columns get NaN, as R gives NA for aliased coefficients.
    public func leastSquares(_ response: [Double]) throws(LinearAlgebraError) -> [Double] {
        let effects = try qTransposed(times: response)
        var coefficients = [Double](repeating: .nan, count: columns)
        guard rank > 0 else { return coefficients }
        let solved = try upperTriangle.solvingTriangular(Array(effects[..<rank]), triangle: .upper)
        for (position, value) in solved.enumerated() { coefficients[columnOrder[position]] = value }
        return coefficients
    }

    // MARK: - The two pivoting strategies

    private typealias Factored = (compact: Matrix, tau: [Double], columnOrder: [Int], rank: Int)

    private static func greatestNormFactor(_ matrix: Matrix, tolerance: Double) throws(LinearAlgebraError) -> Factored {
        var compact = matrix
        var pivots = [LapackInteger](repeating: 0, count: matrix.columns)
        var tau = [Double](repeating: 0, count: min(matrix.rows, matrix.columns))
        let m = matrix.rows, n = matrix.columns
        // Zero pivots on entry leave every column free to move.
        _ = try callWithWorkspace("dgeqp3") { work, lwork, _, _ in
            compact.storage.withUnsafeMutableBufferPointer { a in
                pivots.withUnsafeMutableBufferPointer { p in
                    tau.withUnsafeMutableBufferPointer { t in
                        LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, lapackInt(m), lapackInt(n), a.baseAddress,
                                            lapackInt(m), p.baseAddress, t.baseAddress, work, lwork)
                    }
                }
            }
        }
        let diagonal = compact.diagonalEntries.map(abs)
        let threshold = tolerance * (diagonal.first ?? 0)
        let rank = diagonal.prefix { $0 > threshold && $0 > 0 }.count
        return (compact, tau, pivots.map { Int($0) - 1 }, rank)
    }

    private static func limitedFactor(_ matrix: Matrix, tolerance: Double) throws(LinearAlgebraError) -> Factored {
        // dnrm2 scales as it sums, so very large or very small columns keep a finite, non-zero norm.
        let norms = matrix.storage.withUnsafeBufferPointer { entries in
            (0..<matrix.columns).map { j in
                cblas_dnrm2(Int32(matrix.rows), entries.baseAddress! + j * matrix.rows, 1)
            }
        }
        var kept = Array(0..<matrix.columns)
        var dropped: [Int] = []
        // Each pass factors the columns still kept in their order and sets aside the first one
        // that adds nothing new; rank deficiency is rare, so this is usually one pass.
        while true {
            var compact = matrix.selectingColumns(kept)
            var tau = [Double](repeating: 0, count: min(matrix.rows, kept.count))
            try householderFactor(&compact, tau: &tau)
            var firstDependent: Int?
            for position in 0..<kept.count {
                if position >= matrix.rows { firstDependent = position; break }
                let remaining = abs(compact.storage[position + position * matrix.rows])
                if norms[kept[position]] == 0 || remaining < tolerance * norms[kept[position]] {
                    firstDependent = position
                    break
                }
            }
            guard let position = firstDependent else {
                return (compact, tau, kept + dropped.sorted(), kept.count)
            }
            dropped.append(kept.remove(at: position))
            if kept.isEmpty {
                return (Matrix(rows: matrix.rows, columns: 0), [], dropped.sorted(), 0)
            }
        }
    }

    /// Householder QR without pivoting (dgeqrf).
    private static func householderFactor(_ matrix: inout Matrix, tau: inout [Double]) throws(LinearAlgebraError) {
        let m = matrix.rows, n = matrix.columns
        _ = try callWithWorkspace("dgeqrf") { work, lwork, _, _ in
            matrix.storage.withUnsafeMutableBufferPointer { a in
                tau.withUnsafeMutableBufferPointer { t in
                    LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, lapackInt(m), lapackInt(n), a.baseAddress, lapackInt(m),
                                        t.baseAddress, work, lwork)
                }
            }
        }
    }
}
