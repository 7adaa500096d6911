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
        /// The block's effects (its first copy's, when it has several).
        public let effects: Range<Int>
        /// The block's own level names: in the term's level order (a term of another factor
        /// that groups the rows the same way names its levels its own way: `S1:a` for `S1`), or,
        /// for a nested term held in copies, its own levels in its own order, each placed by
        /// `placements`.
        public let levels: [String]
        /// A term nested in the term's grouping factor with several levels per level
        /// (`(1 | subject:period)` in `(1 | subject) + (1 | subject:period)`) is held in `copies`
        /// slots per level of the outer factor, `copyStride` effects apart, all sharing one λ
        /// block and its θ (padded slots have no rows, so they change nothing).
        public let copies: Int
        public let copyStride: Int
        /// Per level of the block, the term's level and the copy that holds it; nil when the
        /// block's levels are the term's levels, one to one.
        public let placements: [(level: Int, copy: Int)]?

        init(term: RandomTerm, groupingLabel: String, effects: Range<Int>, levels: [String], copies: Int = 1, copyStride: Int = 0,
             placements: [(level: Int, copy: Int)]? = nil) {
            self.term = term
            self.groupingLabel = groupingLabel
            self.effects = effects
            self.levels = levels
            self.copies = copies
            self.copyStride = copyStride
            self.placements = placements
        }

        /// Whether an effect of the term belongs to this block, in any copy.
        public func owns(_ effect: Int) -> Bool {
            guard effect >= effects.lowerBound else { return false }
            let shift = effect - effects.lowerBound
            return copies == 1 ? effects.contains(effect) : shift / copyStride < copies && shift % copyStride < effects.count
        }

        /// The term's level and the effect offset of the block's level `index`.
        public func placement(ofLevel index: Int) -> (level: Int, effectShift: Int) {
            guard let placements else { return (index, 0) }
            return (placements[index].level, placements[index].copy * copyStride)
        }
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
    public func groupingLabel(ofEffect effect: Int) -> String { blocks.first { $0.owns(effect) }?.groupingLabel ?? groupingLabel }

    /// Whether the term holds a nested term in copies (`RandomEffectsTerm(nesting:in:)`).
    public var hasCopies: Bool { blocks.contains { $0.copies > 1 } }

    /// The effects that stand for themselves: all but the second and later copies.
    public var representativeEffects: [Int] { blocks.flatMap { Array($0.effects) } }

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

    /// A term nested in another's grouping factor, with several of its levels in some level of
    /// that factor (`(1 | subject:period)` within `(1 | subject)` in a crossover), as one term
    /// grouped by the outer factor: the nested term's effects held in `copies` slots per outer
    /// level (its levels in each outer level, in their order, fill the slots), then the outer
    /// term's. λ is block diagonal with one shared block per slot, so each outer level is one
    /// small block and the fit's cost follows the subjects, not the product of the two factors
    /// (MixedModels.jl keeps such a pair's diagonal block diagonal for the same reason). θ keeps
    /// lme4's order: the nested term's, then the outer's.
    init?(nesting inner: RandomEffectsTerm, in outer: RandomEffectsTerm, maximumEffects: Int) {
        guard !inner.hasCopies, !outer.hasCopies, inner.levelIndices.count == outer.levelIndices.count else { return nil }
        var parent = [Int32](repeating: -1, count: inner.levelCount)
        for row in inner.levelIndices.indices {
            let a = inner.levelIndices[row], b = outer.levelIndices[row]
            guard (a < 0) == (b < 0) else { return nil }
            guard a >= 0 else { continue }
            if parent[Int(a)] < 0 { parent[Int(a)] = b }
            guard parent[Int(a)] == b else { return nil }
        }
        var slot = [Int](repeating: 0, count: inner.levelCount), filled = [Int](repeating: 0, count: outer.levelCount)
        for level in 0..<inner.levelCount where parent[level] >= 0 {
            slot[level] = filled[Int(parent[level])]
            filled[Int(parent[level])] += 1
        }
        let copies = filled.max() ?? 0, stride = inner.effectCount
        guard copies > 1, copies * stride + outer.effectCount <= maximumEffects else { return nil }
        term = outer.term
        groupingLabel = outer.groupingLabel
        levels = outer.levels
        levelIndices = outer.levelIndices
        effectNames = (0..<copies).flatMap { _ in inner.effectNames } + outer.effectNames
        let placements = (0..<inner.levelCount).map { (level: Int(max(parent[$0], 0)), copy: slot[$0]) }
        blocks = inner.blocks.map { block in
            Block(term: block.term, groupingLabel: block.groupingLabel, effects: block.effects, levels: block.levels, copies: copies,
                  copyStride: stride, placements: placements)
        } + outer.blocks.map { block in
            Block(term: block.term, groupingLabel: block.groupingLabel,
                  effects: (copies * stride + block.effects.lowerBound)..<(copies * stride + block.effects.upperBound), levels: block.levels)
        }
        let k = effectNames.count, n = levelIndices.count, outerK = outer.effectCount
        var values = [Double](repeating: 0, count: n * k)
        for row in 0..<n where inner.levelIndices[row] >= 0 {
            let start = row * k + slot[Int(inner.levelIndices[row])] * stride
            for effect in 0..<stride { values[start + effect] = inner.effectValues[row * stride + effect] }
            for effect in 0..<outerK { values[row * k + copies * stride + effect] = outer.effectValues[row * outerK + effect] }
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
        for (position, value) in zip(thetaPositions, values) {
            for shift in copyShifts(ofEffect: position.row) {
                relativeCovarianceFactor[(position.column + shift) * k + position.row + shift] = value
            }
        }
    }

    /// The offsets of an effect's copies from it (0 alone for a block held once).
    public func copyShifts(ofEffect effect: Int) -> [Int] {
        guard let block = blocks.first(where: { $0.effects.contains(effect) }), block.copies > 1 else { return [0] }
        return (0..<block.copies).map { $0 * block.copyStride }
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
