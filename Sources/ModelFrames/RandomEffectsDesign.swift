import LinearAlgebra

/// One random term's part of a model frame: the grouping factor on the rows used, and the
/// effects' model matrix (lme4's per-term `Z` before it is spread over the levels).
public struct RandomEffectsDesign: Sendable {
    public let term: RandomTerm
    /// The grouping factor's levels among the rows used, in R's order; for an interaction,
    /// the first factor's level varies slowest (`a:A`, `a:B`, …), as R's `:` orders them.
    public let levels: [String]
    /// Per row used, the index of its level.
    public let levelIndices: [Int32]
    /// Rows × effects, with the effects' R names: `(Intercept)`, `Days`, `armsaline`.
    public let effects: ModelMatrix

    public var groupingLabel: String { term.groupingLabel }
}
