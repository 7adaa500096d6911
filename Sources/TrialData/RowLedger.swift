/// Where every row of the input went: used, or excluded with the reason. Nothing is dropped
/// without an entry here, and `rowsRead == rowsUsed + excluded.count` always holds.
public struct RowLedger: Codable, Sendable, Equatable {
    public struct Exclusion: Codable, Sendable, Equatable {
        public var line: Int
        public var rule: ValidationRule
        public var column: String
        public var value: String
        public var reason: String

        public init(line: Int, rule: ValidationRule, column: String, value: String, reason: String) {
            self.line = line
            self.rule = rule
            self.column = column
            self.value = value
            self.reason = reason
        }
    }

    public var source: String
    public var rowsRead: Int
    public var blankLinesSkipped: Int
    public var excluded: [Exclusion]
    /// Labels read as another because they differ only by spaces or case, with their lines.
    public var normalized: [LevelNormalization] = []

    public init(source: String, rowsRead: Int, blankLinesSkipped: Int, excluded: [Exclusion]) {
        self.source = source
        self.rowsRead = rowsRead
        self.blankLinesSkipped = blankLinesSkipped
        self.excluded = excluded
    }

    public var rowsUsed: Int { rowsRead - excluded.count }

    /// Excluded rows per rule, in the rules' declared order, rules with none left out.
    public var exclusionsByRule: [(rule: ValidationRule, rows: Int)] {
        ValidationRule.allCases.compactMap { rule in
            let count = excluded.filter { $0.rule == rule }.count
            return count > 0 ? (rule, count) : nil
        }
    }
}
