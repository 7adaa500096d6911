import Analyses
import ArgumentParser
import Instruments
import TrialData
import StatsCore

/// `trialstats score`: instrument scores from item columns, by each instrument's own rules,
/// with improvement from baseline and responder flags on request.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score an instrument from its item columns (DASH, QuickDASH, BCTQ, ODI, NDI, WOMAC, KOOS, RMDQ, HIT-6, PGIC, VAS, NRS).",
        discussion: """
            Item codes outside the instrument's range are treated as missing, never clamped, and each one is \
            reported. A row with more missing items than the rule allows gets no score, and the reason is \
            counted. Where a manual gives no missing-item rule, the output says which default was used.
            """)

    @OptionGroup var reading: ReadingOptions

    @Option(help: "The instrument: \(InstrumentCatalogue.names.joined(separator: ", ")).")
    var instrument: String

    @Option(help: "The item columns in form order, e.g. 'dash_{1..30}' or 'q1,q2,q3'.")
    var items: String

    @Option(help: "The name of the score column(s) (default: the instrument).")
    var name: String?

    @Option(help: "VAS: the unit it was recorded in, cm or mm.")
    var unit: ScoringOptions.VASUnit?

    @Option(help: "VAS: score on 0-10 or 0-100 (default: the recorded unit's).")
    var scoreScale: Double?

    @Option(help: "PGIC: 1-is-improved (1 = very much improved) or 7-is-improved.")
    var coding: ScoringOptions.PGICCoding?

    @Option(help: "Allow at most this many missing items per scale, instead of the instrument's rule.")
    var maxMissing: Int?

    @Option(help: "KOOS missing-item rule: 2012 (half the items) or 1998 (at most 2 missing).")
    var koosRule: ScoringOptions.KOOSRule = .rule2012

    @Option(help: "RMDQ blanks: count-as-no (paper forms) or prorate (electronic forms).")
    var rmdqBlanks: ScoringOptions.RMDQMissing = .countAsNo

    @Flag(help: "Add improvement from baseline (positive = better, whatever the instrument's direction) and percent improvement.")
    var improvement = false

    @Option(help: "The subject column, for --improvement (default: subject, id, patient, USUBJID …).")
    var subject: String?

    @Option(help: "The visit column, for --improvement (default: visit, week, AVISITN …).")
    var visit: String?

    @Option(help: "The baseline visit (default: the first visit).")
    var baselineVisit: String?

    @Option(help: "[SCALE=]ENTRY|POINTS: a responder threshold, a catalogue entry (e.g. franchignoni-2014) or a number of points (repeatable).")
    var mcid: [String] = []

    @Option(help: "A responder threshold in percent improvement from baseline, e.g. 30 or 50 (repeatable).")
    var percent: [Double] = []

    @Flag(help: "Responders need more than the threshold (>), not at least it (≥).")
    var strict = false

    @Flag(help: "Write only the scores (with each row's input line), not the whole table.")
    var scoresOnly = false

    @Option(help: "Output format: csv or json.")
    var format: TableFormat = .csv

    @Option(name: .shortAndLong, help: "Write to this file (default: standard output). The file is replaced only when complete.")
    var output: String?

    enum TableFormat: String, ExpressibleByArgument, CaseIterable { case csv, json }

    func validate() throws {
        if !(mcid.isEmpty && percent.isEmpty) && !improvement {
            throw ValidationError("--mcid and --percent classify responders from improvement; add --improvement")
        }
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let options = ScoringOptions(vasUnit: unit, vasScoreMaximum: scoreScale, pgicCoding: coding, maximumMissing: maxMissing,
                                     koosRule: koosRule, rmdqMissing: rmdqBlanks)
        let instrument: Instrument, itemColumns: [String]
        do {
            instrument = try InstrumentCatalogue.instrument(named: self.instrument, options: options)
            itemColumns = try ItemPattern.expand(items)
        } catch {
            throw ValidationError(error.description)
        }
        let table = try reading.readTable(try reading.csvOptions())
        let result: ScoringResult
        do {
            result = try TableScoring.score(table, instrument: instrument, itemColumns: itemColumns, baseName: name ?? instrument.id)
        } catch {
            StandardStreams.writeMessage("trialstats: \(table.source): \(error)")
            throw ExitStatus.dataError.exitCode
        }
        var added = result.columns
        if let taken = added.first(where: { table.columnNames.contains($0.name) }), !scoresOnly {
            StandardStreams.writeMessage("trialstats score: \(table.source) already has a column \(taken.name); choose another name with --name")
            throw ExitStatus.dataError.exitCode
        }
        var problems: [String] = []
        var rules: [ResponderRule] = []
        if improvement {
            let (columns, improvementProblems, responderRules) = try improvementColumns(result, table: table, instrument: instrument)
            added += columns
            (problems, rules) = (improvementProblems, responderRules)
        }
        let scoredTable = Table(source: table.source, columns: (scoresOnly ? [lineColumn(table)] : table.columns) + added,
                                lineNumbers: table.lineNumbers, blankLines: table.blankLines)
        let report = ScoringReport(
            instrument: instrument.id, name: instrument.name, source: instrument.source, settings: instrument.settings,
            direction: instrument.direction.rawValue, scales: result.summaries, responderRules: rules.map(\.description),
            itemIssues: result.itemIssues, improvementProblems: problems,
            ledger: RowLedger(source: table.source, rowsRead: table.rowCount, blankLinesSkipped: table.blankLines.count, excluded: []))
        let text: String
        switch format {
        case .csv:
            text = CSVWriter.text(scoredTable)
            StandardStreams.writeMessage(report.text)
        case .json:
            text = try JSONText.encode(ScoredOutput(report: report, columns: scoredTable.columnNames,
                                                      rows: (0..<scoredTable.rowCount).map { row in
                                                          scoredTable.columns.map { $0.isMissing(row) ? nil : $0.text(at: row) }
                                                      }))
        }
        if let output { try AtomicFile.write(text, to: output) } else { try StandardStreams.writeResult(text) }
    }

    func lineColumn(_ table: Table) -> Column {
        Column(name: "line", values: .numeric(table.lineNumbers.map(Double.init)))
    }

    /// Improvement, percent improvement and responder columns for every score column.
    func improvementColumns(
        _ result: ScoringResult, table: Table, instrument: Instrument
    ) throws -> ([Column], [String], [ResponderRule]) {
        let roles = ColumnRoles(subject: subject, visit: visit).recognized(in: table)
        guard let subjectColumn = roles.subject, let visitColumn = roles.visit else {
            throw ValidationError("--improvement needs the subject and visit columns; name them with --subject and --visit")
        }
        let catalogue = try MCIDCatalogue.bundled()
        var columns: [Column] = []
        var problems: [String] = []
        var allRules: [ResponderRule] = []
        for (scale, scoreColumn) in zip(instrument.scales, result.columns) {
            guard case let .numeric(scores) = scoreColumn.values else { continue }
            let change: Improvement
            do {
                change = try Improvement.compute(scores, table: table, subjectColumn: subjectColumn, visitColumn: visitColumn,
                                                 baselineVisit: baselineVisit, direction: instrument.direction)
            } catch {
                throw ValidationError(error.description)
            }
            problems += change.problems.map { "\(scoreColumn.name): \($0)" }
            columns.append(Column(name: scoreColumn.name + "_improvement", values: .numeric(change.points)))
            columns.append(Column(name: scoreColumn.name + "_percent_improvement", values: .numeric(change.percent)))
            for rule in try responderRules(for: scale, instrument: instrument, catalogue: catalogue) {
                allRules.append(rule)
                // At the baseline visit nobody has improved yet: the flag is missing, not "no".
                let flags = change.points.indices.map { row -> Double in
                    if change.atBaseline[row] { return .nan }
                    return rule.classify(improvement: change.points[row], percentImprovement: change.percent[row]).map { $0 ? 1 : 0 } ?? .nan
                }
                columns.append(Column(name: scoreColumn.name + "_" + rule.name, values: .numeric(flags)))
            }
        }
        return (columns, Array(Set(problems)).sorted(), allRules)
    }

    /// The thresholds that apply to one scale: `--mcid` entries whose key names it (the score
    /// column, e.g. `dash` or `bctq_sss`, or the scale, e.g. `sss`; no key for a single-score
    /// instrument) and every `--percent`. A key that names no scale is an error, never ignored.
    func responderRules(for scale: Scale, instrument: Instrument, catalogue: MCIDCatalogue) throws -> [ResponderRule] {
        let base = name ?? instrument.id
        var rules: [ResponderRule] = []
        for requested in mcid {
            var key = "", value = requested
            if let equals = requested.firstIndex(of: "=") {
                key = String(requested[..<equals])
                value = String(requested[requested.index(after: equals)...])
            }
            let keys = instrument.scales.map { [instrument.columnName($0, base: base), $0.name] }
            guard key.isEmpty ? instrument.scales.count == 1 : keys.contains(where: { $0.contains(key) }) else {
                throw ValidationError("--mcid \(requested): name the score, one of "
                                      + instrument.scales.map { instrument.columnName($0, base: base) }.joined(separator: ", ")
                                      + ", as in \(instrument.columnName(instrument.scales[0], base: base))=\(value)")
            }
            guard key.isEmpty || key == scale.name || key == instrument.columnName(scale, base: base) else { continue }
            if let points = Double(value) {
                guard points > 0 else { throw ValidationError("--mcid \(requested): expected a positive number of points") }
                rules.append(ResponderRule(name: "responder_\(value)pt", threshold: points, unit: .points, strict: strict,
                                           source: "given with --mcid, taken as a within-person change"))
            } else {
                do {
                    let entry = try catalogue.responderThreshold(id: value, instrument: instrument.id, scale: scale.name)
                    // A points threshold published on one score scale (VAS 0-100) is converted to the scale
                    // scored here (0-10), never applied unchanged.
                    var threshold = entry.threshold, source = entry.source
                    if entry.unit == .points, let published = entry.scoreScale, let maximum = Double(published.split(separator: "-").last ?? ""),
                       maximum > 0, scale.range.upperBound != maximum {
                        threshold = entry.threshold * scale.range.upperBound / maximum
                        source += "; \(formatThreshold(entry.threshold)) on 0-\(formatThreshold(maximum)), \(formatThreshold(threshold)) on the 0-\(formatThreshold(scale.range.upperBound)) scale scored here"
                    }
                    rules.append(ResponderRule(name: "responder_\(entry.id)", threshold: threshold, unit: entry.unit,
                                               strict: strict, source: source))
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }
        for value in percent {
            guard value > 0, value <= 100 else { throw ValidationError("--percent \(value): expected a percentage between 0 and 100") }
            let label = value == value.rounded() ? String(Int(value)) : String(value)
            rules.append(ResponderRule(name: "responder_\(label)pct", threshold: value, unit: .percent, strict: strict,
                                       source: "given with --percent"))
        }
        return rules
    }
}

func formatThreshold(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
}

extension ScoringOptions.VASUnit: ExpressibleByArgument {}
extension ScoringOptions.PGICCoding: ExpressibleByArgument {}
extension ScoringOptions.KOOSRule: ExpressibleByArgument {}
extension ScoringOptions.RMDQMissing: ExpressibleByArgument {}

/// What `score` reports beside the scores: the rules used, counts, and every invalid item.
struct ScoringReport: Codable {
    var instrument: String
    var name: String
    var source: String
    var settings: [String]
    var direction: String
    var scales: [ScaleSummary]
    var responderRules: [String]
    var itemIssues: [ItemIssue]
    var improvementProblems: [String]
    var ledger: RowLedger

    var text: String {
        var lines = ["\(name) (\(instrument)): \(source)"]
        if !settings.isEmpty { lines.append("settings: " + settings.joined(separator: "; ")) }
        for scale in scales {
            var line = "\(scale.column): \(scale.scored) scored, \(scale.notScored) not scored, \(scale.missingItems) missing items; rule: \(scale.missingItemRule)"
            if !scale.reasons.isEmpty {
                line += " [" + scale.reasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") + "]"
            }
            lines.append(line)
        }
        for rule in responderRules { lines.append("responder: \(rule)") }
        lines.append("invalid item codes (treated as missing): \(itemIssues.count)")
        for issue in itemIssues.prefix(LedgerText.shownExclusions) { lines.append("  " + issue.description) }
        if itemIssues.count > LedgerText.shownExclusions {
            lines.append("  … and \(itemIssues.count - LedgerText.shownExclusions) more (--format json lists them all)")
        }
        for problem in improvementProblems { lines.append("improvement: \(problem)") }
        lines += LedgerText.lines(ledger)
        return lines.joined(separator: "\n")
    }
}

struct ScoredOutput: Codable {
    var report: ScoringReport
    var columns: [String]
    var rows: [[String?]]
}
