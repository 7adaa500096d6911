import ArgumentParser
import MetaAnalysis
import StatsCore

/// `trialstats check`: consistency checks of published numbers (GRIM, p-value recomputation,
/// CI centring, SD plausibility), each finding explained in words.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Consistency checks of published numbers: GRIM, p-values, CI centring, SD plausibility.",
        discussion: """
            GRIM runs on arm rows with an `items` column (whole-number items summed; 1 for a single rating); \
            the SD bound on arm rows with `scale_min` and `scale_max`; CI centring on comparison rows with an \
            estimate and CI (log scale for RR, OR, HR); p recomputation on comparison rows with a p, from t and \
            df (`statistic`, `df`), from the arms' means and SDs, or from the CI.
            """)

    @Argument(help: "A published-numbers file (CSV).")
    var file: String

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try SummaryFileInput.writeTables(file, command: "check", output: output, Self.tables)
    }

    static func tables(_ summaryFile: SummaryFile) throws -> [ResultTable] {
        let findings = try ConsistencyChecks.run(summaryFile)
        var table = ResultTable(title: "Consistency checks: \(summaryFile.source)", columns: [
            .init("line", style: .count), .init("study", style: .text), .init("item", style: .text), .init("check", style: .text),
            .init("verdict", style: .text), .init("explanation", style: .text),
        ])
        table.rows = findings.map {
            [.number(Double($0.line)), .text($0.study), .text($0.item), .text($0.check),
             .text($0.verdict == .inconsistent ? "INCONSISTENT" : $0.verdict.rawValue), .text($0.explanation)]
        }
        let flagged = findings.filter { $0.verdict == .inconsistent }.count
        table.notes.append("\(findings.count) checks; \(flagged) inconsistent, \(findings.filter { $0.verdict == .notTestable }.count) not testable.")
        if findings.isEmpty { table.notes.append("Nothing to check: no arm with items or scale bounds, and no comparison with a CI or p.") }
        return [table]
    }
}
