/// The within-subject covariance term of an MMRM formula, in mmrm's syntax:
/// `us(visit | subject)`, or `us(visit | arm / subject)` for a covariance per arm.
public struct CovarianceTerm: Sendable, Hashable, CustomStringConvertible {
    /// The covariance structures, by mmrm's names. SAS's names differ: `us` is UN, `csh` is
    /// CSH, `ar1h` is ARH(1), `toeph` is TOEPH, `ad` is ANTE(1) with one variance, and `adh`
    /// is SAS's ANTE(1), which is heterogeneous; `sp_exp` and `sp_gau` are SAS's SP(EXP) and
    /// SP(GAU) over a numeric time column: correlation exp(−d/θ) and exp(−(d/θ)²) at distance d.
    public enum Structure: String, Codable, Sendable, Hashable, CaseIterable {
        case us, cs, csh, ar1, ar1h, toep, toeph, ad, adh
        case spatialExponential = "sp_exp", spatialGaussian = "sp_gau"

        /// Spatial structures take the visits' times, not their order.
        public var isSpatial: Bool { self == .spatialExponential || self == .spatialGaussian }

        public var description: String {
            switch self {
            case .us: return "unstructured"
            case .cs: return "compound symmetry"
            case .csh: return "heterogeneous compound symmetry"
            case .ar1: return "AR(1)"
            case .ar1h: return "heterogeneous AR(1)"
            case .toep: return "Toeplitz"
            case .toeph: return "heterogeneous Toeplitz"
            case .ad: return "ante-dependence"
            case .adh: return "heterogeneous ante-dependence"
            case .spatialExponential: return "spatial exponential"
            case .spatialGaussian: return "spatial Gaussian"
            }
        }
    }

    public var structure: Structure
    /// The visit column: its levels are the rows and columns of the covariance matrix.
    public var visit: String
    /// A spatial structure's further coordinate columns (`sp_exp(x, y | subject)`, SAS's
    /// `SP(EXP)(x y)`): the visits are then the combinations of the coordinates seen.
    public var additionalCoordinates: [String] = []
    /// A column whose levels each get their own covariance matrix (mmrm's `| group / subject`).
    public var group: String?
    public var subject: String

    public init(structure: Structure, visit: String, group: String? = nil, subject: String) {
        self.structure = structure
        self.visit = visit
        self.group = group
        self.subject = subject
    }

    /// As a formula writes it; names back-quoted where needed.
    public var description: String {
        "\(structure.rawValue)(\(([visit] + additionalCoordinates).map(Formula.spelled).joined(separator: ", ")) | "
            + (group.map { "\(Formula.spelled($0)) / " } ?? "") + "\(Formula.spelled(subject)))"
    }

    public var columns: [String] { [visit] + additionalCoordinates + (group.map { [$0] } ?? []) + [subject] }
}
