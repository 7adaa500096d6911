/// An arm's n that the paper does not print, derived from what it does print: the study's total
/// (a design row with n_total) minus every other arm's n, when exactly that one arm lacks it and
/// every arm of the study is among the rows. The
/// derivation travels with the row (as the internal cell `.n_derived`) so that every output that
/// uses the n says where it came from.
enum ArmCountDerivation {
    static let cell = ".n_derived"

    /// The arm rows of one study, outcome and visit, with a missing n filled where it can be, and
    /// a note for each n that can be neither read nor derived.
    static func fill(_ arms: [SummaryRow], in file: SummaryFile) -> (rows: [SummaryRow], notes: [String]) {
        var rows = arms, notes: [String] = []
        let missing = rows.indices.filter { rows[$0].number("n") == nil }
        guard !missing.isEmpty else { return (rows, notes) }
        let study = rows[missing[0]].study
        let total = file.rows.first { $0.kind == .design && $0.study == study && $0.number("n_total") != nil }
        guard missing.count == 1, let total, let n = total.number("n_total") else {
            for index in missing { notes.append("\(where_(rows[index])): n of \(rows[index].arm) is not reported and cannot be derived; the comparison is left out") }
            return (rows, notes)
        }
        // The total covers every arm of the study; all of them must be among these rows.
        let studyArms = Set(file.rows.filter { $0.study == study && $0.kind != .comparison && !$0.arm.isEmpty }.map(\.arm))
        guard studyArms.count == rows.count else {
            notes.append("\(where_(rows[missing[0]])): n of \(rows[missing[0]].arm) is not reported, and the study's \(studyArms.count) arms are not all at this visit, so the total cannot be split; the comparison is left out")
            return (rows, notes)
        }
        let index = missing[0]
        let others = rows.indices.filter { $0 != index }
        let derived = n - others.reduce(0) { $0 + rows[$1].number("n")! }
        guard derived >= 1 else {
            notes.append("\(where_(rows[index])): n of \(rows[index].arm) is not reported, and \(SummaryFile.text(n)) in total leaves none for it; the comparison is left out")
            return (rows, notes)
        }
        rows[index].cells["n"] = SummaryFile.text(derived)
        rows[index].cells[cell] = "n = \(SummaryFile.text(derived)) derived: \(SummaryFile.text(n)) in total (line \(total.line)) − "
            + others.map { rows[$0].text("n")! }.joined(separator: " − ") + "; not printed"
        return (rows, notes)

        func where_(_ row: SummaryRow) -> String {
            "\(file.source), line \(row.line): \(row.study)" + (row.visit.isEmpty ? "" : ", \(row.visit)")
        }
    }
}

extension SummaryFile {
    /// The arm rows in file order, each missing n derived where `ArmCountDerivation` can, with
    /// the notes for those it cannot.
    public func armRowsWithDerivedCounts() -> (rows: [SummaryRow], notes: [String]) {
        var filled: [SummaryRow] = [], notes: [String] = []
        for group in Self.armGroups(rows.filter { $0.kind == .arm }) {
            let result = ArmCountDerivation.fill(group, in: self)
            filled += result.rows
            notes += result.notes
        }
        return (filled.sorted { $0.line < $1.line }, notes)
    }

    /// Arm rows grouped by study, outcome and visit, in order of first appearance.
    static func armGroups(_ armRows: [SummaryRow]) -> [[SummaryRow]] {
        var order: [String] = [], groups: [String: [SummaryRow]] = [:]
        for row in armRows where !row.arm.isEmpty {
            let key = [row.study, row.outcome, row.visit].joined(separator: "\u{1F}")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return order.map { groups[$0]! }
    }
}
