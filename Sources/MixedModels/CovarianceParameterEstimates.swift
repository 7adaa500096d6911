#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Distributions
import LinearAlgebra

/// SAS PROC MIXED's "Covariance Parameter Estimates" with COVTEST and CL: each parameter of the
/// structure in SAS's own terms (`NaturalCovarianceParameters`), its standard error from the
/// observed information (the covariance of θ̂, 2H⁻¹, carried to ψ by the delta method: at the
/// optimum this is the inverse information in ψ itself), the Wald Z, and confidence limits as SAS
/// draws them: for a parameter bounded below by 0 (a variance, the residual, a spatial range)
/// Satterthwaite's, νψ̂/χ²_{ν,1−α/2} to νψ̂/χ²_{ν,α/2} with ν = 2Z², which stay positive; for the
/// others (covariances, correlations) Wald's, ψ̂ ± z·SE. The p-value is one-sided (Pr > Z) for the
/// bounded ones and two-sided for the others, as SAS's COVTEST prints them.
public struct CovarianceParameterEstimates: Sendable {
    public struct Parameter: Sendable, Equatable {
        /// SAS's name: UN(2,1), CS, Residual, Var(3), AR(1), TOEP(2), Rho(1), SP(EXP) ….
        public let name: String
        /// The covariance group (`us(visit | arm / subject)`), or nil.
        public let group: String?
        public let estimate: Double
        public let standardError: Double
        public let z: Double
        public let p: Double
        public let lower: Double
        public let upper: Double
        /// Bounded below by 0, so its limits are Satterthwaite's and its p one-sided.
        public let isVariance: Bool
    }

    public let parameters: [Parameter]
    public let confidenceLevel: Double
    /// Near-singular or indefinite information, said plainly (its directions get no SE).
    public let warnings: [String]

    public init(fit: RepeatedMeasuresFit, confidenceLevel: Double = 0.95) throws(MixedModelError) {
        let model = fit.model, parametrization = model.parametrization, count = parametrization.parameterCount
        let (covariance, warnings) = try VarianceParameterCovariance.inverseOfHalfHessian(try fit.hessianAtEstimate(), parameters: "θ")
        let normal = Normal.standard
        let z = normal.quantileFunction(1 - (1 - confidenceLevel) / 2, upperTail: false, logScale: false)
        var parameters: [Parameter] = []
        for (groupIndex, group) in model.groups.enumerated() {
            let range = (groupIndex * count)..<((groupIndex + 1) * count)
            let theta = fit.theta[range]
            let psi = parametrization.naturalParameters(at: theta)
            let jacobian = parametrization.parameterJacobian(in: .sas, theta: theta)
            for row in parametrization.sasRows() {
                var variance = 0.0
                for i in 0..<count {
                    for j in 0..<count {
                        variance += jacobian[row.position, i] * covariance[range.lowerBound + i, range.lowerBound + j] * jacobian[row.position, j]
                    }
                }
                let estimate = psi[row.position], se = variance > 0 ? variance.squareRoot() : .nan
                let statistic = estimate / se
                let p = row.isVariance ? normal.distributionFunction(statistic, upperTail: true, logScale: false)
                    : 2 * normal.distributionFunction(abs(statistic), upperTail: true, logScale: false)
                var lower = estimate - z * se, upper = estimate + z * se
                if row.isVariance {
                    let nu = 2 * statistic * statistic
                    if let chi = try? ChiSquared(degreesOfFreedom: nu), nu.isFinite {
                        let alpha = 1 - confidenceLevel
                        lower = nu * estimate / chi.quantileFunction(alpha / 2, upperTail: true, logScale: false)
                        upper = nu * estimate / chi.quantileFunction(alpha / 2, upperTail: false, logScale: false)
                    } else {
                        (lower, upper) = (.nan, .nan)
                    }
                }
                parameters.append(Parameter(name: row.name, group: group.isEmpty ? nil : group, estimate: estimate, standardError: se,
                                            z: statistic, p: p, lower: lower, upper: upper, isVariance: row.isVariance))
            }
        }
        self.parameters = parameters
        self.confidenceLevel = confidenceLevel
        self.warnings = warnings
    }
}

extension CovarianceParametrization {
    /// SAS's rows of "Covariance Parameter Estimates", in SAS's order: each row's position in ψ
    /// (`naturalParameters`), its name, and whether it is bounded below by 0.
    func sasRows() -> [(position: Int, name: String, isVariance: Bool)] {
        let t = dimension
        let variances = (0..<t).map { (position: $0, name: "Var(\($0 + 1))", isVariance: true) }
        switch structure {
        case .us:
            let positions = CovarianceParametrization.lowerPositions(t)
            var rows: [(Int, String, Bool)] = []
            for i in 0..<t {
                for j in 0...i {
                    let position = positions.firstIndex { $0.row == i && $0.column == j }!
                    rows.append((position, "UN(\(i + 1),\(j + 1))", i == j))
                }
            }
            return rows
        case .cs: return [(0, "CS", false), (1, "Residual", true)]
        case .csh: return variances + [(t, "CSH", false)]
        case .ar1: return [(1, "AR(1)", false), (0, "Residual", true)]
        case .ar1h: return variances + [(t, "ARH(1)", false)]
        case .toep: return (1..<max(t, 1)).map { ($0, "TOEP(\($0 + 1))", false) } + [(0, "Residual", true)]
        case .toeph: return variances + (1..<max(t, 1)).map { (t + $0 - 1, "TOEPH(\($0))", false) }
        case .ad: return [(0, "Var", true)] + (1..<max(t, 1)).map { ($0, "Rho(\($0))", false) }
        case .adh: return variances + (1..<max(t, 1)).map { (t + $0 - 1, "Rho(\($0))", false) }
        case .spatialExponential: return [(1, "SP(EXP)", true), (0, "Residual", true)]
        case .spatialGaussian: return [(1, "SP(GAU)", true), (0, "Residual", true)]
        }
    }
}
