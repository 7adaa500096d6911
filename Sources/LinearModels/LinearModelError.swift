import ModelFrames

/// Why a linear model could not be fitted.
public enum LinearModelError: Error, Equatable, Sendable, CustomStringConvertible {
    case modelFrame(ModelFrameError)
    /// Every response value is the same: there is nothing to model.
    case constantResponse(variable: String, value: Double)
    /// As many independent columns as rows: the fit is exact and no variance can be estimated.
    case noResidualDegreesOfFreedom(rows: Int, rank: Int)
    case numerical(String)
    case unknownTerm(String, terms: [String])
    /// A formula with lme4's random terms or mmrm's covariance term, which ordinary least
    /// squares cannot fit.
    case randomEffects(term: String)

    public var description: String {
        switch self {
        case let .modelFrame(error): return error.description
        case let .constantResponse(variable, value):
            return "the response \(variable) is \(value) on every row used; a model of a constant has no variance to explain"
        case let .noResidualDegreesOfFreedom(rows, rank):
            return "the model has \(rank) independent columns for \(rows) rows, so no residual variance can be estimated"
        case let .numerical(message): return "numerical failure: \(message)"
        case let .unknownTerm(term, terms): return "no term \(term); the terms are \(terms.joined(separator: ", "))"
        case let .randomEffects(term):
            return "the formula has the term \(term), which least squares cannot fit; fit it with `trialstats fit`"
        }
    }
}
