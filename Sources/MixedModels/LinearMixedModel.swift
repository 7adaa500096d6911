#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra
import StatsCore
import ModelFrames

/// A linear mixed model, y = Xβ + Zb + ε with b ~ N(0, σ²ΛΛᵀ) and ε ~ N(0, σ²I), as the
/// state of its fitting algorithm (Bates et al. 2015, "Fitting linear mixed-effects models
/// using lme4", §3; MixedModels.jl's `LinearMixedModel`).
///
/// The profiled objective depends on the variance parameters θ only through the blocked
/// Cholesky factor L of Λᵀ[Z X y]ᵀ[Z X y]Λ + I (Λ acting on the Z columns, I on them only).
/// A, the cross products of [Z X y], is formed once; each evaluation sets θ, updates L from A
/// and reads the objective off L: `setTheta` → `updateFactor` → `objective`.
public struct LinearMixedModel: Sendable {
    public let frame: ModelFrame
    public let method: EstimationMethod
    /// The random-effects terms, most levels first (lme4's order).
    public internal(set) var terms: [RandomEffectsTerm]
    /// X with its estimable columns only, rows × fixedEffectNames.count.
    public let fixedEffectsMatrix: Matrix
    public let fixedEffectNames: [String]
    /// Per estimable column, its term's index in `frame.design.termLabels`.
    public let fixedEffectAssign: [Int]
    /// Columns of the design judged linearly dependent on earlier ones and left out, as lme4
    /// drops them (R's QR, tolerance 1e-7).
    public let droppedFixedEffects: [String]
    public internal(set) var response: [Double]
    /// The column of X that is 1 on every row (the intercept), if there is one.
    public let interceptColumn: Int?
    /// What A's response column holds is y − responseCentre: the mean of y when X has an
    /// intercept, else 0. β is unchanged but for the intercept, which gets the centre back, and
    /// pwrss, which is a difference of sums of squares of that column, no longer cancels away
    /// digits (e.g. y ≈ 60 ± 1: ‖y‖²/pwrss ≈ 5,000 uncentred, ≈ 1 centred), so the objective
    /// and everything optimized on it depend far less on how a BLAS kernel rounds.
    public internal(set) var responseCentre: Double
    package let layout: BlockLayout
    /// A = [Z X y]ᵀ[Z X y] in blocks, formed once.
    package internal(set) var crossProducts: BlockedMatrix
    /// L at the current θ.
    package internal(set) var factor: BlockedMatrix
    /// Random-effects terms the data cannot fully identify, said before fitting.
    public let identifiabilityWarnings: [FitWarning]

    public var observationCount: Int { response.count }
    public var fixedEffectCount: Int { fixedEffectNames.count }

    /// Checks the data as lme4 does before fitting, drops aliased fixed-effect columns, orders
    /// the terms and forms A. θ starts at λ = I for every term.
    public init(frame: ModelFrame, method: EstimationMethod = .reml) throws(MixedModelError) {
        self.frame = frame
        self.method = method
        guard !frame.randomEffects.isEmpty else { throw .noRandomEffects(formula: frame.formula.text) }
        let n = frame.response.count
        if let first = frame.response.first, frame.response.allSatisfy({ $0 == first }) {
            throw .constantResponse(variable: frame.formula.response.description, value: first)
        }
        for design in frame.randomEffects {
            guard design.levels.count >= 2 else { throw .tooFewLevels(grouping: design.groupingLabel, levels: design.levels) }
            guard design.levels.count < n else {
                throw .levelsNotFewerThanObservations(grouping: design.groupingLabel, levels: design.levels.count, observations: n)
            }
            let effects = design.levels.count * design.effects.columns
            guard effects < n else {
                throw .tooManyRandomEffects(term: design.term.description, effects: effects, observations: n)
            }
        }

        let fixed = try EstimableFixedEffects(frame.design)
        fixedEffectsMatrix = fixed.matrix
        fixedEffectNames = fixed.names
        fixedEffectAssign = fixed.assign
        droppedFixedEffects = fixed.dropped
        if method == .reml, n <= fixed.names.count { throw .noResidualDegreesOfFreedom(observations: n, rank: fixed.names.count) }
        response = frame.response
        let intercept = Self.interceptColumn(fixed.matrix)
        let centre = Self.responseCentre(frame.response, interceptColumn: intercept)
        interceptColumn = intercept
        responseCentre = centre

        let ordered = Self.orderedTerms(frame.randomEffects)
        identifiabilityWarnings = Self.identifiabilityWarnings(terms: ordered).map { FitWarning(.identifiability, $0) }
            + EstimableFixedEffects.designWarnings(frame).map { FitWarning(.design, $0) }
        terms = Self.nestingInCopies(ordered, fixedEffects: fixed.names.count)
        layout = BlockLayout(terms: terms, fixedEffects: fixed.names.count)
        crossProducts = Self.crossProducts(terms: terms, x: fixedEffectsMatrix, y: frame.response.map { $0 - centre }, layout: layout)
        factor = BlockedMatrix(layout: layout)
        try updateFactor()
    }

    static func interceptColumn(_ x: Matrix) -> Int? {
        (0..<x.columns).first { column in x.column(column).allSatisfy { $0 == 1 } }
    }

    static func responseCentre(_ y: [Double], interceptColumn: Int?) -> Double {
        guard interceptColumn != nil, !y.isEmpty else { return 0 }
        return y.reduce(0, +) / Double(y.count)
    }

    /// lme4 orders terms by decreasing number of levels, unless they already are, and
    /// (since R's `order(decreasing = TRUE)` reverses ties in its method) ties then come out
    /// last written first. `||` terms of one grouping factor get `.1`, `.2` … in their names.
    static func orderedTerms(_ designs: [RandomEffectsDesign]) -> [RandomEffectsTerm] {
        var labels: [String] = []
        var seen: [String: Int] = [:]
        for design in designs {
            let count = seen[design.groupingLabel, default: 0]
            labels.append(count == 0 ? design.groupingLabel : "\(design.groupingLabel).\(count)")
            seen[design.groupingLabel] = count + 1
        }
        var order = Array(designs.indices)
        let levelCounts = designs.map(\.levels.count)
        if zip(levelCounts, levelCounts.dropFirst()).contains(where: { $0 < $1 }) {
            order.sort { levelCounts[$0] != levelCounts[$1] ? levelCounts[$0] > levelCounts[$1] : $0 > $1 }
        }
        let terms = order.map { RandomEffectsTerm(design: designs[$0], groupingLabel: labels[$0]) }
        // Neighbouring terms that group the rows alike (`||` terms of one factor, or a factor and a
        // nested one with a level for each of its levels) become one term with a block-diagonal λ.
        var amalgamated: [RandomEffectsTerm] = []
        var group: [RandomEffectsTerm] = []
        for term in terms {
            if let last = group.last, !last.groupsRowsAlike(term) {
                amalgamated.append(group.count == 1 ? group[0] : RandomEffectsTerm(amalgamating: group))
                group = []
            }
            group.append(term)
        }
        if !group.isEmpty { amalgamated.append(group.count == 1 ? group[0] : RandomEffectsTerm(amalgamating: group)) }
        return amalgamated
    }

    /// The first term nested in the second with several levels per level of it (a crossover's
    /// `(1 | subject) + (1 | subject:period)`) becomes one term grouped by the second, the first
    /// held in copies (`RandomEffectsTerm(nesting:in:)`), when that costs less: otherwise every
    /// effect of the second term sits in the dense rest of L, whose update grows with the cube of
    /// its levels (3,000 subjects: a 3,000-column dense factor per evaluation).
    static func nestingInCopies(_ terms: [RandomEffectsTerm], fixedEffects p: Int) -> [RandomEffectsTerm] {
        guard terms.count >= 2, let nested = RandomEffectsTerm(nesting: terms[0], in: terms[1], maximumEffects: 64) else { return terms }
        let others = terms.dropFirst(2).reduce(0) { $0 + $1.randomEffectCount } + p + 1
        // Flops of an update: the first term's blocks, the Gram of the off-diagonal part, the rest's Cholesky.
        func cost(levels: Double, effects: Double, rest: Double) -> Double {
            levels * (effects * effects * effects + effects * rest * rest) + rest * rest * rest / 3
        }
        let separate = cost(levels: Double(terms[0].levelCount), effects: Double(terms[0].effectCount),
                            rest: Double(terms[1].randomEffectCount + others))
        let together = cost(levels: Double(nested.levelCount), effects: Double(nested.effectCount), rest: Double(others))
        return together < separate ? [nested] + terms.dropFirst(2) : terms
    }

    // MARK: - θ

    /// θ for all terms, in term order, each term's λ lower triangle column by column.
    public var theta: [Double] { terms.flatMap(\.theta) }
    public var thetaLowerBounds: [Double] { terms.flatMap(\.thetaLowerBounds) }
    public var thetaNames: [String] { terms.flatMap(\.thetaNames) }

    /// Sets θ without updating L; call `updateFactor()` next.
    public mutating func setTheta(_ theta: [Double]) {
        var offset = 0
        for index in terms.indices {
            let count = terms[index].thetaCount
            terms[index].setTheta(theta[offset..<(offset + count)])
            offset += count
        }
    }

    /// Sets θ, updates L and returns the objective; +∞ where L cannot be formed, so that an
    /// optimizer steps back.
    public mutating func objective(at theta: [Double]) -> Double {
        setTheta(theta)
        do {
            try updateFactor()
        } catch {
            return .infinity
        }
        return objective
    }

    // MARK: - The objective

    /// The criterion minimized: −2 × the profiled (restricted) log-likelihood at the current θ.
    public var objective: Double { objective(for: method) }

    /// −2 × the profiled log-likelihood of either kind at the current θ: the REML criterion
    /// of an ML fit, or the ML deviance of a REML fit, as lme4 reports them.
    public func objective(for method: EstimationMethod) -> Double {
        let n = Double(observationCount), p = Double(fixedEffectCount)
        let twoPi = 2 * Double.pi
        switch method {
        case .ml:
            return logDeterminantZ + n * (1 + log(twoPi * penalizedResidualSumOfSquares / n))
        case .reml:
            let degrees = n - p
            return logDeterminantZ + logDeterminantX + degrees * (1 + log(twoPi * penalizedResidualSumOfSquares / degrees))
        }
    }

    /// log|ΛᵀZᵀZΛ + I|: twice the log of L's diagonal over the random effects.
    public var logDeterminantZ: Double {
        // The first term's pivots are at least 1 (L_g L_gᵀ = λᵀA_gλ + I), so they are multiplied
        // in runs and the log taken once per run: a log per level would cost more than the
        // factorization of a 2×2 block.
        var sum = 0.0, product = 1.0
        let k = layout.firstEffects, m = layout.restSize
        factor.diagonal.withUnsafeBufferPointer { diagonal in
            for level in 0..<layout.firstLevels {
                for effect in 0..<k {
                    product *= diagonal[level * k * k + effect * k + effect]
                    if product > 1e200 || product < 1e-200 {
                        sum += log(product)
                        product = 1
                    }
                }
            }
        }
        sum += log(product)
        for index in 0..<layout.restRandomEffects { sum += log(factor.rest[index * m + index]) }
        return 2 * sum
    }

    /// log|L_X L_Xᵀ|, the determinant REML adds: twice the log of L's diagonal over X.
    public var logDeterminantX: Double {
        let m = layout.restSize
        var sum = 0.0
        for index in layout.fixedOffset..<layout.responseOffset { sum += log(factor.rest[index * m + index]) }
        return 2 * sum
    }

    /// ‖y − Xβ − ZΛu‖² + ‖u‖² at the conditional modes: the last diagonal entry of L, squared.
    public var penalizedResidualSumOfSquares: Double {
        let last = factor.rest[layout.restSize * layout.restSize - 1]
        return last * last
    }

    /// σ̂: √(pwrss / (n − p)) for REML, √(pwrss / n) for ML.
    public var sigma: Double {
        let n = Double(observationCount), p = Double(fixedEffectCount)
        return (penalizedResidualSumOfSquares / (method == .reml ? n - p : n)).squareRoot()
    }
}
