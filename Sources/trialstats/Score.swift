import Analyses
import ArgumentParser
import Instruments
import TrialData
import StatsCore

/// `trialstats score`: instrument scores from item columns, by each instrument's own rules,
/// with improvement from baseline and responder flags on request.
struct Score: StepCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
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

    var scoring: InstrumentScoring {
        InstrumentScoring(
            instrument: instrument,
            options: ScoringOptions(vasUnit: unit, vasScoreMaximum: scoreScale, pgicCoding: coding, maximumMissing: maxMissing,
                                    koosRule: koosRule, rmdqMissing: rmdqBlanks),
            items: items, name: name,
            improvement: improvement ? .init(subject: subject, visit: visit, baselineVisit: baselineVisit, mcid: mcid, percent: percent,
                                             strict: strict) : nil,
            scoresOnly: scoresOnly)
    }

    func validate() throws {
        if !(mcid.isEmpty && percent.isEmpty) && !improvement {
            throw ValidationError("--mcid and --percent classify responders from improvement; add --improvement")
        }
        do { try scoring.check() } catch { throw AnalysisCommands.failure(error, command: "score") }
    }

    var dataPath: String? {
        get { reading.data }
        set { if let newValue { reading.data = newValue } }
    }

    func outcome(_ inputs: StepInputs) throws -> StepOutcome {
        let table: Table
        do { table = try reading.source(DataSchema(), inputs: inputs).readTable() } catch let error as TrialDataSource.LoadError { throw CommandFailure(error) }
        let result: InstrumentScoringResult
        do { result = try scoring.run(on: table) } catch { throw AnalysisCommands.failure(error, command: "score") }
        return StepOutcome(json: { try JSONText.encode(result) }, tables: { [] }, warnings: [result.text], derivedTable: result.csv())
    }

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let outcome = try outcome(StepInputs())
        let text: String
        switch format {
        case .csv:
            text = outcome.derivedTable ?? ""
            outcome.warnings.forEach(StandardStreams.writeMessage)
        case .json:
            text = try outcome.json()
        }
        if let output { try AtomicFile.write(text, to: output) } else { try StandardStreams.writeResult(text) }
    }
}
extension ScoringOptions.VASUnit: ExpressibleByArgument {}
extension ScoringOptions.PGICCoding: ExpressibleByArgument {}
extension ScoringOptions.KOOSRule: ExpressibleByArgument {}
extension ScoringOptions.RMDQMissing: ExpressibleByArgument {}

