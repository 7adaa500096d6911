import LinearAlgebra
import ModelFrames

/// One random-effects term as the fit uses it (lme4's `reTrms` entry, MixedModels.jl's
/// `ReMat`): each row's level and effect values, and the term's relative covariance factor
/// λ, with Var(b for one level) = σ²·λ·λᵀ.
///
/// λ is lower triangular and filled from θ column by column, as lme4 lays θ out; diagonal
/// entries are bounded below by 0, the others free.
public struct RandomEffectsTerm: Sendable {
    /// The formula's term (the first, when terms of one grouping factor were amalgamated).
    public let term: RandomTerm
    /// lme4's name for the grouping factor, with `.1`, `.2` … added when `||` made several
    /// terms with one grouping factor.
    public let groupingLabel: String
    /// The formula's terms this one holds, each with its effects (a range of `effectNames`)
    /// and lme4's label: one, or several terms of one grouping factor (`(visit || subject)` is
    /// `(1 | subject)` and `(0 + visit | subject)`), amalgamated as MixedModels.jl does, with λ
    /// block diagonal: the fit then keeps one small block per level instead of a dense block of
    /// every level's effects, and θ holds each block's lower triangle only.
    public struct Block: Sendable {
        public let term: RandomTerm
        public let groupingLabel: String
        public let effects: Range<Int>
        /// The block's own level names, in the term's level order (a term of another factor
        /// that groups the rows the same way names its levels its own way: `S1:a` for `S1`).
        public let levels: [String]
    }
    public let blocks: [Block]
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
    public var thetaCount: Int { blocks.reduce(0) { $0 + $1.effects.count * ($1.effects.count + 1) / 2 } }

    /// lme4's label of the term an effect belongs to.
    public func groupingLabel(ofEffect effect: Int) -> String { blocks.first { $0.effects.contains(effect) }?.groupingLabel ?? groupingLabel }

    init(design: RandomEffectsDesign, groupingLabel: String) {
        term = design.term
        self.groupingLabel = groupingLabel
        blocks = [Block(term: design.term, groupingLabel: groupingLabel, effects: 0..<design.effects.columns, levels: design.levels)]
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

    /// Terms of one grouping factor as one term, λ block diagonal (`blocks`). Their levels and
    /// rows must be the same, which one grouping factor makes them.
    init(amalgamating parts: [RandomEffectsTerm]) {
        let first = parts[0]
        term = first.term
        groupingLabel = first.groupingLabel
        levels = first.levels
        levelIndices = first.levelIndices
        effectNames = parts.flatMap(\.effectNames)
        var blocks: [Block] = [], offset = 0
        for (index, part) in parts.enumerated() {
            // The part's level of each of the first term's levels (the rows say which).
            var own = first.levels
            for row in levelIndices.indices where levelIndices[row] >= 0 && part.levelIndices[row] >= 0 {
                own[Int(levelIndices[row])] = part.levels[Int(part.levelIndices[row])]
            }
            for block in part.blocks {
                let names = index == 0 ? block.levels : own
                blocks.append(Block(term: block.term, groupingLabel: block.groupingLabel,
                                    effects: (offset + block.effects.lowerBound)..<(offset + block.effects.upperBound), levels: names))
            }
            offset += part.effectCount
        }
        self.blocks = blocks
        let k = effectNames.count, n = levelIndices.count
        var values = [Double](repeating: 0, count: n * k)
        var column = 0
        for part in parts {
            let kp = part.effectCount
            for row in 0..<n { for effect in 0..<kp { values[row * k + column + effect] = part.effectValues[row * kp + effect] } }
            column += kp
        }
        effectValues = values
        var identity = [Double](repeating: 0, count: k * k)
        for index in 0..<k { identity[index * k + index] = 1 }
        relativeCovarianceFactor = identity
    }

    /// Whether two terms group the rows alike: one grouping factor (`||`), or two whose levels
    /// correspond one to one (`subject` and `subject:arm` when each subject has one arm). Such
    /// terms can share one block per level.
    func groupsRowsAlike(_ other: RandomEffectsTerm) -> Bool {
        guard levelCount == other.levelCount, levelIndices.count == other.levelIndices.count else { return false }
        var forward = [Int32](repeating: -1, count: levelCount), backward = [Int32](repeating: -1, count: levelCount)
        for row in levelIndices.indices {
            let a = levelIndices[row], b = other.levelIndices[row]
            guard (a < 0) == (b < 0) else { return false }
            guard a >= 0 else { continue }
            if forward[Int(a)] < 0, backward[Int(b)] < 0 { forward[Int(a)] = b; backward[Int(b)] = a }
            guard forward[Int(a)] == b, backward[Int(b)] == a else { return false }
        }
        return true
    }

    /// θ's positions in λ: each block's lower triangle, column by column: (row, column) pairs.
    public var thetaPositions: [(row: Int, column: Int)] {
        var positions: [(Int, Int)] = []
        for block in blocks {
            for column in block.effects { for row in column..<block.effects.upperBound { positions.append((row, column)) } }
        }
        return positions
    }

    /// 0 for a diagonal entry of λ (a standard deviation ratio), −∞ for the others.
    public var thetaLowerBounds: [Double] { thetaPositions.map { $0.row == $0.column ? 0 : -.infinity } }

    /// lme4's names: `Subject.(Intercept)`, `Subject.Days.(Intercept)`, `Subject.Days`, with
    /// the grouping factor's own name (no `.1` suffix).
    public var thetaNames: [String] {
        thetaPositions.map { position in
            let group = blocks.first { $0.effects.contains(position.row) }?.term.groupingLabel ?? term.groupingLabel
            return position.row == position.column
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
