/// Labels declared to mean others (`recode: {arm: {"Dextrose 5%": dextrose}}`), applied to the
/// table as read, before the checks: the meant labels are the ones checked and analysed.
extension Table {
    /// The table with each recoded column's labels replaced; labels that become equal are one
    /// level. A numeric column that is recoded (a code such as 1 → female) becomes a column of
    /// labels, its other values kept as their numbers. A label the column does not have, or a
    /// column the table does not have, is refused: a typo in a declaration would otherwise do nothing.
    public func recoding(_ recodes: [String: [String: String]]) throws(TrialDataError) -> Table {
        var table = self
        for (name, mapping) in recodes.sorted(by: { $0.key < $1.key }) where !mapping.isEmpty {
            guard let index = table.columns.firstIndex(where: { $0.name == name }) else {
                throw .unknownColumn(file: source, column: name, available: columnNames)
            }
            let factor: Factor
            switch table.columns[index].values {
            case let .categorical(labels): factor = labels
            case .numeric, .date: factor = RuleChecker.factor(of: table.columns[index])
            }
            var byValue: [String: String] = [:]
            for (from, to) in mapping.sorted(by: { $0.key < $1.key }) {
                // A numeric code is matched as a number (1 and 1.0 are one code).
                let level = factor.levels.first { $0 == from } ?? Double(from).flatMap { number in
                    factor.levels.first { Double($0) == number }
                }
                guard let level else {
                    throw .unknownRecodedLabel(file: source, column: name, label: from, labels: factor.levels)
                }
                byValue[level] = to
            }
            table.columns[index] = Column(name: name, values: .categorical(factor.relabeled(byValue)))
        }
        return table
    }
}
