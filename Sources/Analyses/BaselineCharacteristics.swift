import Descriptives
import TrialData

/// Baseline characteristics by arm (`trialstats table1`): each outcome and numeric covariate as
/// n, mean, SD, median and quartiles, each categorical covariate as counts per level, at the
/// baseline visit, one row per subject, by arm and overall (no overall group for a single arm).
/// No p-values: CONSORT advises against testing baseline differences in a randomised trial.
public struct BaselineCharacteristics: Codable, Sendable, Equatable {
    public init() {}

    public func run(on dataset: TrialDataset) -> BaselineCharacteristicsResult {
        let baselineRows = (0..<dataset.rowCount).filter { dataset.visitCodes[$0] == Int32(dataset.visits.baselineIndex) }
        let subjectsAtBaseline = Set(baselineRows.map { dataset.subjects.codes[$0] })
        let arms = dataset.arms.levels
        let single = arms.count == 1
        let groupRows = arms.map { arm in baselineRows.filter { dataset.arms.value(at: $0) == arm } } + (single ? [] : [baselineRows])
        let groups = arms + (single ? [] : ["overall"])

        func continuous(_ name: String, _ values: [Double]) -> BaselineCharacteristicsResult.Continuous {
            .init(variable: name, groups: zip(groups, groupRows).map { group, rows in
                let d = Description(rows.map { values[$0] })
                return .init(group: group, n: d.count, missing: d.missing, mean: finiteOrNil(d.mean), sd: finiteOrNil(d.standardDeviation),
                             median: finiteOrNil(d.median), q1: finiteOrNil(d.firstQuartile), q3: finiteOrNil(d.thirdQuartile))
            })
        }
        var continuousRows = dataset.roles.outcomes.map { continuous($0, dataset.outcomes[$0]!) }
        var categoricalRows: [BaselineCharacteristicsResult.Categorical] = []
        for covariate in dataset.covariates {
            switch covariate.values {
            case let .numeric(values):
                continuousRows.append(continuous(covariate.name, values))
            case let .categorical(factor):
                categoricalRows.append(.init(variable: covariate.name, levels: factor.levels, groups: zip(groups, groupRows).map { group, rows in
                    let present = rows.filter { factor.codes[$0] != Factor.missingCode }
                    let counts = factor.levels.indices.map { level in present.filter { factor.codes[$0] == Int32(level) }.count }
                    return .init(group: group, counts: counts,
                                 percents: counts.map { present.isEmpty ? nil : 100 * Double($0) / Double(present.count) },
                                 missing: rows.count - present.count)
                }))
            case .date:
                continue
            }
        }
        let order = dataset.roles.outcomes + dataset.covariates.filter { if case .date = $0.values { return false }; return true }.map(\.name)
        return BaselineCharacteristicsResult(
            baselineVisit: dataset.visits.baselineLabel, groups: groups, variables: order, subjects: groupRows.map(\.count),
            subjectsWithoutBaseline: Set(dataset.subjects.codes).subtracting(subjectsAtBaseline).count,
            continuous: continuousRows, categorical: categoricalRows, ledger: DataLedger(dataset.ledger))
    }
}

/// The JSON of `trialstats table1`: every summary as a number (the display table's "52.0 (10.9)"
/// is made from these), null where it does not exist.
public struct BaselineCharacteristicsResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/table1/1"
    public var baselineVisit: String
    /// The arms in their order, then "overall" when there are several.
    public var groups: [String]
    /// The variables in the order given: outcomes, then covariates as named.
    public var variables: [String]
    /// Subjects with a row at the baseline visit, per group.
    public var subjects: [Int]
    /// Subjects with rows at other visits only; they are in no group.
    public var subjectsWithoutBaseline: Int
    /// Outcomes, then numeric covariates.
    public var continuous: [Continuous]
    public var categorical: [Categorical]
    public var ledger: DataLedger

    public struct Continuous: Codable, Sendable, Equatable {
        public var variable: String
        public var groups: [Summary]

        public struct Summary: Codable, Sendable, Equatable {
            public var group: String
            public var n: Int
            public var missing: Int
            @Null public var mean: Double?
            @Null public var sd: Double?
            @Null public var median: Double?
            @Null public var q1: Double?
            @Null public var q3: Double?
        }
    }

    public struct Categorical: Codable, Sendable, Equatable {
        public var variable: String
        public var levels: [String]
        public var groups: [Counts]

        public struct Counts: Codable, Sendable, Equatable {
            public var group: String
            /// Subjects per level, in `levels` order.
            public var counts: [Int]
            /// Of the subjects with a value; null when none has one.
            public var percents: [Double?]
            public var missing: Int
        }
    }
}
