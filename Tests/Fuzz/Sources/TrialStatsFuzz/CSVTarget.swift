import TrialData

/// The CSV reader and the trial-data loader on arbitrary bytes.
///
/// Invariants:
/// - reading in 4 MB chunks and in tiny chunks (every record cut across reads) gives the same
///   table, or the same error;
/// - every error names the file;
/// - the table is rectangular and its line numbers rise, apart from the blank lines;
/// - the row ledger is exact: every row read is either in the dataset or excluded with a reason,
///   never both and never neither, and the counts say so.
struct CSVTarget: FuzzTarget {
    static let displayName = "fuzzed.csv"

    func run(_ bytes: [UInt8]) {
        let path = ScratchFile.write(bytes, name: "input.csv")
        let whole = read(path, chunkSize: CSVOptions().chunkSize)
        // 1-64 bytes, from the input so that libFuzzer can steer it.
        let smallChunk = 1 + Int(bytes.reduce(0) { $0 &+ UInt32($1) } % 64)
        let pieces = read(path, chunkSize: smallChunk)
        switch (whole, pieces) {
        case let (.success(first), .success(second)):
            if let difference = Self.difference(first, second) {
                violated("a \(smallChunk)-byte chunk read a different table than one read whole: \(difference)")
            }
            check(first)
            load(first)
        case let (.failure(first), .failure(second)):
            require(first.description == second.description,
                    "a \(smallChunk)-byte chunk failed differently: \(second) against \(first)")
            require(first.description.contains(Self.displayName), "an error that does not name the file: \(first)")
        case let (.success, .failure(error)), let (.failure(error), .success):
            violated("one chunk size read the file and the other failed: \(error)")
        }
    }

    private func read(_ path: String, chunkSize: Int) -> Result<Table, TrialDataError> {
        var options = CSVOptions()
        options.chunkSize = chunkSize
        do throws(TrialDataError) {
            return .success(try CSVReader.read(path: path, displayName: Self.displayName, options: options))
        } catch {
            return .failure(error)
        }
    }

    /// Where two tables differ, or nil. Missing numbers are NaN, so numbers compare by their bits.
    static func difference(_ a: Table, _ b: Table) -> String? {
        guard a.columnNames == b.columnNames else { return "columns \(a.columnNames) against \(b.columnNames)" }
        guard a.lineNumbers == b.lineNumbers else { return "line numbers \(a.lineNumbers) against \(b.lineNumbers)" }
        guard a.blankLines == b.blankLines, a.decimalSeparator == b.decimalSeparator else { return "blank lines or the decimal separator" }
        for (left, right) in zip(a.columns, b.columns) {
            switch (left.values, right.values) {
            case let (.numeric(x), .numeric(y)):
                if x.map(\.bitPattern) != y.map(\.bitPattern) { return "column \(left.name): \(x) against \(y)" }
            default:
                if left != right { return "column \(left.name): \(left.values) against \(right.values)" }
            }
        }
        return nil
    }

    private func check(_ table: Table) {
        for column in table.columns {
            require(column.count == table.rowCount, "column \(column.name) has \(column.count) values for \(table.rowCount) rows")
        }
        require(zip(table.lineNumbers, table.lineNumbers.dropFirst()).allSatisfy { $0 < $1 }, "line numbers do not rise")
        require(Set(table.blankLines).isDisjoint(with: table.lineNumbers.map(Int.init)), "a blank line is also a row")
        require(table.lineNumbers.allSatisfy { $0 >= 2 }, "a data row on the header's line")
    }

    /// Loads the table as a trial, with every numeric column that has no role as an outcome.
    private func load(_ table: Table) {
        let recognized = ColumnRoles().recognized(in: table)
        let taken = Set([recognized.subject, recognized.arm, recognized.visit].compactMap { $0 })
        var roles = ColumnRoles()
        roles.outcomes = table.columns.filter { column in
            if case .numeric = column.values { return !taken.contains(column.name) }
            return false
        }.map(\.name)
        let dataset: TrialDataset
        do throws(ValidationFailure) {
            dataset = try TrialDatasetLoader.load(table, roles: roles)
        } catch {
            require(error.description.contains(Self.displayName), "a validation failure that does not name the file: \(error)")
            return
        }
        let ledger = dataset.ledger
        let excluded = ledger.excluded.map(\.line)
        let used = dataset.lineNumbers.map(Int.init)
        let read = Set(table.lineNumbers.map(Int.init))
        require(ledger.rowsRead == table.rowCount, "the ledger read \(ledger.rowsRead) rows of \(table.rowCount)")
        require(ledger.blankLinesSkipped == table.blankLines.count, "blank lines miscounted")
        require(Set(excluded).count == excluded.count, "a row excluded twice: \(excluded)")
        require(Set(used).count == used.count, "a row used twice")
        require(Set(excluded).isDisjoint(with: used), "a row both used and excluded")
        require(Set(excluded).union(used) == read, "rows neither used nor excluded: \(read.subtracting(used).subtracting(excluded).sorted())")
        require(used.count == ledger.rowsUsed && used.count + excluded.count == ledger.rowsRead, "the ledger's counts do not add up")
        require(ledger.excluded.allSatisfy { !$0.reason.isEmpty }, "an exclusion without a reason")
        for (name, values) in dataset.outcomes {
            require(values.count == dataset.rowCount, "outcome \(name) has \(values.count) values for \(dataset.rowCount) rows")
        }
    }
}
