import ModelFrames
import TrialData

/// A declared chain of covariance structures: the formula's, then each fallback in turn, until
/// one fits and converges (for example us → toeph → ar1h → cs). Every structure tried and why it
/// was passed over is kept, so the report can say plainly which covariance the results rest on.
public struct CovarianceFallback: Sendable {
    public struct Attempt: Sendable, Equatable, CustomStringConvertible {
        public let structure: CovarianceTerm.Structure
        public let reason: String
        public var description: String { "covariance \(structure.rawValue) passed over: \(reason)" }
    }

    public let fit: RepeatedMeasuresFit
    /// Structures passed over, in the order tried.
    public let passedOver: [Attempt]

    public static func fit(
        _ formula: Formula, fallbacks: [CovarianceTerm.Structure], table: Table, method: EstimationMethod = .reml,
        references: [String: String] = [:], weights: String? = nil, maximumEvaluations: Int = 10_000
    ) throws(MixedModelError) -> CovarianceFallback {
        guard let term = formula.covarianceTerm else { throw .invalidOption("the formula has no covariance term to fall back from") }
        var passedOver: [Attempt] = []
        var lastError: MixedModelError? = nil
        let chain = [term.structure] + fallbacks
        for (position, structure) in chain.enumerated() {
            var candidate = formula
            candidate.covarianceTerm?.structure = structure
            do {
                let fit = try RepeatedMeasuresFit.fit(candidate, table: table, method: method, references: references,
                                                      weights: weights, maximumEvaluations: maximumEvaluations)
                // The last structure's fit is kept even if it did not converge: it is reported as such.
                if fit.converged || position == chain.count - 1 {
                    return CovarianceFallback(fit: fit, passedOver: passedOver)
                }
                passedOver.append(Attempt(structure: structure, reason: "did not converge: " + fit.messages.joined(separator: "; ")))
            } catch {
                // Data problems are the same for every structure; only covariance-specific failures fall back.
                if case .modelFrame = error { throw error }
                if case .duplicatedVisit = error { throw error }
                lastError = error
                passedOver.append(Attempt(structure: structure, reason: error.description))
            }
        }
        throw lastError ?? .optimization("no covariance structure in the chain could be fitted")
    }
}
