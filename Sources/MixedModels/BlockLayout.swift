/// Where each column of [Z X y] sits in the blocked system.
///
/// The first random-effects term (the one with the most levels, usually subjects) keeps its
/// block-diagonal structure: one effectCount×effectCount block per level, factored with the
/// small kernel, so a trial with 100,000 subjects never forms a 200,000-column dense matrix.
/// Everything else — the other terms' random effects, then X, then y — forms the "rest", a
/// dense block of `restSize` columns.
package struct BlockLayout: Sendable, Equatable {
    /// Levels and effects of the first term.
    package let firstLevels: Int
    package let firstEffects: Int
    /// Per further term (terms[1...]), the offset of its first column within the rest.
    package let restTermOffsets: [Int]
    /// Random-effect columns within the rest (the other terms'), which come first.
    package let restRandomEffects: Int
    /// Fixed-effect columns, after the rest's random effects.
    package let fixedEffects: Int

    /// Columns of the rest: further random effects, fixed effects and the response.
    package var restSize: Int { restRandomEffects + fixedEffects + 1 }
    /// The first term's random-effect count.
    package var firstColumns: Int { firstLevels * firstEffects }
    /// Index within the rest of the first fixed-effect column.
    package var fixedOffset: Int { restRandomEffects }
    /// Index within the rest of the response.
    package var responseOffset: Int { restSize - 1 }
    /// All random effects.
    package var randomEffects: Int { firstColumns + restRandomEffects }

    init(terms: [RandomEffectsTerm], fixedEffects: Int) {
        firstLevels = terms[0].levelCount
        firstEffects = terms[0].effectCount
        var offsets: [Int] = []
        var offset = 0
        for term in terms.dropFirst() {
            offsets.append(offset)
            offset += term.randomEffectCount
        }
        restTermOffsets = offsets
        restRandomEffects = offset
        self.fixedEffects = fixedEffects
    }
}
