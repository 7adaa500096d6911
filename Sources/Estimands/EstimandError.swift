import MixedModels

/// What stops an estimand analysis, each naming what was wrong and what was expected.
public indirect enum EstimandError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownColumn(file: String, column: String, available: [String])
    case notNumeric(file: String, column: String)
    case unknownArm(file: String, column: String, arm: String, arms: [String])
    case sameArms(String)
    case missingKey(file: String, line: Int, column: String)
    case subjectInTwoArms(file: String, subject: String, arms: [String], line: Int)
    case duplicatedVisit(file: String, subject: String, visit: String, lines: [Int])
    case visitRowNeeded(file: String, subject: String, visit: String, column: String)
    case numericArm(file: String, column: String)
    case unknownEventSubject(subject: String, origin: String?)
    case unknownEventVisit(subject: String, visit: String, visits: [String], origin: String?)
    case repeatedEvent(subject: String, origin: String?)
    case noPriorVisit(subject: String, visit: String)
    case noObservedData(arm: String)
    case noObservedVisit(visit: String)
    case model(String)
    /// The imputation model's own refusal or failure, kept typed so that a data problem (65) is
    /// told from a numerical one (1).
    case fit(MixedModelError)
    /// A jackknife replicate's failure, with the subject left out.
    case replicate(subject: String, EstimandError)
    /// More bootstrap samples failed than the threshold allows: how many were tried and failed,
    /// the limit, and the first failure with its sample's number.
    case bootstrapFailures(failed: Int, limit: Int, tried: Int, firstSample: Int, EstimandError)
    case notEstimable(String)

    /// The failure behind a replicate's.
    public var underlying: EstimandError {
        if case let .replicate(_, inner) = self { return inner.underlying }
        if case let .bootstrapFailures(_, _, _, _, inner) = self { return inner.underlying }
        return self
    }

    public var description: String {
        switch self {
        case let .unknownColumn(file, column, available):
            return "\(file): no column \(column) (columns: \(available.joined(separator: ", ")))"
        case let .notNumeric(file, column):
            return "\(file): column \(column) is the outcome, so it must hold numbers"
        case let .unknownArm(file, column, arm, arms):
            return "\(file): column \(column) has no arm \(arm) (arms: \(arms.joined(separator: ", ")))"
        case let .sameArms(arm):
            return "the reference and the treatment arm are both \(arm); give two different arms"
        case let .missingKey(file, line, column):
            return "\(file), line \(line): column \(column) is empty; every row needs its subject, arm and visit"
        case let .subjectInTwoArms(file, subject, arms, line):
            return "\(file), line \(line): subject \(subject) is in arm \(arms[1]) here and in \(arms[0]) on an earlier row"
        case let .duplicatedVisit(file, subject, visit, lines):
            return "\(file), lines \(lines.map(String.init).joined(separator: " and ")): subject \(subject) has two rows at visit \(visit)"
        case let .visitRowNeeded(file, subject, visit, column):
            return "\(file): subject \(subject) has no row at visit \(visit), and column \(column) changes within the subject, so the row "
                + "cannot be added with its outcome missing; add it to the file (with the outcome blank)"
        case let .numericArm(file, column):
            return "\(file): column \(column) holds numbers; the arms must be labels (recode them, e.g. --recode \(column):1=treated)"
        case let .unknownEventSubject(subject, origin):
            return "\(origin ?? "intercurrent events"): subject \(subject) is not in the data"
        case let .unknownEventVisit(subject, visit, visits, origin):
            return "\(origin ?? "intercurrent events"): subject \(subject)'s visit \(visit) is not a visit of the data (visits: \(visits.joined(separator: ", ")))"
        case let .repeatedEvent(subject, origin):
            return "\(origin ?? "intercurrent events"): subject \(subject) has a second event; give each subject's first event only"
        case let .noPriorVisit(subject, visit):
            return "subject \(subject)'s event is at the first visit (\(visit)), so last mean carried forward has no mean to carry; "
                + "use another strategy for this subject"
        case let .noObservedData(arm):
            return "arm \(arm) has no observed value left after the intercurrent events, so its mean cannot be estimated"
        case let .noObservedVisit(visit):
            return "no subject has an observed value at visit \(visit) after the intercurrent events, so the imputation model cannot be fitted"
        case let .model(message):
            return "the imputation model: \(message)"
        case let .fit(error):
            return "the imputation model: \(error)"
        case let .replicate(subject, error):
            return "with subject \(subject) left out (jackknife): \(error)"
        case let .bootstrapFailures(failed, limit, tried, first, error):
            return "\(failed) of \(tried) bootstrap samples could not be analysed, more than the \(limit) allowed; "
                + "the first, sample \(first): \(error). A simpler covariance structure (--covariance) may fit where this one fails"
        case let .notEstimable(message):
            return message
        }
    }
}
