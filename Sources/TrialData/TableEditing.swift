/// Small edits on tables that the input adapters share.
extension Table {
    /// The table with only the rows at `rows`, in that order.
    public func keepingRows(_ rows: [Int]) -> Table {
        Table(source: source, columns: columns.map { Column(name: $0.name, values: $0.values.selecting(rows)) },
              lineNumbers: rows.map { lineNumbers[$0] }, blankLines: blankLines, decimalSeparator: decimalSeparator)
    }

    /// The table without the rows at `rows`.
    func removingRows(_ rows: Set<Int>) -> Table {
        let kept = (0..<rowCount).filter { !rows.contains($0) }
        return Table(source: source, columns: columns.map { Column(name: $0.name, values: $0.values.selecting(kept)) },
                     lineNumbers: kept.map { lineNumbers[$0] }, blankLines: blankLines, decimalSeparator: decimalSeparator)
    }

    /// The table without the named columns.
    func removingColumns(_ names: Set<String>) -> Table {
        Table(source: source, columns: columns.filter { !names.contains($0.name) }, lineNumbers: lineNumbers, blankLines: blankLines,
              decimalSeparator: decimalSeparator)
    }

    mutating func replaceColumn(_ column: Column) {
        if let index = columns.firstIndex(where: { $0.name == column.name }) { columns[index] = column } else { columns.append(column) }
    }

    /// Per row, the text of a column, or nil where missing or absent.
    public func texts(of name: String) -> [String?]? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        return (0..<rowCount).map { column.isMissing($0) ? nil : column.text(at: $0) }
    }

    /// Fills each missing value of `name` from the other rows with the same key, when those
    /// rows agree on one value: subject-level fields entered at one visit only (REDCap) or
    /// merged from a subject-level file (ADaM ADSL).
    func fillingWithinKey(_ name: String, key: String) -> Table {
        guard let keys = texts(of: key), let column = columns.first(where: { $0.name == name }) else { return self }
        var valueOfKey: [String: Int] = [:]   // key → a row holding its value
        var conflicting = Set<String>()
        for row in 0..<rowCount where !column.isMissing(row) {
            guard let key = keys[row] else { continue }
            if let first = valueOfKey[key], column.text(at: first) != column.text(at: row) { conflicting.insert(key) }
            if valueOfKey[key] == nil { valueOfKey[key] = row }
        }
        let source = (0..<rowCount).map { row -> Int in
            guard column.isMissing(row), let key = keys[row], !conflicting.contains(key), let from = valueOfKey[key] else { return row }
            return from
        }
        var copy = self
        copy.replaceColumn(Column(name: name, values: column.values.selecting(source)))
        return copy
    }
}

extension Table {
    /// The table with each declared column's levels in their declared order (the first is a
    /// factor's reference in a model unless a reference is declared). A value outside the
    /// declared levels is refused with its line: a model would otherwise give it a level of its
    /// own, or a typo an arm of its own. Numeric columns and undeclared columns are unchanged.
    public func orderingLevels(_ declared: [String: [String]]) throws(TrialDataError) -> Table {
        var result = self
        for (name, levels) in declared.sorted(by: { $0.key < $1.key }) {
            guard let index = columns.firstIndex(where: { $0.name == name }), case let .categorical(all) = columns[index].values else { continue }
            // Levels no row has (left by rows taken out) are not the data's.
            let used = Set(all.codes.filter { $0 != Factor.missingCode })
            let factor = Factor(levels: all.levels.enumerated().filter { used.contains(Int32($0.offset)) }.map(\.element),
                                codes: all.codes.map { code in code == Factor.missingCode ? code : Int32(used.filter { $0 < code }.count) })
            switch factor.reordered(levels) {
            case let .success(reordered):
                result.columns[index] = Column(name: name, values: .categorical(reordered))
            case let .failure(unordered):
                let value = unordered.levels[0]
                let code = Int32(factor.levels.firstIndex(of: value)!)
                let row = factor.codes.firstIndex(of: code)!
                throw .undeclaredLevel(file: source, line: Int(lineNumbers[row]), column: name, value: value, declared: levels)
            }
        }
        return result
    }

    /// The table with each column's labels read as the normalisations say (`"saline "` as `saline`).
    public func applying(_ normalizations: [LevelNormalization]) -> Table {
        guard !normalizations.isEmpty else { return self }
        var table = self
        for index in table.columns.indices {
            let mapping = Dictionary(normalizations.filter { $0.column == table.columns[index].name }.map { ($0.from, $0.to) }) { first, _ in first }
            guard !mapping.isEmpty, case let .categorical(factor) = table.columns[index].values else { continue }
            table.columns[index].values = .categorical(factor.relabeled(mapping))
        }
        return table
    }
}
