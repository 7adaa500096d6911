/// A warning about a fit, typed by what it concerns, so that a reader (a report, a plan, a
/// Swift caller) can act on its kind instead of matching words in the message.
public struct FitWarning: Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The optimizer stopped short, or the optimum fails the gradient or Hessian check.
        case convergence
        /// A variance estimated as 0, a correlation of ±1, a singular covariance of random effects.
        case singular
        /// Random effects that the data cannot separate from each other or from the residual.
        case identifiability
        /// The fixed-effect design: empty cells, rank deficiency.
        case design
        /// The tests of the fixed effects: df approximations that could not be computed as asked.
        case inference
        /// A covariance structure of a fallback chain passed over.
        case covarianceFallback
        /// A model refitted for a comparison (the reduced or full model of a likelihood-ratio test).
        case comparedModel
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
