import LinearAlgebra
import ModelFrames

/// One random-effects term as the fit uses it (lme4's `reTrms` entry, MixedModels.jl's
/// `ReMat`): each row's level and effect values, and the term's relative covariance factor
/// λ, with Var(b for one level) = σ²·λ·λᵀ.
///
/// λ is lower triangular and filled from θ column by column, as lme4 lays θ out; diagonal
/// entries are bounded below by 0, the others free.
public struct RandomEffectsTerm: Sendable {
    public let term: RandomTerm
    /// lme4's name for the grouping factor, with `.1`, `.2` … added when `||` made several
    /// terms with one grouping factor.
    public let groupingLabel: String
    public let levels: [String]
    public let effectNames: [String]
    /// Per row, its level.
    public let levelIndices: [Int32]
    /// Per row, the effects' values: row r's at r·effectCount ..< (r+1)·effectCount.
    public let effectValues: [Double]
    /// λ, column-major effectCount×effectCount, zero above the diagonal.
    public private(set) var relativeCovarianceFactor: [Double]

    public var effectCount: Int { effectNames.count }
    public var levelCount: Int { levels.count }
    public var randomEffectCount: Int { effectCount * levelCount }
    public var thetaCount: Int { effectCount * (effectCount + 1) / 2 }

    init(design: RandomEffectsDesign, groupingLabel: String) {
        term = design.term
        self.groupingLabel = groupingLabel
        levels = design.levels
        effectNames = design.effects.columnNames
        levelIndices = design.levelIndices
        let k = design.effects.columns, n = design.effects.rows
        var values = [Double](repeating: 0, count: n * k)
        for column in 0..<k {
            let source = design.effects.matrix.column(column)
            for row in 0..<n { values[row * k + column] = source[row] }
        }
        effectValues = values
        var identity = [Double](repeating: 0, count: k * k)
        for index in 0..<k { identity[index * k + index] = 1 }
        relativeCovarianceFactor = identity
    }

    /// θ's lower triangle positions, column by column: (row, column) pairs.
    public var thetaPositions: [(row: Int, column: Int)] {
        var positions: [(Int, Int)] = []
        for column in 0..<effectCount { for row in column..<effectCount { positions.append((row, column)) } }
        return positions
    }

    /// 0 for a diagonal entry of λ (a standard deviation ratio), −∞ for the others.
    public var thetaLowerBounds: [Double] { thetaPositions.map { $0.row == $0.column ? 0 : -.infinity } }

    /// lme4's names: `Subject.(Intercept)`, `Subject.Days.(Intercept)`, `Subject.Days`, with
    /// the grouping factor's own name (no `.1` suffix).
    public var thetaNames: [String] {
        let group = term.groupingLabel
        return thetaPositions.map { position in
            position.row == position.column
                ? "\(group).\(effectNames[position.row])"
                : "\(group).\(effectNames[position.row]).\(effectNames[position.column])"
        }
    }

    public var theta: [Double] {
        thetaPositions.map { relativeCovarianceFactor[$0.column * effectCount + $0.row] }
    }

    mutating func setTheta<C: Collection<Double>>(_ values: C) {
        let k = effectCount
        for (position, value) in zip(thetaPositions, values) { relativeCovarianceFactor[position.column * k + position.row] = value }
    }

    /// λ·λᵀ: the covariance of one level's effects in units of σ².
    public var relativeCovariance: Matrix {
        let k = effectCount
        var entries = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            for j in 0..<k {
                var sum = 0.0
                for c in 0...min(i, j) { sum += relativeCovarianceFactor[c * k + i] * relativeCovarianceFactor[c * k + j] }
                entries[j * k + i] = sum
            }
        }
        return try! Matrix(rows: k, columns: k, columnMajor: entries)
    }
}
