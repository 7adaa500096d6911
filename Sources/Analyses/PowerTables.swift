import StatsCore

extension PowerResult {
    /// Power by sample size, with its Monte-Carlo interval, the analytic power beside it, and the
    /// estimate's behaviour over the replicates.
    public func tables() -> [ResultTable] {
        var table = ResultTable(title: "Power by simulation: \(design.treatment.name) − \(design.control), effect \(effect)", columns: [
            .init("n per arm", style: .count), .init("randomised", style: .text), .init("analysed", style: .count), .init("power"), .init("95% MC interval"),
            .init("analytic"), .init("mean estimate"), .init("empirical SE"), .init("mean SE"),
        ])
        func number(_ value: Double?) -> ResultTable.Cell { value.map { .number($0) } ?? .missing }
        for row in sampleSizes {
            let interval: ResultTable.Cell = row.lower.flatMap { lower in row.upper.map { .interval(lower, $0) } } ?? .missing
            table.rows.append([.number(Double(row.n)), .text(zip(design.arms, row.armSizes).map { "\($0.name) \($1)" }.joined(separator: ", ")),
                               .number(Double(row.analysed)), number(row.power), interval, number(row.analyticPower), number(row.meanEstimate),
                               number(row.empiricalSE), number(row.meanSE)])
        }
        table.notes = ["analysis: \(analysis)", "\(replicates) replicates per sample size, seed \(seed); design \(designFingerprint.prefix(12))",
                       smallestSampleSize.map { "smallest n per arm reaching power \(targetPower): \($0)" + (smallestSampleSizeSurely.map { " (\($0) with the interval's lower limit above it)" } ?? "") }
                           ?? "no n of the grid reaches power \(targetPower)"]
            + sampleSizes.flatMap { row in row.failures.map { "n \(row.n): \($0.count) replicate\($0.count == 1 ? "" : "s") not analysed: \($0.reason)" } }
            + notes
        return [table]
    }
}
