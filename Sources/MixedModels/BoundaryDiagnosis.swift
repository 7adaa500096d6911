import Foundation
import LinearAlgebra

extension LinearMixedModel {
    /// Says which variance or correlation is on its boundary, term by term, for the θ entries
    /// `boundary` (indices into θ). A singular fit is a result, not an error: the data do not
    /// support that variance, and the report must say which.
    /// A variance counts as 0 when, in units of σ², it is below singularTolerance² (what a
    /// scalar θ below the tolerance gives), or when it is below 1e-8 of its term's largest.
    func boundaryDescriptions(boundary: [Int], singularTolerance: Double) -> [String] {
        var messages: [String] = []
        var offset = 0
        for term in terms {
            let range = offset..<(offset + term.thetaCount)
            offset += term.thetaCount
            let onBoundary = boundary.filter { range.contains($0) }
            guard !onBoundary.isEmpty else { continue }
            let group = term.groupingLabel
            let covariance = term.relativeCovariance
            let k = term.effectCount
            let scale = (0..<k).map { covariance[$0, $0] }.max() ?? 0
            let absoluteZero = singularTolerance * singularTolerance
            // A nested term's copies share their variances: each is said once.
            let effects = term.representativeEffects
            let zeroVariances = effects.filter {
                covariance[$0, $0] < absoluteZero || covariance[$0, $0] <= 1e-8 * max(scale, 1e-300) || covariance[$0, $0] == 0
            }
            for effect in zeroVariances {
                messages.append("boundary (singular) fit: the variance of \(term.effectNames[effect]) for \(term.groupingLabel(ofEffect: effect)) is estimated as 0")
            }
            if zeroVariances.count < effects.count, onBoundary.count > zeroVariances.count || zeroVariances.isEmpty {
                let positions = term.thetaPositions
                let dependent = onBoundary.map { positions[$0 - range.lowerBound].row }.filter { !zeroVariances.contains($0) }
                let pair = effects.filter { !zeroVariances.contains($0) }
                let pairCorrelation = pair.count == 2
                    ? covariance[pair[0], pair[1]] / (covariance[pair[0], pair[0]] * covariance[pair[1], pair[1]]).squareRoot() : .nan
                if pair.count == 2, abs(pairCorrelation) > 0.99 {
                    let correlation = pairCorrelation
                    messages.append("boundary (singular) fit: the correlation of \(term.effectNames[pair[0]]) and "
                                    + "\(term.effectNames[pair[1]]) for \(group) is estimated as \(String(format: "%.2f", correlation))")
                } else if !dependent.isEmpty, Self.isSingular(covariance, among: pair) {
                    let names = dependent.map { term.effectNames[$0] }.joined(separator: ", ")
                    messages.append("boundary (singular) fit: the covariance matrix of the random effects for \(group) is singular; "
                                    + "the variation in \(names) is a linear combination of the other effects' (correlations at ±1)")
                }
            }
        }
        return messages
    }

    /// Whether the covariance of the effects `among` is singular: a θ on its bound need not
    /// make it so once another effect's variance is already 0.
    static func isSingular(_ covariance: Matrix, among effects: [Int]) -> Bool {
        guard effects.count > 1 else { return false }
        var sub = Matrix(rows: effects.count, columns: effects.count)
        for (i, a) in effects.enumerated() { for (j, b) in effects.enumerated() { sub[i, j] = covariance[a, b] } }
        guard let eigen = try? SymmetricEigendecomposition(sub), let largest = eigen.values.last, largest > 0 else { return true }
        return eigen.values[0] <= 1e-8 * largest
    }
}
