import StatsCore

extension SubjectFigureResult {
    /// The table of counts behind the figure, and the ledger.
    public func tables() -> [ResultTable] {
        var table: ResultTable
        if let spaghetti {
            table = ResultTable(title: "\(outcome): subjects drawn per arm", columns: [
                .init("arm", style: .text), .init("subjects", style: .count), .init("drawn", style: .count),
                .init("with a value at every visit", style: .count), .init("not drawn: no value at any visit", style: .count)])
            table.rows = spaghetti.map { [.text($0.arm), .number(Double($0.subjects)), .number(Double($0.drawn)), .number(Double($0.complete)),
                                          .number(Double($0.notDrawn))] }
        } else if let missingness {
            table = ResultTable(title: "\(outcome): subjects with a value, by arm and visit", columns: [
                .init("arm", style: .text), .init("visit", style: .text), .init("subjects", style: .count), .init("with a value", style: .count),
                .init("% with a value", style: .statistic), .init("missing", style: .count),
                .init("missing: dropped out (no value here or later)", style: .count), .init("missing: visit missed, value later", style: .count)])
            table.rows = missingness.map { cell in
                [.text(cell.arm), .text(cell.visit), .number(Double(cell.subjects)), .number(Double(cell.withValue)),
                 cell.percentWithValue.map(ResultTable.Cell.number) ?? .missing, .number(Double(cell.missing)), .number(Double(cell.droppedOut)),
                 .number(Double(cell.missedVisit))]
            }
            table.notes.append("A subject counts in the arm of their rows; a visit without a row for the subject counts as missing.")
        } else if let ecdf {
            let changes = ecdf.points
            table = ResultTable(title: "Cumulative distribution of change in \(outcome) from \(changes.visitColumn) \(changes.baselineVisit) to \(changes.visitColumn) \(changes.visit), by arm",
                                columns: [.init("arm", style: .text), .init("subjects", style: .count), .init("drawn", style: .count),
                                          .init("not drawn: no value at \(changes.visitColumn) \(changes.visit)", style: .count),
                                          .init("not drawn: no baseline value", style: .count), .init("median change"), .init("median % change")]
                                    + ecdf.marks.map { .init(($0.scale == "percent" ? "change ≤ \(String(format: "%g", $0.value))%" : "change ≤ \(String(format: "%g", $0.value))"), style: .percent) })
            for (index, arm) in changes.arms.enumerated() {
                let percentArm = ecdf.percent.arms[index]
                table.rows.append([.text(arm.arm), .number(Double(arm.subjects)), .number(Double(arm.drawn)), .number(Double(arm.noValueAtVisit)),
                                   .number(Double(arm.noBaseline)), arm.median.map(ResultTable.Cell.number) ?? .missing,
                                   percentArm.median.map(ResultTable.Cell.number) ?? .missing]
                                  + ecdf.marks.map { mark in mark.arms[index].proportion.map(ResultTable.Cell.number) ?? .missing })
            }
            if ecdf.percent.arms.contains(where: { ($0.zeroBaseline ?? 0) > 0 }) {
                table.notes.append("Percent change leaves out patients with a baseline of 0: "
                                   + ecdf.percent.arms.map { "\($0.arm) \($0.zeroBaseline ?? 0)" }.joined(separator: ", ") + ".")
            }
            table.notes.append("Shares are of the patients drawn: a change at or below the threshold (a fall in \(outcome) of at least its size).")
        } else if let waterfall {
            let percent = waterfall.scale == "percent"
            table = ResultTable(title: "Waterfall: \(waterfall.label), by arm", columns: [
                .init("arm", style: .text), .init("subjects", style: .count), .init("drawn", style: .count),
                .init("not drawn: no value at \(waterfall.visitColumn) \(waterfall.visit)", style: .count),
                .init("not drawn: no baseline value", style: .count)]
                + (percent ? [.init("not drawn: baseline 0", style: .count)] : [])
                + [.init("median " + (percent ? "% change" : "change")), .init("fell", style: .count), .init("rose", style: .count)]
                + (percent ? [.init("fell ≥ 30%", style: .count), .init("fell ≥ 50%", style: .count)] : []))
            for arm in waterfall.arms {
                var row: [ResultTable.Cell] = [.text(arm.arm), .number(Double(arm.subjects)), .number(Double(arm.drawn)),
                                               .number(Double(arm.noValueAtVisit)), .number(Double(arm.noBaseline))]
                if percent { row.append(.number(Double(arm.zeroBaseline ?? 0))) }
                row += [arm.median.map(ResultTable.Cell.number) ?? .missing, .number(Double(arm.fell)), .number(Double(arm.rose))]
                if percent { row += [.number(Double(arm.fellAtLeast30Percent ?? 0)), .number(Double(arm.fellAtLeast50Percent ?? 0))] }
                table.rows.append(row)
            }
        } else {
            table = ResultTable(title: "\(outcome)", columns: [])
        }
        table.notes += LedgerText.lines(ledger)
        return [table]
    }

    /// Patients counted but not drawn in a waterfall (no value at the visit or at baseline).
    public var waterfallNotDrawn: Int {
        waterfall?.arms.reduce(0) { $0 + $1.noValueAtVisit + $1.noBaseline + ($1.zeroBaseline ?? 0) } ?? 0
    }
}
