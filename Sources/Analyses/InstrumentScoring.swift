import Foundation
import Instruments
import StatsCore
import TrialData

/// Instrument scores from item columns by each instrument's own rules (`trialstats score`), with
/// improvement from baseline and responder flags on request. Item codes outside the range are
/// missing, never clamped, and each one is reported.
public struct InstrumentScoring: Codable, Sendable, Equatable {
    /// A catalogue name: dash, quickdash, bctq, odi, …
    public var instrument: String
    public var options: ScoringOptions
    /// The item columns in form order, e.g. `dash_{1..30}` or `q1,q2,q3`.
    public var items: String
    /// The score column(s) (default: the instrument).
    public var name: String?
    public var improvement: ImprovementRequest?
    /// Only the scores (with each row's input line), not the whole table.
    public var scoresOnly: Bool

    /// Improvement from baseline (positive = better, whatever the instrument's direction), and
    /// responders by thresholds in points, catalogue entries or percent.
    public struct ImprovementRequest: Codable, Sendable, Equatable {
        public var subject: String?
        public var visit: String?
        /// Default: the first visit.
        public var baselineVisit: String?
        /// `[SCALE=]ENTRY|POINTS`: a catalogue entry (franchignoni-2014) or a number of points.
        public var mcid: [String]
        public var percent: [Double]
        /// Responders need more than the threshold, not at least it.
        public var strict: Bool

        public init(subject: String? = nil, visit: String? = nil, baselineVisit: String? = nil, mcid: [String] = [], percent: [Double] = [],
                    strict: Bool = false) {
            self.subject = subject
            self.visit = visit
            self.baselineVisit = baselineVisit
            self.mcid = mcid
            self.percent = percent
            self.strict = strict
        }
    }

    public init(instrument: String, options: ScoringOptions = ScoringOptions(), items: String, name: String? = nil,
                improvement: ImprovementRequest? = nil, scoresOnly: Bool = false) {
        self.instrument = instrument
        self.options = options
        self.items = items
        self.name = name
        self.improvement = improvement
        self.scoresOnly = scoresOnly
    }

    /// The instrument with its options, and the item columns.
    public func resolved() throws(AnalysisError) -> (instrument: Instrument, itemColumns: [String]) {
        do {
            return (try InstrumentCatalogue.instrument(named: instrument, options: options), try ItemPattern.expand(items))
        } catch {
            throw .conflictingOptions(error.description)
        }
    }

    public func check() throws(AnalysisError) {
        _ = try resolved()
        for value in improvement?.percent ?? [] where !(value > 0 && value <= 100) {
            throw .invalidOption(name: "--percent", value: "\(value)", expected: "a percentage between 0 and 100")
        }
    }

    public func run(on table: Table) throws(AnalysisError) -> InstrumentScoringResult {
        let (instrument, itemColumns) = try resolved()
        let result: ScoringResult
        do {
            result = try TableScoring.score(table, instrument: instrument, itemColumns: itemColumns, baseName: name ?? instrument.id)
        } catch {
            throw .computation("\(table.source): \(error)")
        }
        var added = result.columns
        if let taken = added.first(where: { table.columnNames.contains($0.name) }), !scoresOnly {
            throw .computation("\(table.source) already has a column \(taken.name); choose another name with --name")
        }
        var problems: [String] = []
        var rules: [ResponderRule] = []
        if let improvement {
            let (columns, improvementProblems, responderRules) = try improvementColumns(improvement, result, table: table, instrument: instrument)
            added += columns
            (problems, rules) = (improvementProblems, responderRules)
        }
        let line = Column(name: "line", values: .numeric(table.lineNumbers.map(Double.init)))
        let scored = Table(source: table.source, columns: (scoresOnly ? [line] : table.columns) + added,
                           lineNumbers: table.lineNumbers, blankLines: table.blankLines)
        return InstrumentScoringResult(
            instrument: instrument.id, name: instrument.name, source: instrument.source, settings: instrument.settings,
            direction: instrument.direction.rawValue, scales: result.summaries, responderRules: rules, itemIssues: result.itemIssues,
            improvementProblems: problems,
            ledger: DataLedger(RowLedger(source: table.source, rowsRead: table.rowCount, blankLinesSkipped: table.blankLines.count, excluded: [])),
            columns: scored.columnNames,
            rows: (0..<scored.rowCount).map { row in
                scored.columns.map { column in
                    if column.isMissing(row) { return .number(nil) }
                    if case let .numeric(values) = column.values { return .number(finiteOrNil(values[row])) }
                    return .text(column.text(at: row))
                }
            })
    }

    /// Improvement, percent improvement and responder columns for every score column.
    func improvementColumns(
        _ request: ImprovementRequest, _ result: ScoringResult, table: Table, instrument: Instrument
    ) throws(AnalysisError) -> ([Column], [String], [ResponderRule]) {
        let roles = ColumnRoles(subject: request.subject, visit: request.visit).recognized(in: table)
        guard let subjectColumn = roles.subject, let visitColumn = roles.visit else {
            throw .conflictingOptions("--improvement needs the subject and visit columns; name them with --subject and --visit")
        }
        let catalogue: MCIDCatalogue
        do { catalogue = try MCIDCatalogue.bundled() } catch { throw .computation("the bundled MCID catalogue: \(error)") }
        var columns: [Column] = []
        var problems: [String] = []
        var allRules: [ResponderRule] = []
        for (scale, scoreColumn) in zip(instrument.scales, result.columns) {
            guard case let .numeric(scores) = scoreColumn.values else { continue }
            let change: Improvement
            do {
                change = try Improvement.compute(scores, table: table, subjectColumn: subjectColumn, visitColumn: visitColumn,
                                                 baselineVisit: request.baselineVisit, direction: instrument.direction)
            } catch {
                throw .conflictingOptions(error.description)
            }
            problems += change.problems.map { "\(scoreColumn.name): \($0)" }
            columns.append(Column(name: scoreColumn.name + "_improvement", values: .numeric(change.points)))
            columns.append(Column(name: scoreColumn.name + "_percent_improvement", values: .numeric(change.percent)))
            for rule in try responderRules(request, for: scale, instrument: instrument, catalogue: catalogue) {
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

    /// The thresholds that apply to one scale: `mcid` entries whose key names it (the score
    /// column, e.g. `dash` or `bctq_sss`, or the scale, e.g. `sss`; no key for a single-score
    /// instrument) and every `percent`. A key that names no scale is an error, never ignored.
    func responderRules(_ request: ImprovementRequest, for scale: Scale, instrument: Instrument,
                        catalogue: MCIDCatalogue) throws(AnalysisError) -> [ResponderRule] {
        let base = name ?? instrument.id
        var rules: [ResponderRule] = []
        for requested in request.mcid {
            var key = "", value = requested
            if let equals = requested.firstIndex(of: "=") {
                key = String(requested[..<equals])
                value = String(requested[requested.index(after: equals)...])
            }
            let keys = instrument.scales.map { [instrument.columnName($0, base: base), $0.name] }
            guard key.isEmpty ? instrument.scales.count == 1 : keys.contains(where: { $0.contains(key) }) else {
                throw .conflictingOptions("--mcid \(requested): name the score, one of "
                                          + instrument.scales.map { instrument.columnName($0, base: base) }.joined(separator: ", ")
                                          + ", as in \(instrument.columnName(instrument.scales[0], base: base))=\(value)")
            }
            guard key.isEmpty || key == scale.name || key == instrument.columnName(scale, base: base) else { continue }
            if let points = Double(value) {
                guard points > 0 else { throw .invalidOption(name: "--mcid", value: requested, expected: "a positive number of points") }
                rules.append(ResponderRule(name: "responder_\(value)pt", threshold: points, unit: .points, strict: request.strict,
                                           source: "given with --mcid, taken as a within-person change"))
            } else {
                let entry: MCIDCatalogue.Entry
                do {
                    entry = try catalogue.responderThreshold(id: value, instrument: instrument.id, scale: scale.name)
                } catch {
                    throw .conflictingOptions(error.description)
                }
                // A points threshold published on one score scale (VAS 0-100) is converted to the scale
                // scored here (0-10), never applied unchanged.
                var threshold = entry.threshold, source = entry.source
                if entry.unit == .points, let published = entry.scoreScale, let maximum = Double(published.split(separator: "-").last ?? ""),
                   maximum > 0, scale.range.upperBound != maximum {
                    threshold = entry.threshold * scale.range.upperBound / maximum
                    source += "; \(Self.shortNumber(entry.threshold)) on 0-\(Self.shortNumber(maximum)), \(Self.shortNumber(threshold)) "
                        + "on the 0-\(Self.shortNumber(scale.range.upperBound)) scale scored here"
                }
                rules.append(ResponderRule(name: "responder_\(entry.id)", threshold: threshold, unit: entry.unit, strict: request.strict,
                                           source: source))
            }
        }
        for value in request.percent {
            let label = value == value.rounded() ? String(Int(value)) : String(value)
            rules.append(ResponderRule(name: "responder_\(label)pct", threshold: value, unit: .percent, strict: request.strict,
                                       source: "given with --percent"))
        }
        return rules
    }

    static func shortNumber(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
}

/// The JSON of `trialstats score --format json` (schema trialstats/score/1): what was scored and
/// how, every invalid item, and the scored table as rows of numbers and text.
public struct InstrumentScoringResult: Codable, Sendable, Equatable {
    public var schema = "trialstats/score/1"
    public var instrument: String
    public var name: String
    public var source: String
    public var settings: [String]
    /// Whether a higher score is better or worse.
    public var direction: String
    public var scales: [ScaleSummary]
    public var responderRules: [ResponderRule]
    public var itemIssues: [ItemIssue]
    public var improvementProblems: [String]
    public var ledger: DataLedger
    public var columns: [String]
    /// One row per input row: numbers as numbers, text as text, a missing value as null.
    public var rows: [[JSONValue]]

    /// The scored table as CSV, as `CSVWriter` writes a table: numbers in their shortest exact
    /// form, missing values as NA, text that a spreadsheet would run as a formula made inert.
    public func csv() -> String {
        CSVWriter.text(header: columns, rows: rows.map { row in
            row.map { cell -> CSVWriter.Cell in
                switch cell {
                case let .text(text): return .text(text)
                case let .number(number): return number.map { .number($0) } ?? .missing
                }
            }
        })
    }
}
