import Descriptives
import StatsCore
import TrialData

/// The data behind a figure of individual subjects (`trialstats plot`), which means and models
/// summarise away: every subject's values by visit (spaghetti), every patient's change at a
/// visit (waterfall), who has a value at each visit (missingness), and the cumulative
/// distribution of change at a visit by arm (ecdf, as the FDA's PRO guidance recommends). Each
/// comes with the counts behind it, so that a subject who is not drawn is still counted, with the
/// reason.
public struct SubjectFigureData: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case spaghetti, waterfall, missingness, ecdf }
    public enum ChangeScale: String, Codable, Sendable, CaseIterable { case percent, points }

    public var kind: Kind
    /// Waterfall: the visit whose change from baseline is drawn (default: the last visit), and the
    /// visit column it names (checked against the dataset's).
    public var visit: String?
    public var visitColumn: String?
    public var scale: ChangeScale
    /// ecdf: responder thresholds on the change in points, marked on its figure with each arm's
    /// share at or below them; percent change is marked at IMMPACT's −30% and −50%.
    public var marks: [Double]
    public static let percentMarks: [Double] = [-30, -50]

    public init(kind: Kind, visit: String? = nil, visitColumn: String? = nil, scale: ChangeScale = .percent, marks: [Double] = []) {
        self.kind = kind
        self.visit = visit
        self.visitColumn = visitColumn
        self.scale = scale
        self.marks = marks
    }

    public func check() throws(AnalysisError) {
        if visit != nil && ![.waterfall, .ecdf].contains(kind) { throw .conflictingOptions("--at is for --kind waterfall or ecdf") }
        if !marks.isEmpty && kind != .ecdf { throw .conflictingOptions("--mark is for --kind ecdf") }
        if let bad = marks.first(where: { !$0.isFinite }) { throw .conflictingOptions("--mark \(bad): expected a finite change in points, e.g. --mark -2") }
    }

    public func run(on dataset: TrialDataset) throws(AnalysisError) -> SubjectFigureResult {
        try check()
        guard dataset.roles.outcomes.count == 1, let outcome = dataset.roles.outcomes.first else {
            throw .outcomeNotChosen(outcomes: dataset.roles.outcomes)
        }
        let series = Self.series(dataset, outcome: outcome)
        var result = SubjectFigureResult(kind: kind.rawValue, outcome: outcome, visits: dataset.visits.labels, arms: dataset.arms.levels,
                                         subjects: series, ledger: DataLedger(dataset.ledger))
        switch kind {
        case .spaghetti:
            result.spaghetti = dataset.arms.levels.map { arm in
                let members = series.filter { $0.arm == arm }
                let drawn = members.filter { $0.values.contains { $0 != nil } }.count
                return .init(arm: arm, subjects: members.count, drawn: drawn,
                             complete: members.filter { $0.values.allSatisfy { $0 != nil } }.count, notDrawn: members.count - drawn)
            }
        case .missingness:
            var cells: [SubjectFigureResult.MissingnessCell] = []
            for arm in dataset.arms.levels {
                let members = series.filter { $0.arm == arm }
                for (visit, label) in dataset.visits.labels.enumerated() {
                    let missing = members.filter { $0.values[visit] == nil }
                    let droppedOut = missing.filter { subject in !subject.values[visit...].contains { $0 != nil } }.count
                    let have = members.count - missing.count
                    let percent: Double? = members.isEmpty ? nil : 100 * Double(have) / Double(members.count)
                    cells.append(.init(arm: arm, visit: label, subjects: members.count, withValue: have, percentWithValue: percent,
                                       missing: missing.count, droppedOut: droppedOut, missedVisit: missing.count - droppedOut))
                }
            }
            result.missingness = cells
        case .waterfall:
            result.waterfall = try waterfall(series, dataset: dataset, outcome: outcome, scale: scale)
        case .ecdf:
            let points = try waterfall(series, dataset: dataset, outcome: outcome, scale: .points)
            let percent = try waterfall(series, dataset: dataset, outcome: outcome, scale: .percent)
            let marks = Array(Set(self.marks)).sorted(by: >).map { Self.mark($0, scale: .points, of: points) }
                + Self.percentMarks.map { Self.mark($0, scale: .percent, of: percent) }
            result.ecdf = .init(points: points, percent: percent, marks: marks)
        }
        return result
    }

    /// Each arm's patients whose change is at or below a threshold: where the arm's curve meets its line.
    static func mark(_ value: Double, scale: ChangeScale, of changes: SubjectFigureResult.Waterfall) -> SubjectFigureResult.CumulativeChange.Mark {
        .init(scale: scale.rawValue, value: value, arms: changes.arms.map { arm in
            let atOrBelow = changes.bars.filter { $0.arm == arm.arm && $0.value <= value }.count
            return .init(arm: arm.arm, atOrBelow: atOrBelow, drawn: arm.drawn, proportion: arm.drawn > 0 ? Double(atOrBelow) / Double(arm.drawn) : nil)
        })
    }

    func waterfall(_ series: [SubjectFigureResult.Series], dataset: TrialDataset, outcome: String,
                   scale: ChangeScale) throws(AnalysisError) -> SubjectFigureResult.Waterfall {
        let visits = dataset.visits.labels
        let index: Int
        if let visit {
            index = try ArmVisitSelection(dataset, visitColumn: visitColumn, visit: visit, arms: []).visitIndex
        } else {
            index = visits.count - 1
        }
        let baseline = dataset.visits.baselineIndex
        guard index != baseline else {
            throw .conflictingOptions("--at \(visitColumn.map { "\($0)=" } ?? "")\(visit ?? visits[index]): that is the baseline visit; choose a later visit")
        }
        let percent = scale == .percent
        let visitName = dataset.roles.visit ?? "visit"
        let label = (percent ? "% change" : "change") + " in \(outcome) from \(visitName) \(visits[baseline]) to \(visitName) \(visits[index])"
        // Each subject's row at the visit; its baseline is the dataset's (a baseline column when
        // one is declared, else the baseline visit's value), as descriptives --change uses.
        let outcomeValues = dataset.outcomes[outcome] ?? [], baselines = dataset.baselines[outcome] ?? []
        var rowAtVisit: [String: Int] = [:]
        for row in 0..<dataset.rowCount where dataset.visitCodes[row] == Int32(index) {
            if let subject = dataset.subjects.value(at: row) { rowAtVisit[subject] = row }
        }
        var arms: [SubjectFigureResult.WaterfallArm] = [], bars: [SubjectFigureResult.Bar] = []
        for arm in dataset.arms.levels {
            let members = series.filter { $0.arm == arm }
            var noValue = 0, noBaseline = 0, zeroBaseline = 0, values: [Double] = []
            for subject in members {
                guard let row = rowAtVisit[subject.subject], outcomeValues[row].isFinite else { noValue += 1; continue }
                let start = baselines[row], end = outcomeValues[row]
                if !start.isFinite { noBaseline += 1; continue }
                if percent && start == 0 { zeroBaseline += 1; continue }
                let value = percent ? percentChange(from: start, to: end) : end - start
                values.append(value)
                bars.append(.init(subject: subject.subject, arm: arm, value: value))
            }
            arms.append(.init(arm: arm, subjects: members.count, drawn: values.count, noValueAtVisit: noValue, noBaseline: noBaseline,
                              zeroBaseline: percent ? zeroBaseline : nil, median: finiteOrNil(Description(values).median),
                              fell: values.filter { $0 < 0 }.count, rose: values.filter { $0 > 0 }.count,
                              fellAtLeast30Percent: percent ? values.filter { $0 <= -30 }.count : nil,
                              fellAtLeast50Percent: percent ? values.filter { $0 <= -50 }.count : nil))
        }
        return .init(visit: visits[index], baselineVisit: visits[baseline], visitColumn: visitName, scale: scale.rawValue, label: label,
                     arms: arms, bars: bars)
    }

    /// Each subject's values of one outcome, one per visit (null where missing or without a row),
    /// in the order subjects first appear.
    static func series(_ dataset: TrialDataset, outcome: String) -> [SubjectFigureResult.Series] {
        let values = dataset.outcomes[outcome] ?? []
        var index: [Int32: Int] = [:]
        var subjects: [SubjectFigureResult.Series] = []
        for row in 0..<dataset.rowCount {
            let code = dataset.subjects.codes[row]
            guard code != Factor.missingCode, let arm = dataset.arms.value(at: row) else { continue }
            let position: Int
            if let known = index[code] {
                position = known
            } else {
                position = subjects.count
                index[code] = position
                subjects.append(.init(subject: dataset.subjects.levels[Int(code)], arm: arm,
                                      values: Array(repeating: nil, count: dataset.visits.labels.count)))
            }
            let visit = Int(dataset.visitCodes[row])
            if visit >= 0, values[row].isFinite { subjects[position].values[visit] = values[row] }
        }
        return subjects
    }
}

/// The JSON of `trialstats plot` (schema trialstats/plot/1): every subject's values, and the
/// counts of the kind of figure drawn.
public struct SubjectFigureResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/plot/1"
    public var kind: String
    public var outcome: String
    public var visits: [String]
    public var arms: [String]
    /// Every subject with an arm, values by visit (null where missing).
    public var subjects: [Series]
    @Null public var spaghetti: [SpaghettiArm]?
    @Null public var missingness: [MissingnessCell]?
    @Null public var waterfall: Waterfall?
    /// The same per-patient changes as a waterfall's, in points and in percent, for their
    /// cumulative distributions, and the share of each arm at or below each threshold.
    @Null public var ecdf: CumulativeChange?
    public var ledger: DataLedger

    public struct CumulativeChange: Codable, Sendable, Equatable {
        public var points: Waterfall
        public var percent: Waterfall
        public var marks: [Mark]

        public struct Mark: Codable, Sendable, Equatable {
            /// "points" or "percent".
            public var scale: String
            public var value: Double
            public var arms: [MarkArm]
        }

        public struct MarkArm: Codable, Sendable, Equatable {
            public var arm: String
            public var atOrBelow: Int
            public var drawn: Int
            @Null public var proportion: Double?
        }
    }

    init(kind: String, outcome: String, visits: [String], arms: [String], subjects: [Series], ledger: DataLedger) {
        self.kind = kind
        self.outcome = outcome
        self.visits = visits
        self.arms = arms
        self.subjects = subjects
        self.ledger = ledger
    }

    public struct Series: Codable, Sendable, Equatable {
        public var subject: String
        public var arm: String
        public var values: [Double?]
    }

    public struct SpaghettiArm: Codable, Sendable, Equatable {
        public var arm: String
        public var subjects, drawn: Int
        /// With a value at every visit.
        public var complete: Int
        /// No value at any visit.
        public var notDrawn: Int
    }

    public struct MissingnessCell: Codable, Sendable, Equatable {
        public var arm, visit: String
        public var subjects, withValue: Int
        @Null public var percentWithValue: Double?
        public var missing: Int
        /// No value here or later.
        public var droppedOut: Int
        /// No value here, a value later.
        public var missedVisit: Int
    }

    public struct Waterfall: Codable, Sendable, Equatable {
        public var visit, baselineVisit, visitColumn: String
        /// "percent" or "points".
        public var scale: String
        public var label: String
        public var arms: [WaterfallArm]
        public var bars: [Bar]
    }

    public struct WaterfallArm: Codable, Sendable, Equatable {
        public var arm: String
        public var subjects, drawn, noValueAtVisit, noBaseline: Int
        /// Percent change only: baselines of 0 have no percent change.
        @Null public var zeroBaseline: Int?
        @Null public var median: Double?
        public var fell, rose: Int
        @Null public var fellAtLeast30Percent: Int?
        @Null public var fellAtLeast50Percent: Int?
    }

    public struct Bar: Codable, Sendable, Equatable {
        public var subject, arm: String
        public var value: Double
    }
}
