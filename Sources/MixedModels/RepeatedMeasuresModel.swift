#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LinearAlgebra
import ModelFrames

/// A mixed model for repeated measures (MMRM): y_i = X_iβ + ε_i with ε_i ~ N(0, Σ[V_i, V_i]),
/// V_i the visits subject i was seen at, Σ a structured T×T covariance (per group when the
/// covariance term has one). This is the state of the fit: the data reduced to cross
/// products per missingness pattern, and θ.
///
/// −2 log L_R(θ) = Σᵢ log|Σᵢ| + rᵀΣ⁻¹r + log|X'Σ⁻¹X| + (n − p) log 2π, with β at its GLS
/// estimate for θ (SAS PROC MIXED's and mmrm's REML criterion); ML drops log|X'Σ⁻¹X| and uses
/// n log 2π.
///
/// Weights wᵢⱼ (mmrm's `weights`, SAS's WEIGHT) scale the covariance of a subject's rows to
/// Wᵢ^{−1/2} Σᵢ Wᵢ^{−1/2}: a row of weight 4 has a quarter of the variance. This equals the
/// unweighted model for rows multiplied by √wᵢⱼ, with −Σ log wᵢⱼ added to the criterion, so the
/// patterns hold the scaled rows and nothing else changes.
public struct RepeatedMeasuresModel: Sendable {
    public let frame: ModelFrame
    public let method: EstimationMethod
    public let term: CovarianceTerm
    public let parametrization: CovarianceParametrization
    /// Visit levels: the rows and columns of Σ.
    public let visits: [String]
    /// Covariance groups; one unnamed group when the term has none.
    public let groups: [String]
    public let fixedEffectsMatrix: Matrix
    public let fixedEffectNames: [String]
    public let fixedEffectAssign: [Int]
    public let droppedFixedEffects: [String]
    public let response: [Double]
    public let subjectCount: Int
    public internal(set) var patterns: [MissingnessPattern]
    /// For a spatial Σ, the pairs of visits (T×T) some subject was seen at together: the only
    /// entries the criterion reads, and with several coordinates (a visit per combination seen,
    /// hundreds) far fewer than T²; nil for the other structures, whose T is small.
    public let visitPairsInUse: [Bool]?
    /// Per row used, its subject (index into `frame.covariance!.subjects`).
    public let subjectIndices: [Int32]
    /// Said before fitting: empty factor-by-factor cells of the fixed effects.
    public let designWarnings: [String]
    /// Per row used, its weight; nil for an unweighted fit.
    public let weights: [Double]?
    /// −Σ log wᵢⱼ: what the weights add to −2 log L (the log-determinant of the scaled Σᵢ).
    public let weightLogDeterminant: Double

    public var observationCount: Int { response.count }
    public var fixedEffectCount: Int { fixedEffectNames.count }
    public var parameterCount: Int { parametrization.parameterCount * groups.count }

    public init(frame: ModelFrame, method: EstimationMethod = .reml) throws(MixedModelError) {
        guard let design = frame.covariance else { throw .invalidOption("the formula has no covariance term such as us(visit | subject)") }
        self.frame = frame
        self.method = method
        term = design.term
        visits = design.visits
        groups = design.groupIndices == nil ? [""] : design.groups
        parametrization = try CovarianceParametrization(structure: design.term.structure, dimension: design.visits.count,
                                                        coordinates: design.visitCoordinates)
        // Lags count visits, not time, as SAS's TYPE=AR(1) and TOEP and mmrm's ar1 and toep do:
        // said when the visits' numbers are unequally spaced, since a reader may assume otherwise.
        var spacing: [String] = []
        if [.ar1, .ar1h, .toep, .toeph].contains(design.term.structure), let values = design.visitValues, values.count > 2 {
            let steps = zip(values.dropFirst(), values).map { $0 - $1 }
            if steps.contains(where: { abs($0 - steps[0]) > 1e-9 * max(1, abs(steps[0])) }) {
                spacing.append("\(design.term.structure.rawValue) takes the visits \(design.term.visit) = "
                               + values.map { rLabel($0) }.joined(separator: ", ")
                               + " in order, one lag apart, whatever the time between them (as SAS and mmrm do); for a correlation "
                               + "that decays with the time between visits use sp_exp(\(design.term.visit) | \(design.term.subject)), or one "
                               + "that assumes nothing of the spacing: us, csh, ad or adh")
            }
        }
        designWarnings = spacing + EstimableFixedEffects.designWarnings(frame)
        let n = frame.response.count
        if let first = frame.response.first, frame.response.allSatisfy({ $0 == first }) {
            throw .constantResponse(variable: frame.formula.response.description, value: first)
        }
        response = frame.response
        weights = frame.weights
        weightLogDeterminant = -(frame.weights?.reduce(0) { $0 + log($1) } ?? 0)
        subjectIndices = design.subjectIndices
        subjectCount = design.subjects.count

        // One row per subject and visit.
        var seen: [Int: Int] = [:]
        for row in 0..<n {
            let key = Int(design.subjectIndices[row]) * design.visits.count + Int(design.visitIndices[row])
            if let earlier = seen[key] {
                throw .duplicatedVisit(subject: design.subjects[Int(design.subjectIndices[row])],
                                       visit: design.visits[Int(design.visitIndices[row])],
                                       lines: [Int(frame.lineNumbers[earlier]), Int(frame.lineNumbers[row])])
            }
            seen[key] = row
        }

        let fixed = try EstimableFixedEffects(frame.design)
        fixedEffectsMatrix = fixed.matrix
        fixedEffectNames = fixed.names
        fixedEffectAssign = fixed.assign
        droppedFixedEffects = fixed.dropped
        if method == .reml, n <= fixed.names.count { throw .noResidualDegreesOfFreedom(observations: n, rank: fixed.names.count) }

        // The parameter count is checked before the patterns' cross products are formed: those
        // grow as (visits × fixed effects)², 260 GB for 300 visits crossed with the arm.
        try Self.checkParameterCount(term: term, parameters: parametrization.parameterCount * groups.count, observations: n,
                                     fixedEffects: fixed.names.count)
        patterns = try Self.patterns(design: design, x: fixedEffectsMatrix, y: response, weights: weights, groups: groups.count)
        if design.term.structure.isSpatial {
            let t = design.visits.count
            var inUse = [Bool](repeating: false, count: t * t)
            for pattern in patterns { for a in pattern.visits { for b in pattern.visits { inUse[b * t + a] = true } } }
            visitPairsInUse = inUse
        } else {
            visitPairsInUse = nil
        }
        try Self.checkIdentifiable(term: term, parameters: parametrization.parameterCount * groups.count, visits: visits.count,
                                   groups: groups, patterns: patterns, observations: n, fixedEffects: fixed.names.count)
    }

    /// Refuses, before any fitting, a covariance the data cannot identify: more parameters than
    /// residual degrees of freedom, or an unstructured Σ over more visits than there are subjects
    /// per group, whose likelihood has no maximum (Σ can approach a singular matrix). Such fits
    /// ran for minutes (15 subjects × 40 visits) and could only end unconverged.
    static func checkIdentifiable(term: CovarianceTerm, parameters: Int, visits: Int, groups: [String], patterns: [MissingnessPattern],
                                  observations: Int, fixedEffects: Int) throws(MixedModelError) {
        try checkParameterCount(term: term, parameters: parameters, observations: observations, fixedEffects: fixedEffects)
        guard term.structure == .us else { return }
        for (index, group) in groups.enumerated() {
            let subjects = patterns.filter { $0.group == index }.reduce(0) { $0 + $1.subjectCount }
            guard subjects <= visits else { continue }
            throw .covarianceNotIdentifiable("us(\(term.visit) | \(term.subject)) over \(visits) visits needs more subjects than visits"
                                             + (group.isEmpty ? "" : " in each group") + "; there \(subjects == 1 ? "is" : "are") \(subjects) "
                                             + "(\(term.subject)\(group.isEmpty ? "" : " in \(group)")), so the unstructured covariance has no "
                                             + "maximum; use a structured one (csh, ar1h, toeph, adh), or check that \(term.visit) is the "
                                             + "visit and \(term.subject) the subject")
        }
    }

    /// More covariance parameters than residual degrees of freedom cannot be estimated.
    static func checkParameterCount(term: CovarianceTerm, parameters: Int, observations: Int, fixedEffects: Int) throws(MixedModelError) {
        let residual = observations - fixedEffects
        guard parameters > residual else { return }
        throw .covarianceNotIdentifiable("\(term.structure.rawValue)(\(term.visit) | \(term.subject)) has \(parameters) covariance parameters "
                                         + "but the data leave \(residual) residual degrees of freedom (\(observations) observations, "
                                         + "\(fixedEffects) fixed effects); use a structure with fewer parameters (cs, ar1, toep), "
                                         + "or check that \(term.visit) is the visit and \(term.subject) the subject")
    }

    /// The most cross-product entries the missingness patterns may hold together (512 MB of
    /// doubles; forming them needs twice that at the peak). A 1,000-subject, 6-visit trial needs
    /// about 10⁴; 60 visits crossed with the arm about 5·10⁷.
    static let maximumCrossProductEntries = 1 << 26

    /// Subjects grouped by (group, visits seen), each pattern's cross products formed with one
    /// dsyrk over its subjects' stacked rows. Every visit must be seen in every group, and every
    /// pair of visits together, or Σ's entries for them are not estimable.
    static func patterns(design: CovarianceDesign, x: Matrix, y: [Double], weights: [Double]?,
                         groups: Int) throws(MixedModelError) -> [MissingnessPattern] {
        let n = y.count, p = x.columns, q = p + 1, t = design.visits.count
        var rowsOfSubject = [[Int]](repeating: [], count: design.subjects.count)
        for row in 0..<n { rowsOfSubject[Int(design.subjectIndices[row])].append(row) }
        var groupOfSubject = [Int](repeating: 0, count: design.subjects.count)
        for (subject, rows) in rowsOfSubject.enumerated() where !rows.isEmpty {
            let group = design.groupIndices.map { Int($0[rows[0]]) } ?? 0
            groupOfSubject[subject] = group
            if let indices = design.groupIndices, let mixed = rows.first(where: { Int(indices[$0]) != group }) {
                throw .invalidOption("subject \(design.subjects[subject]) is in more than one covariance group "
                                     + "(\(design.groups[group]) and \(design.groups[Int(indices[mixed])]))")
            }
        }
        // Pattern key: group and the visits seen.
        var order: [[Int]] = []
        var subjectsOf: [[Int]: [Int]] = [:]
        var together = [[Bool]](repeating: [Bool](repeating: false, count: t * t), count: groups)
        for (subject, rows) in rowsOfSubject.enumerated() where !rows.isEmpty {
            let visits = rows.map { Int(design.visitIndices[$0]) }.sorted()
            let key = [groupOfSubject[subject]] + visits
            if subjectsOf[key] == nil { order.append(key) }
            subjectsOf[key, default: []].append(subject)
            for a in visits { for b in visits { together[groupOfSubject[subject]][a * t + b] = true } }
        }
        // Only an unstructured Σ needs every pair of visits seen together: a structured one takes
        // their covariance from its parameters (a spatial one from the distance between them). A
        // visit's own variance needs the visit seen, except in a spatial Σ.
        let structure = design.term.structure
        for group in 0..<groups where !structure.isSpatial {
            for a in 0..<t {
                for b in 0...a where !together[group][a * t + b] && (structure == .us || a == b) {
                    let where_ = groups > 1 ? " in \(design.groups[group])" : ""
                    throw a == b
                        ? .invalidOption("no subject\(where_) was seen at \(design.visits[a]), so its variance cannot be estimated")
                        : .invalidOption("no subject\(where_) was seen at both \(design.visits[b]) and \(design.visits[a]), so their "
                                         + "covariance cannot be estimated; use a structured covariance (e.g. ar1h or toeph)")
                }
            }
        }
        // Deterministic order: by group, then by the visits seen.
        order.sort { $0.lexicographicallyPrecedes($1) }
        // Each pattern holds (k·q)² cross products: bounded before anything is allocated.
        let entries = order.reduce(0.0) { total, key in total + Double((key.count - 1) * q) * Double((key.count - 1) * q) }
        if entries > Double(maximumCrossProductEntries) {
            let largest = order.map { $0.count - 1 }.max() ?? 0
            throw .exceedsLimit("the repeated-measures model would need \(Int(min(entries / 131_072, 1e15).rounded())) MB of cross products for "
                                + "\(order.count) missingness pattern\(order.count == 1 ? "" : "s") of up to \(largest) visits and \(p) "
                                + "fixed-effect columns; the limit is \(maximumCrossProductEntries / 131_072) MB. "
                                + "Fit the scheduled visits only, or the visit as a number rather than a factor, or a mixed model (random effects)")
        }
        return order.map { key in
            let visits = Array(key.dropFirst()), k = visits.count
            let subjects = subjectsOf[key]!
            // Stacked rows: one per subject, k blocks of (x, y).
            var stacked = Matrix(rows: subjects.count, columns: k * q)
            for (position, subject) in subjects.enumerated() {
                let rows = rowsOfSubject[subject].sorted { design.visitIndices[$0] < design.visitIndices[$1] }
                for (a, row) in rows.enumerated() {
                    let scale = weights.map { $0[row].squareRoot() } ?? 1
                    for c in 0..<p { stacked[position, a * q + c] = scale * x.storage[c * n + row] }
                    stacked[position, a * q + p] = scale * y[row]
                }
            }
            let gram = stacked.crossProduct()  // (kq)², block (a, b) = C^{ab}
            var crossProducts = Matrix(rows: q * q, columns: k * k)
            for a in 0..<k {
                for b in 0..<k {
                    for v in 0..<q { for u in 0..<q { crossProducts[v * q + u, b * k + a] = gram[a * q + u, b * q + v] } }
                }
            }
            return MissingnessPattern(group: key[0], visits: visits, subjectCount: subjects.count, crossProducts: crossProducts)
        }
    }
}

extension RepeatedMeasuresModel {
    /// Between-within df per fixed effect, as mmrm defines them for one grouping level (subject):
    /// a column constant within every subject is between-subject, with df = subjects − 1 −
    /// (between-subject columns other than the intercept); the others and the intercept get
    /// observations − subjects − (within-subject columns).
    public var betweenWithinDegreesOfFreedom: [Double] {
        let n = observationCount, p = fixedEffectCount
        var within = [Bool](repeating: false, count: p)
        var first = [Double?](repeating: nil, count: subjectCount)
        for column in 0..<p {
            for index in first.indices { first[index] = nil }
            for row in 0..<n {
                let subject = Int(subjectIndices[row]), value = fixedEffectsMatrix.storage[column * n + row]
                if let seen = first[subject] {
                    if seen != value { within[column] = true; break }
                } else {
                    first[subject] = value
                }
            }
        }
        let intercept = fixedEffectNames.firstIndex(of: "(Intercept)")
        let betweenCount = (0..<p).filter { !within[$0] && $0 != intercept }.count
        let withinCount = (0..<p).filter { within[$0] }.count
        let betweenDF = Double(subjectCount - (intercept == nil ? 0 : 1) - betweenCount)
        let withinDF = Double(n - subjectCount - withinCount)
        return (0..<p).map { $0 == intercept || within[$0] ? withinDF : betweenDF }
    }
}
