import ArgumentParser
import Foundation
import Plans
import Reporting
import StatsCore
import TrialData

/// `trialstats run PLAN.yaml --out DIR`: every analysis of a plan, by the same commands a user
/// would type (parsed once, when the plan is read, and run on inputs the steps share), into
/// DIR/NAME/: each analysis's JSON (`ID.json`), its tables in the plan's formats, and
/// `index.html`, the whole report in one file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run analysis plans (YAML) into a folder of tables and a self-contained HTML report."
    )

    @Argument(help: "Analysis plans (YAML).")
    var plans: [String]

    @Option(help: "The folder to write into; each plan gets its own folder in it, named by the plan's name.")
    var out: String = "reports"

    @Option(help: "K/N: run only the K-th of N shares of the plans (for a CI matrix or a job array); combine the folders with trialstats merge. Without it, a Slurm array task's environment (SLURM_ARRAY_TASK_ID …) gives the share.")
    var shard: String?

    @Option(help: "N shares, this one's index taken from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs, 0-based).")
    var shards: Int?

    @Flag(help: "Treat a fit that did not converge as a failure (exit 1). A fit that could not be computed at all always is.")
    var strict = false

    @Flag(help: "Put the date and time of the run in the reports (off by default, so that the same inputs give the same bytes).")
    var stamp = false

    func run() throws {
        InterruptCleanup.install()
        let sharded = try ShardSelection.shard(flag: shard, shards: shards, environment: ProcessInfo.processInfo.environment) != nil
        let selected = try Self.share(of: plans, shard: shard, shards: shards)
        let progress = Progress(total: selected.count)
        var problems = Problems()
        var names: [String: String] = [:]
        for path in selected {
            let plan: AnalysisPlan, steps: PlanSteps
            do {
                do {
                    plan = try AnalysisPlan.read(path: path)
                    if plan.derive.isEmpty { try plan.checkColumns() }
                } catch {
                    throw CommandFailure(error.isMissingInput ? .missingInput : .dataError, command: "run", "\(error)")
                }
                steps = try PlanSteps(plan)
                if let other = names[plan.name] {
                    throw CommandFailure(status: .dataError,
                                         message: "trialstats run: \(path) and \(other) are both named \(plan.name), and would write the same folder; "
                                             + "give one a name: key")
                }
            } catch {
                progress.finish()
                throw error
            }
            names[plan.name] = path
            progress.advance(plan.name)
            // A share run again (a resubmitted array task) skips a plan whose folder is a complete run of the same inputs.
            if sharded, RunManifest.isDone(folder: (out as NSString).appendingPathComponent(plan.name), inputs: plan.inputFiles, version: TrialStatsVersion.current) {
                StandardStreams.writeMessage("trialstats run: \(plan.name) is done already with these inputs (\(out)/\(plan.name)); skipped")
                continue
            }
            let folder = try ReportFolder.prepare(out: out, name: plan.name, inputs: plan.inputFiles)
            let found: Problems
            do {
                found = try Self.run(plan, steps: steps, into: folder.staging, shownAs: (out as NSString).appendingPathComponent(plan.name),
                                     stamp: stamp, quiet: progress.isTerminal)
            } catch {
                folder.discard()
                progress.finish()
                throw error
            }
            if found.failed.isEmpty {
                try AtomicFile.write(RunManifest.text(inputs: plan.inputFiles, version: TrialStatsVersion.current),
                                     to: (folder.staging as NSString).appendingPathComponent(RunManifest.fileName))
            }
            try folder.commit()
            problems.unconverged += found.unconverged
            problems.failed += found.failed
        }
        progress.finish()
        try ReportFolder.withLock(on: ReportFolder.resolved(out)) { try PlanIndex.write(folder: out) }
        if !problems.unconverged.isEmpty {
            StandardStreams.writeMessage("trialstats run: did not converge: \(problems.unconverged.joined(separator: ", "))")
        }
        if !problems.failed.isEmpty {
            StandardStreams.writeMessage("trialstats run: failed: \(problems.failed.map(\.step).joined(separator: ", "))")
        }
        // A step that failed on its data outranks one whose fit could not be computed (exit 1).
        if let status = problems.failed.map(\.status).max(by: { $0.rawValue < $1.rawValue }) { throw ExitCode(status.rawValue) }
        if strict && !problems.unconverged.isEmpty { throw ExitStatus.analysisFailure.exitCode }
    }

    /// The plans of share K of N: the K-th, (K + N)-th, … in the order given.
    static func share(of plans: [String], shard: String?, shards: Int? = nil,
                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        guard let chosen = try ShardSelection.shard(flag: shard, shards: shards, environment: environment) else { return plans }
        return plans.enumerated().filter { chosen.owns($0.offset) }.map(\.element)
    }

    /// What went wrong in a plan's analyses, as "plan/id".
    struct Problems {
        var unconverged: [String] = []
        var failed: [(step: String, status: ExitStatus)] = []
    }

    /// Runs one step; a failure is said with the step's line and returned, not thrown, so that the
    /// plan's other steps still run and the report shows it in the step's place.
    static func outcome(of step: PlanSteps.Step, in plan: AnalysisPlan, inputs: StepInputs) -> Result<StepOutcome, CommandFailure> {
        let location = "trialstats run: \(plan.file):\(step.step.line): \(step.step.id) (\(step.step.command))"
        do {
            return .success(try step.command.outcome(inputs))
        } catch let failure as CommandFailure {
            return .failure(CommandFailure(status: failure.status, message: "\(location) failed: \(failure.message)", reason: failure.reason))
        } catch let error as ValidationError {
            return .failure(CommandFailure(status: .dataError, message: "\(location): \(error)", reason: "\(error)"))
        } catch {
            return .failure(CommandFailure(status: .internalError, message: "\(location) failed: \(error)", reason: "\(error)"))
        }
    }

    /// A step the later steps need (the data in long form, a derive step): its failure ends the plan.
    static func required(_ step: PlanSteps.Step, data: String, in plan: AnalysisPlan, inputs: StepInputs) throws -> StepOutcome {
        var step = step
        step.command.dataPath = data
        switch outcome(of: step, in: plan, inputs: inputs) {
        case let .success(outcome):
            outcome.warnings.forEach(StandardStreams.writeMessage)
            return outcome
        case let .failure(failure): throw failure
        }
    }

    /// Runs one plan into `folder` (a staging folder that `shownAs` names to the user).
    static func run(_ plan: AnalysisPlan, steps: PlanSteps, into folder: String, shownAs: String, stamp: Bool = false,
                    quiet: Bool = false) throws -> Problems {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(.outputError, command: "run", "cannot create \(folder): \(error.localizedDescription)")
        }
        func inFolder(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        // Derive steps, each on the previous one's table, into the plan's folder. They read plain
        // tables, so a REDCap export or an ADaM dataset is first written in long form as the
        // adapter reads it (labels for codes, events as visits, non-visit records set aside).
        var data = plan.data.path
        var displayNames: [String: String] = [:]
        if let longForm = steps.longForm {
            // The outcomes the plan names may be the derive steps' own; every column is carried.
            var schema = plan.data.schema
            schema?.roles.outcomes = []
            let outcome = try required(longForm, data: data, in: plan, inputs: StepInputs(schema: schema))
            data = inFolder(PlanSteps.longFormName)
            try AtomicFile.write(outcome.derivedTable ?? "", to: data)
            displayNames[data] = PlanSteps.longFormName
        }
        for step in steps.derive {
            let outcome = try required(step, data: data, in: plan, inputs: StepInputs(schema: plan.data.schema, displayNames: displayNames))
            data = inFolder("\(step.step.id).csv")
            try AtomicFile.write(outcome.derivedTable ?? "", to: data)
            displayNames[data] = "\(step.step.id).csv"
        }
        if !plan.derive.isEmpty {
            do {
                try plan.checkColumns(in: data)
            } catch {
                throw CommandFailure(.dataError, command: "run", "\(error)")
            }
        }
        func commandLine(_ arguments: [String]) -> String {
            "trialstats " + arguments.map { quoted(displayNames[$0] ?? $0) }.joined(separator: " ")
        }
        var sections: [HTMLReport.Section] = []
        var problems = Problems()
        let names = DisplayNames(plan.labels)
        // A REDCap export's or an ADaM dataset's columns are named by its adapter, after the plan is read.
        if plan.data.inputFormat != "csv", !plan.labels.isEmpty {
            StandardStreams.writeMessage("trialstats run: \(plan.file): labels are not checked against the columns of \(plan.data.inputFormat == "redcap" ? "a REDCap export" : "an ADaM dataset"); "
                                         + "a label for a name the data do not have is not used: \(plan.labels.keys.sorted().joined(separator: ", "))")
        }
        var dataSection: HTMLReport.Section?
        // The data section: what was read, what was used, every excluded row and why. It is run
        // first (a data problem is said before the analyses') and shown after the results.
        if let describe = steps.describe {
            var dataNames = displayNames
            let fileName = (plan.data.path as NSString).lastPathComponent
            dataNames[data] = displayNames[data].map { "\($0) (\(fileName) with the derived columns)" } ?? fileName
            let outcome = try required(describe, data: data, in: plan, inputs: StepInputs(schema: plan.data.schema, displayNames: dataNames))
            let described = outcome.tables(), shown = described.map { $0.labelled(names) }
            try AtomicFile.write(try outcome.json(), to: inFolder("data.json"))
            try writeTables(described, shown: shown, id: "data", formats: plan.formats, folder: folder, title: plan.title)
            // Figures as the report shows them, with the plan's labels, in the page and in their files.
            let figures = outcome.figures().map { (kind: $0.kind, svg: SVGCanvas.labelled($0.svg, names)) }
            dataSection = HTMLReport.Section(id: "data", heading: "Data", tables: shown, notes: [commandLine(describe.arguments)],
                                             figures: figures.map(\.svg))
            for (index, figure) in figures.enumerated() {
                try AtomicFile.write(figure.svg, to: inFolder("data-\(figure.kind)-\(index + 1).svg"))
            }
        }
        var summary: [HTMLReport.Finding] = []
        // The analyses share their inputs: a dataset read the same way by several steps is loaded once.
        let inputs = StepInputs(schema: plan.data.schema, displayNames: displayNames)
        for var step in steps.analyses {
            if step.step.input == nil { step.command.dataPath = data }
            let id = step.step.id
            var figures: [String] = []
            var notes = [commandLine(step.arguments)]
            var tables: [ResultTable] = []
            switch outcome(of: step, in: plan, inputs: inputs) {
            case let .success(outcome):
                outcome.warnings.forEach(StandardStreams.writeMessage)
                try AtomicFile.write(try outcome.json(), to: inFolder("\(id).json"))
                // A fit's fitted values go into the plan's folder, under the plain name the plan gives.
                for file in outcome.files { try AtomicFile.write(file.text, to: inFolder(file.name)) }
                tables = outcome.tables()
                for (kind, svg) in outcome.figures() {
                    figures.append(SVGCanvas.labelled(svg, names))
                    try AtomicFile.write(figures[figures.count - 1], to: inFolder("\(id)-\(kind)-\(figures.count).svg"))
                }
                if step.step.primary {
                    let sentences = outcome.findings(names)
                    summary.append(.init(sectionID: id, heading: step.step.label ?? step.step.heading,
                                         sentences: sentences.isEmpty ? ["The results of this analysis are in its tables below."] : sentences))
                }
                if !outcome.converged { problems.unconverged.append("\(plan.name)/\(id)") }
            case let .failure(failure):
                StandardStreams.writeMessage(failure.message)
                problems.failed.append(("\(plan.name)/\(id)", failure.status))
                notes.append("This analysis failed: \(failure.reason)")
                if step.step.primary {
                    summary.append(.init(sectionID: id, heading: step.step.label ?? step.step.heading, sentences: ["This analysis failed: \(failure.reason)"]))
                }
            }
            let shown = tables.map { $0.labelled(names) }
            try writeTables(tables, shown: shown, id: id, formats: plan.formats, folder: folder, title: plan.title)
            sections.append(HTMLReport.Section(id: id, heading: step.step.heading, tables: shown, notes: notes, figures: figures))
        }
        if let dataSection { sections.append(dataSection) }
        let report = HTMLReport(title: plan.title, planText: plan.text, summary: summary,
                                summaryNote: plan.analyses.contains(where: \.primary) ? nil
                                    : "The plan declares no primary analysis, so none is stated here; mark one with primary: true. Every analysis follows in its own section.",
                                sections: sections,
                                facts: (plan.hasData ? ["Data: \(plan.data.path)"] : [])
                                    + (steps.longForm != nil
                                        ? ["Derived: \(PlanSteps.longFormName), the \(plan.data.inputFormat == "redcap" ? "REDCap export" : "ADaM dataset") in long form (trialstats reshape --to long)"] : [])
                                    + plan.derive.map { "Derived: \($0.id).csv, trialstats \($0.command) " + $0.arguments.map(Self.quoted).joined(separator: " ") }
                                    + ["TrialStats \(TrialStatsVersion.current)"]
                                    + (stamp ? ["Run at \(Self.timestamp())"] : []))
        try AtomicFile.write(report.render(), to: inFolder("index.html"))
        if plan.formats.contains(TableFormat.docx.rawValue) {
            let document: [UInt8]
            do {
                document = Array(try WordDocument(ReportDocument(report)).data())
            } catch {
                throw CommandFailure(.internalError, command: "run", "\(error)")
            }
            try AtomicFile.write(bytes: document, to: inFolder("report.docx"))
        }
        if !quiet {
            StandardStreams.writeMessage("trialstats run: \(plan.name): \(plan.analyses.count) analyses; the report is "
                                         + (shownAs as NSString).appendingPathComponent("index.html"))
        }
        return problems
    }

    /// ID.md, ID.csv … in the plan's formats. Word is one document for the whole plan, report.docx.
    /// Tables for people carry the plan's labels; CSV, for programs, keeps the data's names.
    static func writeTables(_ tables: [ResultTable], shown: [ResultTable], id: String, formats: [String], folder: String,
                            title: String) throws {
        for format in formats {
            guard let tableFormat = TableFormat(rawValue: format), !tableFormat.isBinary else { continue }
            let bytes = try TableRendering.file(tableFormat == .csv ? tables : shown, as: tableFormat, title: title)
            try AtomicFile.write(bytes: Array(bytes), to: (folder as NSString).appendingPathComponent("\(id).\(tableFormat.rawValue)"))
        }
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }

    /// An argument as a shell would need it.
    static func quoted(_ argument: String) -> String {
        argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+".contains($0) } ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
