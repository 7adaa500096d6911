/// What stops an estimand analysis, each naming what was wrong and what was expected.
public enum EstimandError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownColumn(file: String, column: String, available: [String])
    case notNumeric(file: String, column: String)
    case unknownArm(file: String, column: String, arm: String, arms: [String])
    case sameArms(String)
    case missingKey(file: String, line: Int, column: String)
    case subjectInTwoArms(file: String, subject: String, arms: [String], line: Int)
    case duplicatedVisit(file: String, subject: String, visit: String, lines: [Int])
    case visitRowNeeded(file: String, subject: String, visit: String, column: String)
    case unknownEventSubject(subject: String)
    case unknownEventVisit(subject: String, visit: String, visits: [String])
    case repeatedEvent(subject: String)
    case noPriorVisit(subject: String, visit: String)
    case noObservedData(arm: String)
    case noObservedVisit(visit: String)
    case model(String)
    case notEstimable(String)

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
        case let .unknownEventSubject(subject):
            return "intercurrent events: subject \(subject) is not in the data"
        case let .unknownEventVisit(subject, visit, visits):
            return "intercurrent events: subject \(subject)'s visit \(visit) is not a visit of the data (visits: \(visits.joined(separator: ", ")))"
        case let .repeatedEvent(subject):
            return "intercurrent events: subject \(subject) has two; give each subject's first event only"
        case let .noPriorVisit(subject, visit):
            return "subject \(subject)'s event is at the first visit (\(visit)), so last mean carried forward has no mean to carry; "
                + "use another strategy for this subject"
        case let .noObservedData(arm):
            return "arm \(arm) has no observed value left after the intercurrent events, so its mean cannot be estimated"
        case let .noObservedVisit(visit):
            return "no subject has an observed value at visit \(visit) after the intercurrent events, so the imputation model cannot be fitted"
        case let .model(message):
            return "the imputation model: \(message)"
        case let .notEstimable(message):
            return message
        }
    }
}
