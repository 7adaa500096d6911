import LinearAlgebra

/// The design matrix of a model, with R's column names and each column's term.
public struct ModelMatrix: Sendable {
    public let matrix: Matrix
    /// R's names: `(Intercept)`, `vas_w0`, `armsaline`, `armsaline:factor(week)12`.
    public let columnNames: [String]
    /// Term labels in model order; `(Intercept)` first when the model has one.
    public let termLabels: [String]
    /// Per column, the index of its term in `termLabels` (R's `assign`, from 0).
    public let assign: [Int]

    public var rows: Int { matrix.rows }
    public var columns: Int { matrix.columns }

    /// The columns of one term.
    public func columns(ofTerm term: Int) -> [Int] {
        assign.indices.filter { assign[$0] == term }
    }
}
