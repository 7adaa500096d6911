import ModelFrames

/// Why a mixed model could not be set up or fitted. Each case names what to change.
public enum MixedModelError: Error, Equatable, Sendable, CustomStringConvertible {
    case modelFrame(ModelFrameError)
    /// The formula has no `(effects | group)` term; a linear model fits it.
    case noRandomEffects(formula: String)
    case constantResponse(variable: String, value: Double)
    /// A grouping factor needs at least two levels among the rows used.
    case tooFewLevels(grouping: String, levels: [String])
    /// A grouping factor with a level per observation confounds its variance with the residual's.
    case levelsNotFewerThanObservations(grouping: String, levels: Int, observations: Int)
    /// More random effects in one term than observations: its variances are not identifiable.
    case tooManyRandomEffects(term: String, effects: Int, observations: Int)
    /// REML needs more observations than fixed-effect columns.
    case noResidualDegreesOfFreedom(observations: Int, rank: Int)
    /// A factorization failed where the mathematics says it cannot; the message says where.
    case numerical(String)
    case optimization(String)
    case unknownTerm(String, terms: [String])
    /// Kenward-Roger's approximation is defined for REML fits.
    case kenwardRogerNeedsREML
    /// Kenward-Roger sums over groups of rows that are independent; a crossed design can make
    /// one group of all rows, whose covariance matrix would be too large to form.
    case blockTooLarge(rows: Int, limit: Int)
    /// A subject with two rows at one visit: an MMRM needs one observation per subject and visit.
    case duplicatedVisit(subject: String, visit: String, lines: [Int])
    /// An option given to the library that does not fit the model.
    case invalidOption(String)
    /// The data cannot identify the covariance structure's parameters: the fit would run on
    /// without an optimum. The text says why and what to use instead.
    case covarianceNotIdentifiable(String)
    /// Two models that a likelihood-ratio test cannot compare, and why.
    case notComparable(String)
    /// The model would need more memory than the limit its text names; refused before allocating.
    case exceedsLimit(String)

    public var description: String {
        switch self {
        case let .modelFrame(error): return error.description
        case let .noRandomEffects(formula):
            return "the formula \(formula) has no random-effects term such as (1 | subject); fit it with `trialstats lm`"
        case let .constantResponse(variable, value):
            return "the response \(variable) is \(value) on every row used; there is no variance to model"
        case let .tooFewLevels(grouping, levels):
            return "the grouping factor \(grouping) has \(levels.count) level\(levels.count == 1 ? "" : "s")"
                + (levels.isEmpty ? "" : " (\(levels.joined(separator: ", ")))")
                + " among the rows used; a random effect needs at least 2"
        case let .levelsNotFewerThanObservations(grouping, levels, observations):
            return "the grouping factor \(grouping) has \(levels) levels for \(observations) observations; with a level per "
                + "observation its variance cannot be told apart from the residual variance"
        case let .tooManyRandomEffects(term, effects, observations):
            return "the term \(term) has \(effects) random effects for \(observations) observations; its variances "
                + "and the residual variance cannot all be estimated"
        case let .noResidualDegreesOfFreedom(observations, rank):
            return "\(observations) observations for \(rank) fixed-effect columns leave no residual degrees of freedom"
        case let .numerical(message): return "numerical failure: \(message)"
        case let .optimization(message): return "optimization failed: \(message)"
        case let .unknownTerm(term, terms): return "no fixed-effect term \(term); the terms are \(terms.joined(separator: ", "))"
        case .kenwardRogerNeedsREML:
            return "Kenward-Roger degrees of freedom need a REML fit; refit without --ml, or use --df satterthwaite"
        case let .invalidOption(message): return message
        case let .covarianceNotIdentifiable(message): return message
        case let .exceedsLimit(message): return message
        case let .duplicatedVisit(subject, visit, lines):
            return "subject \(subject) has more than one row at visit \(visit) (lines \(lines.map(String.init).joined(separator: " and "))); "
                + "an MMRM needs one observation per subject and visit"
        case let .notComparable(reason):
            return "the models cannot be compared by a likelihood-ratio test: \(reason)"
        case let .blockTooLarge(rows, limit):
            return "Kenward-Roger needs the covariance matrix of each group of correlated rows; the crossed random effects "
                + "make one group of \(rows) rows (the limit is \(limit)); use --df satterthwaite"
        }
    }
}
