import Distributions
import HypothesisTests
import ModelFrames

/// Estimated marginal means (least-squares means) and their contrasts, as emmeans computes
/// them: a reference grid over the fixed factors with covariates at their means, averaged with
/// equal weights over the factors not named, each mean and contrast tested with the fit's df
/// method (Satterthwaite, Kenward-Roger or residual).
public struct MarginalMeans: Sendable {
    public enum Comparison: Sendable, Equatable {
        /// Every pair, the earlier level minus the later (emmeans' "pairwise").
        case pairwise
        /// Each level minus this one (emmeans' "trt.vs.ctrl" with `ref`).
        case control(String)
    }

    public enum Adjustment: String, Codable, Sendable, CaseIterable {
        case none, bonferroni, holm
        /// Tukey's studentized range for all pairs within each `by` group.
        case tukey
        /// The rest of R's p.adjust family: p-values only; the intervals are Bonferroni's, as
        /// emmeans makes them.
        case hochberg, hommel
        case benjaminiHochberg = "BH", benjaminiYekutieli = "BY"

        /// The p.adjust method, for the adjustments that are one.
        var pValueAdjustment: PValueAdjustment? {
            switch self {
            case .bonferroni: return .bonferroni
            case .holm: return .holm
            case .hochberg: return .hochberg
            case .hommel: return .hommel
            case .benjaminiHochberg: return .benjaminiHochberg
            case .benjaminiYekutieli: return .benjaminiYekutieli
            case .none, .tukey: return nil
            }
        }
    }

    public struct Mean: Sendable, Equatable {
        /// The levels of the specified factors, then of the `by` factors.
        public let levels: [String]
        public let test: ContrastTest
        public let lower: Double
        public let upper: Double
    }

    public struct Contrast: Sendable, Equatable {
        /// "dextrose - saline".
        public let label: String
        /// The levels of the `by` factors this contrast is within.
        public let by: [String]
        public let test: ContrastTest
        /// The p-value after the family's adjustment (the unadjusted one is `test.pValue`).
        public let pValue: Double
        public let lower: Double
        public let upper: Double
    }

    public let specification: [String]
    public let by: [String]
    public let means: [Mean]
    public let contrasts: [Contrast]
    public let adjustment: Adjustment
    public let level: Double
    /// Notes on the means: averaged-over factors, non-estimable means.
    public let notes: [String]
    /// How the contrasts' p-values and intervals were adjusted; nil without contrasts or adjustment.
    public let adjustmentNote: String?

    /// - Parameters:
    ///   - specification: factor names as the formula writes them ("arm", "factor(week)").
    ///   - estimableNames: the fixed effects the fit estimated (aliased columns dropped).
    ///   - test: the fit's test of a linear combination of those fixed effects.
    public init(
        frame: ModelFrame, estimableNames: [String], specification specificationAsGiven: [String], by byAsGiven: [String] = [],
        comparison: Comparison? = nil, adjustment: Adjustment = .none, level: Double = 0.95,
        test: ([Double]) throws(MixedModelError) -> ContrastTest
    ) throws(MixedModelError) {
        let factors = frame.fixedFactors
        let names = factors.map(\.variable.description)
        // A factor is named as the formula writes it, or by its column as emmeans allows:
        // "week" for factor(week), and "factor(visit)" for visit.
        func resolved(_ name: String) throws(MixedModelError) -> String {
            if names.contains(name) { return name }
            let column = name.hasPrefix("factor(") && name.hasSuffix(")") ? String(name.dropFirst(7).dropLast()) : name
            let candidates = names.filter { $0 == column || $0 == "factor(\(column))" || $0 == "as.factor(\(column))" }
            guard candidates.count == 1 else {
                throw .invalidOption("\(name) is not a factor of the fixed effects; the factors are "
                                     + (names.isEmpty ? "none" : names.joined(separator: ", ")))
            }
            return candidates[0]
        }
        var specification = [String](), by = [String]()
        for name in specificationAsGiven { specification.append(try resolved(name)) }
        for name in byAsGiven { by.append(try resolved(name)) }
        // A factor named twice would pair a level with itself ("dextrose dextrose - saline dextrose").
        var seen = Set<String>()
        for (name, given) in zip(specification + by, specificationAsGiven + byAsGiven) where !seen.insert(name).inserted {
            throw .invalidOption("\(given) is named twice in the marginal means' factors; name each factor once, e.g. 'arm | visit'")
        }
        guard !specification.isEmpty else { throw .invalidOption("name at least one factor for the marginal means") }
        self.specification = specification
        self.by = by
        self.adjustment = adjustment
        self.level = level
        let chosen = (specification + by).map { names.firstIndex(of: $0)! }
        let others = factors.indices.filter { !chosen.contains($0) }

        // Every combination of all the factors' levels, the first factor varying fastest.
        var settings: [[Int]] = [[]]
        for factor in factors {
            settings = factor.levels.indices.flatMap { level in settings.map { $0 + [level] } }
        }
        let rows = frame.designRows(levels: settings)
        let columnIndex = Dictionary(uniqueKeysWithValues: estimableNames.enumerated().map { ($1, $0) })
        let dropped = rows.columnNames.indices.filter { columnIndex[rows.columnNames[$0]] == nil }

        // Cells of the chosen factors, specification fastest then by, averaged over the others.
        var cells: [[Int]] = [[]]
        for position in chosen { cells = factors[position].levels.indices.flatMap { level in cells.map { $0 + [level] } } }
        var notes: [String] = []
        if !others.isEmpty {
            notes.append("Averaged over \(others.map { names[$0] }.joined(separator: ", ")) with equal weights.")
        }
        var means: [Mean] = []
        var vectors: [[Double]?] = []
        let critical = { (df: Double) -> Double in
            (try? StudentT(degreesOfFreedom: df).upperQuantile((1 - level) / 2)) ?? .nan
        }
        for cell in cells {
            let members = settings.indices.filter { index in zip(chosen, cell).allSatisfy { settings[index][$0] == $1 } }
            var l = [Double](repeating: 0, count: estimableNames.count)
            var nonEstimable = false
            for member in members {
                for column in 0..<rows.columns {
                    let value = rows.matrix[member, column] / Double(members.count)
                    if let index = columnIndex[rows.columnNames[column]] { l[index] += value } else if value != 0, dropped.contains(column) {
                        nonEstimable = true
                    }
                }
            }
            let labels = zip(chosen, cell).map { factors[$0].levels[$1] }
            if nonEstimable {
                notes.append("The mean at \(labels.joined(separator: ", ")) is not estimable: it needs a cell with no data.")
                means.append(Mean(levels: labels, test: ContrastTest(estimate: .nan, standardError: .nan, degreesOfFreedom: .nan),
                                  lower: .nan, upper: .nan))
                vectors.append(nil)
                continue
            }
            let tested = try test(l)
            let t = critical(tested.degreesOfFreedom)
            means.append(Mean(levels: labels, test: tested, lower: tested.estimate - t * tested.standardError,
                              upper: tested.estimate + t * tested.standardError))
            vectors.append(l)
        }
        self.means = means

        // Contrasts among the specification's cells within each by-group.
        var contrasts: [Contrast] = []
        if let comparison {
            let specificationCount = specification.count
            let groupSize = cells.count / max(1, chosen.count > specificationCount
                ? chosen[specificationCount...].reduce(1) { $0 * factors[$1].levels.count } : 1)
            let groupCount = cells.count / groupSize
            for group in 0..<groupCount {
                let members = Array((group * groupSize)..<((group + 1) * groupSize))
                let label: (Int) -> String = { means[$0].levels.prefix(specificationCount).joined(separator: " ") }
                var pairs: [(Int, Int)] = []
                switch comparison {
                case .pairwise:
                    for a in members.indices { for b in (a + 1)..<max(a + 1, members.count) { pairs.append((members[a], members[b])) } }
                case let .control(reference):
                    guard let control = members.first(where: { label($0) == reference }) else {
                        throw .invalidOption("no level \(reference) to compare with; the levels are "
                                             + members.map(label).joined(separator: ", "))
                    }
                    pairs = members.filter { $0 != control }.map { ($0, control) }
                }
                var family: [(label: String, test: ContrastTest)] = []
                for (a, b) in pairs {
                    guard let la = vectors[a], let lb = vectors[b] else {
                        family.append(("\(label(a)) - \(label(b))", ContrastTest(estimate: .nan, standardError: .nan, degreesOfFreedom: .nan)))
                        continue
                    }
                    family.append(("\(label(a)) - \(label(b))", try test(zip(la, lb).map { $0 - $1 })))
                }
                let byLevels = Array(means[members[0]].levels.dropFirst(specificationCount))
                let raw = family.map(\.test.pValue)
                let adjusted: [Double]
                switch adjustment {
                case .none: adjusted = raw
                case .bonferroni, .holm, .hochberg, .hommel, .benjaminiHochberg, .benjaminiYekutieli:
                    adjusted = adjustment.pValueAdjustment!.adjust(raw)
                case .tukey:
                    adjusted = family.map { item in
                        guard let range = try? StudentizedRange(groups: members.count, degreesOfFreedom: item.test.degreesOfFreedom),
                              item.test.tStatistic.isFinite else { return .nan }
                        return range.distributionFunction(abs(item.test.tStatistic) * 2.0.squareRoot(), upperTail: true, logScale: false)
                    }
                }
                for (index, item) in family.enumerated() {
                    let df = item.test.degreesOfFreedom
                    var multiplier = critical(df)
                    switch adjustment {
                    case .bonferroni, .holm, .hochberg, .hommel, .benjaminiHochberg, .benjaminiYekutieli:
                        multiplier = (try? StudentT(degreesOfFreedom: df).upperQuantile((1 - level) / 2 / Double(family.count))) ?? .nan
                    case .tukey:
                        multiplier = ((try? StudentizedRange(groups: members.count, degreesOfFreedom: df))?
                            .quantileFunction(level, upperTail: false, logScale: false) ?? .nan) / 2.0.squareRoot()
                    case .none: break
                    }
                    contrasts.append(Contrast(label: item.label, by: byLevels, test: item.test, pValue: adjusted[index],
                                              lower: item.test.estimate - multiplier * item.test.standardError,
                                              upper: item.test.estimate + multiplier * item.test.standardError))
                }
            }
        }
        self.contrasts = contrasts
        self.notes = notes
        switch (adjustment, contrasts.isEmpty) {
        case (_, true), (.none, _): adjustmentNote = nil
        case (.holm, _): adjustmentNote = "P-values adjusted by Holm's method within each family; intervals by Bonferroni's, as emmeans does."
        case (.bonferroni, _): adjustmentNote = "P-values and intervals adjusted by Bonferroni's method within each family."
        case (.tukey, _): adjustmentNote = "P-values and intervals adjusted by Tukey's studentized range within each family."
        case (.hochberg, _), (.hommel, _), (.benjaminiHochberg, _), (.benjaminiYekutieli, _):
            let name = [.hochberg: "Hochberg's", .hommel: "Hommel's", .benjaminiHochberg: "Benjamini and Hochberg's (false discovery rate)",
                        .benjaminiYekutieli: "Benjamini and Yekutieli's"][adjustment]!
            adjustmentNote = "P-values adjusted by \(name) method within each family; intervals by Bonferroni's, as emmeans does."
        }
    }
}
