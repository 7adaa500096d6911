/// What `trialstats describe` reports about a dataset, as data: variables, arms, visits, counts
/// per arm and visit, missingness, dropout patterns and the ledger. It depends only on the
/// long-form dataset, so the same trial read in long or wide form is described identically.
public struct DatasetDescription: Codable, Sendable, Equatable {
    public struct Variable: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var type: String
        public var missing: Int
    }

    public struct ArmCount: Codable, Sendable, Equatable {
        public var arm: String
        public var subjects: Int
    }

    /// Subjects of one arm with an observed value of one outcome at one visit.
    public struct Cell: Codable, Sendable, Equatable {
        public var outcome: String
        public var arm: String
        public var visit: String
        public var observed: Int
        /// Subjects of the arm without a value there, whether the row is absent or the cell empty.
        public var missing: Int
    }

    /// How many subjects of an arm share one pattern of observed (X) and missing (.) visits.
    public struct DropoutPattern: Codable, Sendable, Equatable {
        public var arm: String
        public var pattern: String
        public var subjects: Int
        /// Observed up to some visit and missing at every later one.
        public var monotone: Bool
    }

    public var variables: [Variable]
    public var arms: [ArmCount]
    public var visits: [String]
    /// What the visits' order comes from: declared, times, labels or rows.
    public var visitOrder: VisitAxis.Order
    public var baselineVisit: String
    public var cells: [Cell]
    public var dropoutPatterns: [DropoutPattern]
    public var ledger: RowLedger

    public init(_ dataset: TrialDataset) {
        let roles = dataset.roles
        var variables: [Variable] = []
        func add(_ name: String?, _ role: String, _ type: String, _ missing: Int) {
            if let name { variables.append(Variable(name: name, role: role, type: type, missing: missing)) }
        }
        add(roles.subject, "subject", "categorical", 0)
        add(roles.arm, "arm", "categorical", 0)
        add(roles.visit, "visit", dataset.visits.times == nil ? "categorical" : "numeric", 0)
        for outcome in roles.outcomes {
            add(outcome, "outcome", "numeric", dataset.outcomes[outcome]?.filter(\.isNaN).count ?? 0)
        }
        for (outcome, column) in roles.baselineColumns.sorted(by: { $0.key < $1.key }) {
            add(column, "baseline of \(outcome)", "numeric", dataset.baselines[outcome]?.filter(\.isNaN).count ?? 0)
        }
        for covariate in dataset.covariates {
            add(covariate.name, "covariate", covariate.typeName, covariate.missingCount)
        }
        self.variables = variables

        let armCount = dataset.arms.levels.count, visitCount = dataset.visits.labels.count
        // Subjects per arm, by each subject's arm.
        var armOfSubject = [Int32](repeating: -1, count: dataset.subjects.levels.count)
        for row in 0..<dataset.rowCount { armOfSubject[Int(dataset.subjects.codes[row])] = dataset.arms.codes[row] }
        var subjectsPerArm = [Int](repeating: 0, count: armCount)
        for arm in armOfSubject where arm >= 0 { subjectsPerArm[Int(arm)] += 1 }
        arms = dataset.arms.levels.enumerated().map { ArmCount(arm: $1, subjects: subjectsPerArm[$0]) }
        visits = dataset.visits.labels
        visitOrder = dataset.visits.order
        baselineVisit = dataset.visits.baselineLabel

        var cells: [Cell] = []
        for outcome in roles.outcomes {
            guard let values = dataset.outcomes[outcome] else { continue }
            var observed = [Int](repeating: 0, count: armCount * visitCount)
            for row in 0..<dataset.rowCount where !values[row].isNaN {
                observed[Int(dataset.arms.codes[row]) * visitCount + Int(dataset.visitCodes[row])] += 1
            }
            for arm in 0..<armCount {
                for visit in 0..<visitCount {
                    let seen = observed[arm * visitCount + visit]
                    cells.append(Cell(outcome: outcome, arm: dataset.arms.levels[arm], visit: dataset.visits.labels[visit],
                                      observed: seen, missing: subjectsPerArm[arm] - seen))
                }
            }
        }
        self.cells = cells

        // A visit counts as observed for a subject when any outcome has a value there.
        var seenAt = [[Bool]](repeating: [Bool](repeating: false, count: visitCount), count: dataset.subjects.levels.count)
        for row in 0..<dataset.rowCount where roles.outcomes.contains(where: { !(dataset.outcomes[$0]?[row].isNaN ?? true) }) {
            seenAt[Int(dataset.subjects.codes[row])][Int(dataset.visitCodes[row])] = true
        }
        var patternCounts: [String: Int] = [:]
        for (subject, arm) in armOfSubject.enumerated() where arm >= 0 {
            let pattern = String(seenAt[subject].map { $0 ? "X" : "." })
            patternCounts[dataset.arms.levels[Int(arm)] + "\u{0}" + pattern, default: 0] += 1
        }
        dropoutPatterns = patternCounts.map { key, count in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            let pattern = String(parts[1])
            let monotone = !pattern.contains("X.X") && !(pattern.firstIndex(of: ".").map { pattern[$0...].contains("X") } ?? false)
            return DropoutPattern(arm: String(parts[0]), pattern: pattern, subjects: count, monotone: monotone)
        }.sorted { a, b in
            let armA = dataset.arms.levels.firstIndex(of: a.arm)!, armB = dataset.arms.levels.firstIndex(of: b.arm)!
            return armA != armB ? armA < armB : (a.subjects != b.subjects ? a.subjects > b.subjects : a.pattern > b.pattern)
        }
        ledger = dataset.ledger
    }
}
