import TrialData

/// Change from baseline, signed so that improvement is positive whatever the instrument's
/// direction, for scores laid out one row per subject and visit.
public struct Improvement: Sendable {
    public var points: [Double]
    public var percent: [Double]
    /// Subjects whose improvement could not be computed, with the reason.
    public var problems: [String]
    /// Rows at the baseline visit, where improvement is 0 by definition and no responder can be.
    public var atBaseline: [Bool]

    /// `baselineVisit` defaults to the first visit: the smallest number, or the first label in the
    /// order the subjects' rows give (as the analyses order visits).
    public static func compute(
        _ scores: [Double], table: Table, subjectColumn: String, visitColumn: String, baselineVisit: String?, direction: Direction
    ) throws(InstrumentError) -> Improvement {
        guard let subjects = table.texts(of: subjectColumn) else {
            throw .unknownItemColumn(subjectColumn, available: table.columnNames)
        }
        guard let visitColumnValues = table.columns.first(where: { $0.name == visitColumn }), let visits = table.texts(of: visitColumn) else {
            throw .unknownItemColumn(visitColumn, available: table.columnNames)
        }
        let baseline: String
        if let baselineVisit {
            guard visits.contains(baselineVisit) else {
                throw .invalidOption(name: "--baseline-visit", value: baselineVisit, expected: "one of the visits in \(visitColumn)")
            }
            baseline = baselineVisit
        } else if case let .numeric(numbers) = visitColumnValues.values, let first = numbers.filter({ !$0.isNaN }).min() {
            baseline = visitColumnValues.text(at: numbers.firstIndex(of: first)!)
        } else if let first = VisitAxis.labelOrder(visits: visits, subjects: subjects).first {
            baseline = first
        } else {
            throw .invalidOption(name: "--visit", value: visitColumn, expected: "a column with at least one visit")
        }
        var baselineRow: [String: Int] = [:]
        var ambiguous = Set<String>()
        for row in 0..<table.rowCount where visits[row] == baseline {
            guard let subject = subjects[row] else { continue }
            if baselineRow[subject] != nil { ambiguous.insert(subject) } else { baselineRow[subject] = row }
        }
        var points = [Double](repeating: .nan, count: table.rowCount), percent = points
        var problems: [String] = ambiguous.sorted().map { "subject \($0) has more than one row at the baseline visit \(baseline)" }
        var withoutBaseline = Set<String>()
        var withoutSubject: [Int] = []
        for row in 0..<table.rowCount {
            guard let subject = subjects[row] else {
                withoutSubject.append(Int(table.lineNumbers[row]))
                continue
            }
            guard !ambiguous.contains(subject) else { continue }
            guard let base = baselineRow[subject] else {
                withoutBaseline.insert(subject)
                continue
            }
            points[row] = direction.improvement(baseline: scores[base], followUp: scores[row])
            percent[row] = direction.percentImprovement(baseline: scores[base], followUp: scores[row])
        }
        problems += withoutBaseline.sorted().map { "subject \($0) has no row at the baseline visit \(baseline)" }
        problems += withoutSubject.map { "line \($0) has no subject, so its improvement is missing" }
        var isBaseline = [Bool](repeating: false, count: table.rowCount)
        for row in 0..<table.rowCount where visits[row] == baseline { isBaseline[row] = true }
        return Improvement(points: points, percent: percent, problems: problems, atBaseline: isBaseline)
    }
}
