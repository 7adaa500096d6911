#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra
import ModelFrames

/// A T×T within-subject covariance matrix as a function of unconstrained parameters θ, with
/// its derivatives: what the MMRM objective and its gradient need.
///
/// Every parametrization keeps the matrix positive definite for every θ, so the optimizer
/// needs no bounds:
///
/// - `us`: Σ = LLᵀ, θ = (log of L's diagonal, then L's lower triangle column by column);
/// - `cs`, `csh`: log SD (one, or one per visit), and ρ = (eᵗ − 1)/(eᵗ + T − 1), which
///   ranges over (−1/(T − 1), 1), the correlations that keep Σ positive definite;
/// - `ar1`, `ar1h`: log SD (one, or one per visit), and ρ = tanh t;
/// - `toep`, `toeph`: log SD (one, or one per visit), and the partial autocorrelations
///   φ_k = tanh t_k of lags 1 … T − 1, turned into the lag correlations by the Durbin-Levinson
///   recursion (nlme's corARMA does the same), which keeps every Toeplitz matrix positive definite;
/// - `ad`, `adh`: log SD (one, or one per visit), and the correlations ρ_k = tanh t_k between
///   consecutive visits, with Σ_ij = σᵢσⱼ ∏_{k=i}^{j−1} ρ_k (first-order ante-dependence; SAS's
///   ANTE(1) is `adh`).
///
/// - `sp_exp`, `sp_gau`: log SD and log θ, Σᵢⱼ = σ² exp(−dᵢⱼ/θ) or σ² exp(−(dᵢⱼ/θ)²), dᵢⱼ the
///   Euclidean distance between the visits' coordinates, one (a time) or several (SAS's SP(EXP)
///   and SP(GAU); mmrm's sp_exp writes the same family as σ²ρ^d).
///
/// Derivatives are analytic for us, cs, csh, ar1, ar1h and the spatial structures, and central
/// differences of Σ(θ) for toep(h) and ad(h).
public struct CovarianceParametrization: Sendable, Equatable {
    public let structure: CovarianceTerm.Structure
    /// The number of visits, T.
    public let dimension: Int

    /// The visits' coordinates (a time, or several numbers each), for the spatial structures.
    public let coordinates: [[Double]]?
    /// The Euclidean distances between the visits (T×T), formed once for the spatial structures.
    let distances: [Double]

    public init(structure: CovarianceTerm.Structure, dimension: Int, coordinates: [[Double]]? = nil) throws(MixedModelError) {
        if structure.isSpatial {
            guard let coordinates, coordinates.count == dimension, coordinates.allSatisfy({ $0.count == coordinates.first?.count && $0.allSatisfy(\.isFinite) })
            else {
                throw .invalidOption("\(structure.rawValue)(time | subject) needs a numeric time column (or several numeric coordinate "
                                     + "columns): the distances between visits are the differences of their times")
            }
        }
        self.structure = structure
        self.dimension = dimension
        self.coordinates = structure.isSpatial ? coordinates : nil
        var distances: [Double] = []
        if structure.isSpatial, let coordinates {
            distances = [Double](repeating: 0, count: dimension * dimension)
            for i in 0..<dimension {
                for j in 0..<i {
                    var sum = 0.0
                    for (a, b) in zip(coordinates[i], coordinates[j]) { sum += (a - b) * (a - b) }
                    distances[j * dimension + i] = sum.squareRoot()
                    distances[i * dimension + j] = sum.squareRoot()
                }
            }
        }
        self.distances = distances
    }

    public init(structure: CovarianceTerm.Structure, dimension: Int, times: [Double]?) throws(MixedModelError) {
        try self.init(structure: structure, dimension: dimension, coordinates: times.map { $0.map { [$0] } })
    }

    /// The Euclidean distance between two visits' coordinates, for the spatial structures.
    func distance(_ i: Int, _ j: Int) -> Double { distances[j * dimension + i] }

    /// The spatial correlation at distance d and range θ.
    func spatialCorrelation(_ d: Double, range: Double) -> Double {
        structure == .spatialExponential ? exp(-d / range) : exp(-(d / range) * (d / range))
    }

    public var parameterCount: Int {
        let t = dimension
        switch structure {
        case .us: return t * (t + 1) / 2
        case .cs, .ar1: return 2
        case .csh, .ar1h: return t + 1
        case .toep, .ad: return 1 + max(t - 1, 0)
        case .toeph, .adh: return t + max(t - 1, 0)
        case .spatialExponential, .spatialGaussian: return 2
        }
    }

    /// Σ at θ, column-major T×T; for a spatial Σ with `pairs`, only those entries (the rest 0).
    public func matrix(_ theta: ArraySlice<Double>, pairs: [Bool]? = nil) -> [Double] {
        let t = dimension, p = Array(theta)
        var sigma = [Double](repeating: 0, count: t * t)
        switch structure {
        case .us:
            let l = lowerFactor(p)
            for i in 0..<t {
                for j in 0...i {
                    var sum = 0.0
                    for c in 0...j { sum += l[c * t + i] * l[c * t + j] }
                    sigma[j * t + i] = sum
                    sigma[i * t + j] = sum
                }
            }
        case .cs, .csh, .ar1, .ar1h:
            let sd = standardDeviations(p), rho = correlationParameter(p)
            for i in 0..<t {
                for j in 0..<t { sigma[j * t + i] = sd[i] * sd[j] * correlation(i, j, rho) }
            }
        case .toep, .toeph:
            let sd = standardDeviations(p)
            let lags = Self.autocorrelations(fromPartial: p[(p.count - (t - 1))...].map { tanh($0) })
            for i in 0..<t { for j in 0..<t { sigma[j * t + i] = sd[i] * sd[j] * lags[abs(i - j)] } }
        case .ad, .adh:
            let sd = standardDeviations(p)
            let rho = p[(p.count - (t - 1))...].map { tanh($0) }
            for i in 0..<t {
                for j in 0..<t {
                    var product = 1.0
                    for k in min(i, j)..<max(i, j) { product *= rho[k] }
                    sigma[j * t + i] = sd[i] * sd[j] * product
                }
            }
        case .spatialExponential, .spatialGaussian:
            let variance = exp(2 * p[0]), range = exp(p[1])
            for i in 0..<t {
                for j in 0...i where pairs?[j * t + i] ?? true {
                    let value = variance * spatialCorrelation(distance(i, j), range: range)
                    sigma[j * t + i] = value
                    sigma[i * t + j] = value
                }
            }
        }
        return sigma
    }

    /// Lag correlations ρ_0 = 1, ρ_1 … ρ_{T−1} from partial autocorrelations (Durbin-Levinson).
    static func autocorrelations(fromPartial partial: [Double]) -> [Double] {
        var rho = [1.0]
        var phi: [Double] = []  // AR coefficients of the current order
        for (index, value) in partial.enumerated() {
            let order = index + 1
            var next = [Double](repeating: 0, count: order)
            next[order - 1] = value
            for k in 0..<(order - 1) { next[k] = phi[k] - value * phi[order - 2 - k] }
            phi = next
            var r = 0.0
            for k in 0..<order { r += phi[k] * rho[order - 1 - k] }
            rho.append(r)
        }
        return rho
    }

    /// ∂Σ/∂θⱼ for every j, each column-major T×T; for a spatial Σ with `pairs`, only those entries.
    public func derivatives(_ theta: ArraySlice<Double>, pairs: [Bool]? = nil) -> [[Double]] {
        let t = dimension, p = Array(theta)
        switch structure {
        case .us:
            let l = lowerFactor(p)
            var result: [[Double]] = []
            for (index, position) in Self.lowerPositions(t).enumerated() {
                // ∂L = e_i e_jᵀ (times L_ii for a log-scale diagonal); ∂Σ = ∂L Lᵀ + L ∂Lᵀ.
                let scale = index < t ? l[position.column * t + position.row] : 1
                var d = [Double](repeating: 0, count: t * t)
                for k in 0..<t {
                    let value = scale * l[position.column * t + k]  // (∂L Lᵀ)[i, k] = scale · L[k, j]
                    d[k * t + position.row] += value
                    d[position.row * t + k] += value
                }
                result.append(d)
            }
            return result
        case .cs, .csh, .ar1, .ar1h:
            let sd = standardDeviations(p), rho = correlationParameter(p)
            let sdCount = (structure == .cs || structure == .ar1) ? 1 : t
            var result: [[Double]] = []
            for s in 0..<sdCount {
                var d = [Double](repeating: 0, count: t * t)
                for i in 0..<t {
                    for j in 0..<t {
                        // ∂(σᵢσⱼ)/∂ log σ_s counts the visits i and j that use σ_s.
                        let uses = sdCount == 1 ? 2.0 : Double((i == s ? 1 : 0) + (j == s ? 1 : 0))
                        d[j * t + i] = uses * sd[i] * sd[j] * correlation(i, j, rho)
                    }
                }
                result.append(d)
            }
            var d = [Double](repeating: 0, count: t * t)
            let dRho = correlationParameterDerivative(p)
            for i in 0..<t {
                for j in 0..<t where i != j { d[j * t + i] = sd[i] * sd[j] * correlationDerivative(i, j, rho) * dRho }
            }
            result.append(d)
            return result
        case .spatialExponential, .spatialGaussian:
            // ∂/∂ log σ = 2Σ; ∂/∂ log θ = Σ·d/θ (exponential) or Σ·2(d/θ)² (Gaussian).
            let sigma = matrix(theta, pairs: pairs), range = exp(p[1])
            var byRange = [Double](repeating: 0, count: t * t)
            for i in 0..<t {
                for j in 0..<t where pairs?[j * t + i] ?? true {
                    let scaled = distance(i, j) / range
                    byRange[j * t + i] = sigma[j * t + i] * (structure == .spatialExponential ? scaled : 2 * scaled * scaled)
                }
            }
            return [sigma.map { 2 * $0 }, byRange]
        case .toep, .toeph, .ad, .adh:
            // Central differences of Σ(θ): the recursions make closed forms long, and h = 1e-6
            // leaves errors near 1e-10, far below what the fit and its df need.
            return p.indices.map { j in
                let h = 1e-6 * max(1, abs(p[j]))
                var up = p, down = p
                up[j] += h
                down[j] -= h
                return zip(matrix(up[...]), matrix(down[...])).map { ($0 - $1) / (2 * h) }
            }
        }
    }

    /// θ for a given positive-definite Σ (an empirical covariance as the start).
    public func parameters(for sigma: [Double]) -> [Double] {
        let t = dimension
        let sds = (0..<t).map { sigma[$0 * t + $0].squareRoot() }
        switch structure {
        case .us:
            guard let matrix = try? Matrix(rows: t, columns: t, columnMajor: sigma),
                  let l = try? CholeskyFactorization(matrix).lower.storage else { return Self.lowerPositions(t).map { _ in 0 } }
            return Self.lowerPositions(t).enumerated().map { index, position in
                index < t ? log(l[position.column * t + position.row]) : l[position.column * t + position.row]
            }
        case .cs, .csh, .ar1, .ar1h:
            var correlationSum = 0.0, lagOneSum = 0.0, pairs = 0.0, lagPairs = 0.0
            for i in 0..<t {
                for j in 0..<t where i != j {
                    let r = sigma[j * t + i] / (sds[i] * sds[j])
                    correlationSum += r
                    pairs += 1
                    if abs(i - j) == 1 { lagOneSum += r; lagPairs += 1 }
                }
            }
            let logSDs = (structure == .cs || structure == .ar1)
                ? [log(sds.reduce(0, +) / Double(t))] : sds.map { log($0) }
            if structure == .cs || structure == .csh {
                let low = -1 / Double(max(t - 1, 1))
                let rho = min(max(pairs > 0 ? correlationSum / pairs : 0, low + 1e-3), 0.99)
                // Inverse of ρ = (eᵗ − 1)/(eᵗ + T − 1).
                return logSDs + [log((1 + rho * Double(t - 1)) / (1 - rho))]
            }
            let rho = min(max(lagPairs > 0 ? lagOneSum / lagPairs : 0, -0.99), 0.99)
            return logSDs + [atanh(rho)]
        case .toep, .toeph, .ad, .adh:
            let logSDs = (structure == .toep || structure == .ad)
                ? [log(sds.reduce(0, +) / Double(t))] : sds.map { log($0) }
            // Start at the lag-one correlation for every correlation parameter, shrunk inside (−1, 1).
            var lagOneSum = 0.0
            for i in 0..<max(t - 1, 0) { lagOneSum += sigma[(i + 1) * t + i] / (sds[i] * sds[i + 1]) }
            let rho = t > 1 ? min(max(lagOneSum / Double(t - 1), -0.9), 0.9) : 0
            // Toeplitz: an AR(1)-like start (lag-one partial autocorrelation only); ante-dependence:
            // every consecutive correlation at the lag-one mean.
            let antedependence = structure == .ad || structure == .adh
            return logSDs + (0..<max(t - 1, 0)).map { k in atanh(k == 0 || antedependence ? rho : 0) }
        case .spatialExponential, .spatialGaussian:
            // The range that gives the mean correlation at the mean distance between visits.
            var correlationSum = 0.0, distanceSum = 0.0, pairs = 0.0
            for i in 0..<t {
                for j in 0..<i where distance(i, j) > 0 {
                    correlationSum += sigma[j * t + i] / (sds[i] * sds[j])
                    distanceSum += distance(i, j)
                    pairs += 1
                }
            }
            let rho = min(max(pairs > 0 ? correlationSum / pairs : 0.5, 0.05), 0.95), d = pairs > 0 ? distanceSum / pairs : 1
            let range = structure == .spatialExponential ? -d / log(rho) : d / (-log(rho)).squareRoot()
            return [log(sds.reduce(0, +) / Double(max(t, 1))), log(range)]
        }
    }

    public func parameterNames(visits: [String]) -> [String] {
        switch structure {
        case .us:
            return Self.lowerPositions(dimension).enumerated().map { index, position in
                index < dimension ? "log L[\(visits[position.row])]" : "L[\(visits[position.row]), \(visits[position.column])]"
            }
        case .cs, .ar1: return ["log SD", structure == .cs ? "correlation (transformed)" : "atanh correlation"]
        case .csh, .ar1h:
            return visits.map { "log SD[\($0)]" } + [structure == .csh ? "correlation (transformed)" : "atanh correlation"]
        case .toep, .toeph:
            return (structure == .toep ? ["log SD"] : visits.map { "log SD[\($0)]" })
                + (1..<max(visits.count, 1)).map { "atanh partial autocorrelation, lag \($0)" }
        case .ad, .adh:
            return (structure == .ad ? ["log SD"] : visits.map { "log SD[\($0)]" })
                + (1..<max(visits.count, 1)).map { "atanh correlation \(visits[$0 - 1])-\(visits[$0])" }
        case .spatialExponential, .spatialGaussian: return ["log SD", "log range"]
        }
    }

    // MARK: - Pieces

    /// Diagonal first (log scale), then the strict lower triangle column by column.
    static func lowerPositions(_ t: Int) -> [(row: Int, column: Int)] {
        var positions = (0..<t).map { ($0, $0) }
        for column in 0..<t { for row in (column + 1)..<max(column + 1, t) { positions.append((row, column)) } }
        return positions
    }

    func lowerFactor(_ p: [Double]) -> [Double] {
        let t = dimension
        var l = [Double](repeating: 0, count: t * t)
        for (index, position) in Self.lowerPositions(t).enumerated() {
            l[position.column * t + position.row] = index < t ? exp(p[index]) : p[index]
        }
        return l
    }

    func standardDeviations(_ p: [Double]) -> [Double] {
        [.cs, .ar1, .toep, .ad].contains(structure) ? [Double](repeating: exp(p[0]), count: dimension) : (0..<dimension).map { exp(p[$0]) }
    }

    func correlationParameter(_ p: [Double]) -> Double {
        let value = p[p.count - 1]
        switch structure {
        case .cs, .csh:
            let e = exp(value)
            return (e - 1) / (e + Double(dimension - 1))
        default:
            return tanh(value)
        }
    }

    func correlationParameterDerivative(_ p: [Double]) -> Double {
        let value = p[p.count - 1]
        switch structure {
        case .cs, .csh:
            let e = exp(value), denominator = e + Double(dimension - 1)
            return e * Double(dimension) / (denominator * denominator)
        default:
            let c = cosh(value)
            return 1 / (c * c)
        }
    }

    func correlation(_ i: Int, _ j: Int, _ rho: Double) -> Double {
        if i == j { return 1 }
        switch structure {
        case .cs, .csh: return rho
        default: return pow(rho, Double(abs(i - j)))
        }
    }

    func correlationDerivative(_ i: Int, _ j: Int, _ rho: Double) -> Double {
        switch structure {
        case .cs, .csh: return 1
        default:
            let lag = Double(abs(i - j))
            return lag * pow(rho, lag - 1)
        }
    }
}
