import LinearAlgebra
import ModelFrames

/// The fixed-effect columns a mixed model keeps: those R's QR (LINPACK's limited pivoting,
/// tolerance 1e-7) finds independent of the columns before them, as lme4 and nlme drop
/// aliased columns. The dropped ones are named in the output.
struct EstimableFixedEffects {
    let matrix: Matrix
    let names: [String]
    /// Per kept column, its term's index in the design's term labels.
    let assign: [Int]
    let dropped: [String]

    /// Warnings about the fixed-effects design a report must show: cells of factor interactions
    /// with no data (their coefficients are dropped, and means there are not estimable).
    static func designWarnings(_ frame: ModelFrame) -> [String] {
        frame.emptyCells.map { cell in
            "no observations at \(cell.levels.joined(separator: ", ")): the \(cell.term) effect there is not estimable "
                + "and its column is dropped"
        }
    }

    init(_ design: ModelMatrix) throws(MixedModelError) {
        var kept = Array(0..<design.columns)
        if design.columns > 0 {
            do {
                kept = try PivotedQR(design.matrix, pivoting: .limited, tolerance: 1e-7).keptColumns.sorted()
            } catch {
                throw .numerical("QR of the fixed-effects design: \(error)")
            }
        }
        matrix = design.matrix.selectingColumns(kept)
        names = kept.map { design.columnNames[$0] }
        assign = kept.map { design.assign[$0] }
        dropped = design.columnNames.indices.filter { !kept.contains($0) }.map { design.columnNames[$0] }
    }
}
