import TrialData

/// Plain-text rendering of a `DatasetDescription`. Everything after the first line depends only
/// on the data, not on the file's name or layout.
public enum DescriptionText {
    public static func render(_ description: DatasetDescription, source: String, layout: String) -> String {
        var lines = ["\(source) (\(layout))", "", "Variables"]
        lines += table([["name", "role", "type", "missing"]] + description.variables.map {
            [$0.name, $0.role, $0.type, String($0.missing)]
        })
        lines += ["", "Arms"]
        lines += table([["arm", "subjects"]] + description.arms.map { [$0.arm, String($0.subjects)] })
        lines += ["", "Visits: \(description.visits.joined(separator: ", ")) (baseline: \(description.baselineVisit); ordered \(description.visitOrder.description))"]
        let outcomes = description.cells.reduce(into: [String]()) { if !$0.contains($1.outcome) { $0.append($1.outcome) } }
        for outcome in outcomes {
            let cells = description.cells.filter { $0.outcome == outcome }
            lines += ["", "\(outcome): n observed (missing) by arm and visit"]
            var rows = [["arm"] + description.visits]
            for arm in description.arms {
                rows.append([arm.arm] + description.visits.map { visit in
                    let cell = cells.first { $0.arm == arm.arm && $0.visit == visit }!
                    return "\(cell.observed) (\(cell.missing))"
                })
            }
            lines += table(rows)
        }
        lines += ["", "Dropout patterns (X observed, . missing; visits \(description.visits.joined(separator: ", ")))"]
        lines += table([["arm", "pattern", "subjects", "monotone"]] + description.dropoutPatterns.map {
            [$0.arm, $0.pattern, String($0.subjects), $0.monotone ? "yes" : "no"]
        })
        lines += ["", "Ledger"]
        lines += LedgerText.lines(description.ledger)
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns two spaces apart; numbers right-aligned.
    static func table(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return cell.first.map { $0.isNumber } == true && column > 0 ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    /// The text without the spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
