import Foundation
import Testing
import Distributions
@testable import LinearAlgebra

/// The matrices and R's answers in Fixtures/decompositions.json.
// Source: Fixtures/decompositions.R (R 4.2.2).
struct DecompositionFixture: Decodable {
    struct EncodedMatrix: Decodable {
        let rows: Int
        let columns: Int
        let columnMajor: [String]
        func matrix() throws -> Matrix {
            try Matrix(rows: rows, columns: columns, columnMajor: columnMajor.map { try #require(Double($0)) })
        }
    }
    struct Symmetric: Decodable {
        let name: String
        let matrix: EncodedMatrix
        let cholLower: EncodedMatrix
        let logDeterminant: String
        let eigenvaluesAscending: [String]
        let inverse: EncodedMatrix
    }
    struct Design: Decodable {
        let name: String
        let matrix: EncodedMatrix
        let response: [String]
        let rank: Int
        let keptConditionNumber: String
        let droppedColumns: [Int]
        let coefficients: [String]
        let fitted: [String]
    }
    struct General: Decodable {
        let name: String
        let matrix: EncodedMatrix
        let singularValues: [String]
        let logAbsoluteDeterminant: String?
        let determinantSign: Double?
    }
    let generator: String
    let symmetric: [Symmetric]
    let designs: [Design]
    let general: [General]

    static func load() throws -> DecompositionFixture {
        let url = try #require(Bundle.module.url(forResource: "decompositions", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(DecompositionFixture.self, from: Data(contentsOf: url))
    }
}

func numbers(_ strings: [String]) throws -> [Double] {
    try strings.map { try #require(Double($0)) }
}

/// max |a − b| / max |b|: the error relative to the size of the reference.
func relativeError(_ actual: [Double], _ expected: [Double]) -> Double {
    guard actual.count == expected.count else { return .infinity }
    let scale = expected.reduce(0) { max($0, abs($1)) }
    let difference = zip(actual, expected).reduce(0) { max($0, abs($1.0 - $1.1)) }
    return scale == 0 ? difference : difference / scale
}

/// A reproducible random matrix with standard normal entries.
func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var generator = Xoshiro256StarStar(seed: seed)
    let entries = Normal.standard.samples(rows * columns, using: &generator)
    return try! Matrix(rows: rows, columns: columns, columnMajor: entries)
}

/// AᵀA + ridge·I: symmetric positive definite for any ridge > 0.
func randomSymmetricPositiveDefinite(order: Int, seed: UInt64, ridge: Double = 0.5) -> Matrix {
    var result = randomMatrix(rows: order, columns: order, seed: seed).crossProduct()
    for i in 0..<order { result[i, i] += ridge }
    return result
}

/// A matrix product by three plain loops, as an independent check of BLAS.
func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var result = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows {
        for j in 0..<b.columns {
            var sum = 0.0
            for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
            result[i, j] = sum
        }
    }
    return result
}

/// How far rounding alone may move log|det A| when A is factorized by a backward-stable method
/// (LU with partial pivoting, Cholesky): the factors are exact for A + ΔA with ‖ΔA‖ ≲ nε‖A‖,
/// and d log|det A| = tr(A⁻¹ΔA) ≤ n‖A⁻¹‖‖ΔA‖, so about n²·κ(A)·ε. This holds for any correct
/// BLAS/LAPACK, whatever its kernels; a tolerance below it would test one machine's rounding.
func logDeterminantRoundingBound(order n: Int, conditionNumber: Double) -> Double {
    Double(n * n) * conditionNumber * .ulpOfOne
}
