/// A symmetric matrix over [Z X y], or its lower Cholesky factor, stored in the blocks of a
/// `BlockLayout`:
///
///     ┌ diagonal      ·    ┐   diagonal:    one firstEffects² block per level of the first term
///     └ offDiagonal   rest ┘   offDiagonal: restSize × firstColumns, dense, column-major
///                              rest:        restSize × restSize, dense, lower triangle used
///
/// lme4 calls the cross-product form A (the Gram matrix of [Z X y]) and the factor L.
package struct BlockedMatrix: Sendable {
    package let layout: BlockLayout
    package var diagonal: [Double]
    package var offDiagonal: [Double]
    package var rest: [Double]

    init(layout: BlockLayout) {
        self.layout = layout
        diagonal = [Double](repeating: 0, count: layout.firstLevels * layout.firstEffects * layout.firstEffects)
        offDiagonal = [Double](repeating: 0, count: layout.restSize * layout.firstColumns)
        rest = [Double](repeating: 0, count: layout.restSize * layout.restSize)
    }

    /// An entry of the rest block, from its lower triangle.
    package func restEntry(_ row: Int, _ column: Int) -> Double {
        row >= column ? rest[column * layout.restSize + row] : rest[row * layout.restSize + column]
    }
}
