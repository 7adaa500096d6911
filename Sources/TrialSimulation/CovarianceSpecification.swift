#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra

/// The simulated outcome's covariance over the visits: SDs with a correlation (unstructured,
/// compound symmetry or AR(1)), or the matrix itself (e.g. a pilot fit's).
public struct CovarianceSpecification: Codable, Sendable, Equatable {
    public enum Structure: String, Codable, Sendable, CaseIterable {
        case us, cs, ar1, matrix
    }
    public var structure: Structure
    /// One SD for every visit, or one per visit.
    public var sd: [Double]?
    /// cs and ar1: the correlation ρ (cs: between any two visits; ar1: ρ^|i−j|).
    public var rho: Double?
    /// us: the correlation matrix, row by row.
    public var correlation: [[Double]]?
    /// matrix: the covariance matrix, row by row.
    public var matrix: [[Double]]?

    public init(structure: Structure, sd: [Double]? = nil, rho: Double? = nil, correlation: [[Double]]? = nil, matrix: [[Double]]? = nil) {
        self.structure = structure
        self.sd = sd
        self.rho = rho
        self.correlation = correlation
        self.matrix = matrix
    }

    /// The T × T covariance; nil when the specification is incomplete (see `problems`).
    public func covariance(visits t: Int) -> [[Double]]? {
        if structure == .matrix {
            guard let matrix, matrix.count == t, matrix.allSatisfy({ $0.count == t }) else { return nil }
            return matrix
        }
        guard let sd, sd.count == 1 || sd.count == t else { return nil }
        let sds = sd.count == 1 ? [Double](repeating: sd[0], count: t) : sd
        var correlations = [[Double]](repeating: [Double](repeating: 0, count: t), count: t)
        for i in 0..<t {
            for j in 0..<t {
                switch structure {
                case .cs: guard let rho else { return nil }; correlations[i][j] = i == j ? 1 : rho
                case .ar1: guard let rho else { return nil }; correlations[i][j] = pow(rho, Double(abs(i - j)))
                case .us:
                    guard let correlation, correlation.count == t, correlation.allSatisfy({ $0.count == t }) else { return nil }
                    correlations[i][j] = correlation[i][j]
                case .matrix: return nil
                }
            }
        }
        return (0..<t).map { i in (0..<t).map { j in sds[i] * sds[j] * correlations[i][j] } }
    }

    /// The lower Cholesky factor of the covariance, for drawing outcomes.
    func factor(visits t: Int) throws -> Matrix {
        guard let sigma = covariance(visits: t) else { throw SimulationError.design(["covariance: incomplete"]) }
        var matrix = Matrix(rows: t, columns: t)
        for i in 0..<t { for j in 0..<t { matrix[i, j] = sigma[i][j] } }
        return try CholeskyFactorization(matrix).lower
    }

    func problems(visits t: Int) -> [String] {
        var problems: [String] = []
        switch structure {
        case .matrix:
            if matrix == nil { problems.append("structure matrix needs matrix: its rows") }
        case .us:
            if correlation == nil { problems.append("structure us needs correlation: the correlation matrix's rows") }
            if sd == nil { problems.append("structure us needs sd") }
        case .cs, .ar1:
            if rho == nil { problems.append("structure \(structure.rawValue) needs rho") }
            if sd == nil { problems.append("structure \(structure.rawValue) needs sd") }
        }
        if let sd, sd.count != 1 && sd.count != t { problems.append("sd: \(sd.count) values for \(t) visits (give one, or one per visit)") }
        if let sd, sd.contains(where: { !($0 > 0 && $0.isFinite) }) { problems.append("sd: every SD must be a positive number") }
        if let rho, !(rho > -1 && rho < 1) { problems.append("rho: \(rho) is not between −1 and 1") }
        if let correlation {
            if correlation.count != t || correlation.contains(where: { $0.count != t }) { problems.append("correlation: expected \(t) rows of \(t)") }
            else {
                for i in 0..<t {
                    if correlation[i][i] != 1 { problems.append("correlation: the diagonal must be 1 (row \(i + 1))") }
                    for j in 0..<t where correlation[i][j] != correlation[j][i] { problems.append("correlation: not symmetric at rows \(i + 1) and \(j + 1)"); break }
                }
            }
        }
        if let matrix, matrix.count != t || matrix.contains(where: { $0.count != t }) { problems.append("matrix: expected \(t) rows of \(t)") }
        if problems.isEmpty {
            guard let sigma = covariance(visits: t) else { return ["incomplete"] }
            for i in 0..<t { for j in 0..<i where sigma[i][j] != sigma[j][i] { problems.append("not symmetric at rows \(i + 1) and \(j + 1)") } }
            if problems.isEmpty, (try? factor(visits: t)) == nil { problems.append("not positive definite") }
        }
        return problems
    }
}
