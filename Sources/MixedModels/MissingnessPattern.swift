import LinearAlgebra

/// The subjects of one covariance group who were seen at the same visits. They share Σ_P, the
/// rows and columns of Σ at those visits, so Σ_P is factored once per evaluation for all of
/// them, and their data enter only through cross products formed once:
///
///     C^{ab} = Σᵢ wᵢₐ wᵢ_bᵀ,   wᵢₐ = (xᵢₐ, yᵢₐ), the subject's row at the pattern's a-th visit,
///
/// so that Σᵢ WᵢᵀΣ_P⁻¹Wᵢ = Σ_ab (Σ_P⁻¹)_ab C^{ab}. An evaluation then costs nothing per
/// subject: a trial of 1,000 subjects with a few dozen dropout patterns costs as much as
/// one with a few dozen subjects.
public struct MissingnessPattern: Sendable {
    /// Index of the covariance group.
    public let group: Int
    /// Positions of the visits seen, ascending.
    public let visits: [Int]
    public let subjectCount: Int
    /// (p + 1)² × k²: column a + b·k is C^{ab}, column-major (p + 1) × (p + 1).
    public let crossProducts: Matrix
}
