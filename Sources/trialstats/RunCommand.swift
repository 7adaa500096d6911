import ArgumentParser
import Foundation
import Plans
import Reporting
import StatsCore
import TrialData

/// `trialstats run PLAN.yaml --out DIR`: every analysis of a plan, by the same commands a user
/// would type, into DIR/NAME/: each analysis's JSON (`ID.json`), its tables in the plan's
/// formats, and `index.html`, the whole report in one file.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run analysis plans (YAML) into a folder of tables and a self-contained HTML report."
    )

    @Argument(help: "Analysis plans (YAML).")
    var plans: [String]

    @Option(help: "The folder to write into; each plan gets its own folder in it, named by the plan's name.")
    var out: String = "reports"

    @Option(help: "K/N: run only the K-th of N shares of the plans (for a CI matrix or a job array); combine the folders with trialstats merge.")
    var shard: String?

    @Flag(help: "Treat a fit that did not converge as a failure (exit 1). A fit that could not be computed at all always is.")
    var strict = false

    @Flag(help: "Put the date and time of the run in the reports (off by default, so that the same inputs give the same bytes).")
    var stamp = false

    func run() throws {
        let selected = try Self.share(of: plans, shard: shard)
        let progress = Progress(total: selected.count)
        var problems = Problems()
        var names: [String: String] = [:]
        for path in selected {
            let plan: AnalysisPlan
            do {
                plan = try AnalysisPlan.read(path: path)
                if plan.derive.isEmpty { try plan.checkColumns() }
            } catch {
                progress.finish()
                StandardStreams.writeMessage("trialstats run: \(error)")
                throw (error.isMissingInput ? ExitStatus.missingInput : ExitStatus.dataError).exitCode
            }
            do {
                try Self.checkSteps(plan)
            } catch {
                progress.finish()
                throw ExitStatus.dataError.exitCode
            }
            if let other = names[plan.name] {
                progress.finish()
                StandardStreams.writeMessage("trialstats run: \(path) and \(other) are both named \(plan.name), and would write the same folder; "
                                             + "give one a name: key")
                throw ExitStatus.dataError.exitCode
            }
            names[plan.name] = path
            progress.advance(plan.name)
            let folder = try ReportFolder.prepare(out: out, name: plan.name, inputs: plan.inputFiles)
            let found: Problems
            do {
                found = try Self.run(plan, into: folder.staging, shownAs: (out as NSString).appendingPathComponent(plan.name),
                                     stamp: stamp, quiet: progress.isTerminal)
            } catch {
                folder.discard()
                throw error
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
            StandardStreams.writeMessage("trialstats run: failed: \(problems.failed.joined(separator: ", "))")
        }
        if !problems.failed.isEmpty || (strict && !problems.unconverged.isEmpty) { throw ExitStatus.analysisFailure.exitCode }
    }

    /// The plans of share K of N: the K-th, (K + N)-th, … in the order given.
    static func share(of plans: [String], shard: String?) throws -> [String] {
        guard let shard else { return plans }
        let parts = shard.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (1...n).contains(k) else {
            throw ValidationError("--shard \(shard): expected K/N with 1 ≤ K ≤ N, e.g. 1/4")
        }
        return plans.enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
    }

    /// The command line an analysis stands for, without its output options. After derive steps the
    /// data are their CSV, read as a plain table.
    static func arguments(_ analysis: AnalysisPlan.Analysis, of plan: AnalysisPlan, data: String) -> [String] {
        // Published summary numbers: their own file, none of the trial data's options.
        if let input = analysis.input { return [analysis.command, input] + analysis.arguments }
        var arguments = [analysis.command, data]
        // Derive steps (score) read a plain table; REDCap and ADaM inputs are for the analyses.
        if data == plan.data.path, analysis.command != "score" {
            if plan.data.inputFormat != "csv" { arguments += ["--input-format", plan.data.inputFormat] }
            if let dictionary = plan.data.dictionary { arguments += ["--dictionary", dictionary] }
            if let adsl = plan.data.adsl { arguments += ["--adsl", adsl] }
            if let param = plan.data.param { arguments += ["--param", param] }
        }
        if analysis.command != "score", let schema = plan.data.schemaFile { arguments += ["--schema", schema] }
        return arguments + analysis.arguments
    }

    /// Parses and runs one step of a plan; a command-line mistake or a refused option is the plan's
    /// mistake, reported with the step's line. Returns the tables the command wrote.
    static func execute(_ arguments: [String], step: AnalysisPlan.Analysis, of plan: AnalysisPlan,
                        displayNames: [String: String] = [:], schema: DataSchema?? = nil) throws -> TableCapture {
        let where_ = "trialstats run: \(plan.file):\(step.line): \(step.id) (\(step.command))"
        let command: ParsableCommand
        do {
            command = try TrialStats.parseAsRoot(arguments)
        } catch {
            StandardStreams.writeMessage("\(where_): " + TrialStats.message(for: error))
            throw ExitStatus.dataError.exitCode
        }
        let capture = TableCapture()
        do {
            try PlanContext.$schema.withValue(schema ?? plan.data.schema) {
                try PlanContext.$capture.withValue(capture) {
                    try PlanContext.$displayNames.withValue(displayNames) {
                        var runnable = command
                        try runnable.run()
                    }
                }
            }
        } catch let error as ValidationError {
            StandardStreams.writeMessage("\(where_): \(error)")
            throw ExitStatus.dataError.exitCode
        } catch let code as ExitCode where code.rawValue == ExitStatus.analysisFailure.rawValue {
            // The analysis failed on sound input (a fit that could not be computed): the report
            // says so in its place and the run goes on; the run's exit status is 1.
            capture.failure = capture.failure ?? "the analysis failed"
            StandardStreams.writeMessage("\(where_) failed: \(capture.failure!)")
        } catch {
            StandardStreams.writeMessage("\(where_) failed")
            throw error
        }
        return capture
    }

    /// Parses every step's command line before any step runs, so that a misspelt option in the
    /// last step is reported before the first one writes anything (exit 65, with the step's line).
    static func checkSteps(_ plan: AnalysisPlan) throws {
        // The files the run will make do not exist yet; parsing does not open them.
        let reshaped = plan.data.inputFormat != "csv" && !plan.derive.isEmpty ? "data-long.csv" : plan.data.path
        var data = reshaped
        var steps: [(AnalysisPlan.Analysis, [String])] = []
        for step in plan.derive {
            steps.append((step, arguments(step, of: plan, data: data) + ["--output", "\(step.id).csv"]))
            data = "\(step.id).csv"
        }
        for analysis in plan.analyses {
            steps.append((analysis, arguments(analysis, of: plan, data: data) + ["--format", "json", "--output", "\(analysis.id).json"]))
        }
        for (step, arguments) in steps {
            do {
                _ = try TrialStats.parseAsRoot(arguments)
            } catch {
                StandardStreams.writeMessage("trialstats run: \(plan.file):\(step.line): \(step.id) (\(step.command)): " + TrialStats.message(for: error))
                throw ExitStatus.dataError.exitCode
            }
        }
    }

    /// What went wrong in a plan's analyses, as "plan/id".
    struct Problems {
        var unconverged: [String] = []
        var failed: [String] = []
    }

    /// Runs one plan into `folder` (a staging folder that `shownAs` names to the user).
    static func run(_ plan: AnalysisPlan, into folder: String, shownAs: String, stamp: Bool = false, quiet: Bool = false) throws -> Problems {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            StandardStreams.writeMessage("trialstats run: cannot create \(folder): \(error.localizedDescription)")
            throw ExitStatus.outputError.exitCode
        }
        // Derive steps, each on the previous one's table, into the plan's folder. They read plain
        // tables, so a REDCap export or an ADaM dataset is first written in long form as the
        // adapter reads it (labels for codes, events as visits, non-visit records set aside).
        var data = plan.data.path
        var displayNames: [String: String] = [:]
        if plan.data.inputFormat != "csv", !plan.derive.isEmpty {
            let step = AnalysisPlan.Analysis(id: "data", command: "reshape", line: plan.data.line)
            let target = (folder as NSString).appendingPathComponent("data-long.csv")
            // The outcomes the plan names may be the derive steps' own; every column is carried.
            var schema = plan.data.schema
            schema?.roles.outcomes = []
            _ = try execute(arguments(step, of: plan, data: data) + ["--to", "long", "--output", target], step: step, of: plan, schema: .some(schema))
            data = target
            displayNames[target] = "data-long.csv"
        }
        for step in plan.derive {
            let target = (folder as NSString).appendingPathComponent("\(step.id).csv")
            _ = try execute(arguments(step, of: plan, data: data) + ["--output", target], step: step, of: plan, displayNames: displayNames)
            data = target
            displayNames[target] = "\(step.id).csv"
        }
        if !plan.derive.isEmpty {
            do {
                try plan.checkColumns(in: data)
            } catch {
                StandardStreams.writeMessage("trialstats run: \(error)")
                throw ExitStatus.dataError.exitCode
            }
        }
        var sections: [HTMLReport.Section] = []
        var problems = Problems()
        // The data section: what was read, what was used, every excluded row and why.
        if plan.hasData {
            let dataStep = AnalysisPlan.Analysis(id: "data", command: "describe", line: plan.data.line)
            let dataArguments = Self.arguments(dataStep, of: plan, data: data)
            var dataNames = displayNames
            let fileName = (plan.data.path as NSString).lastPathComponent
            dataNames[data] = displayNames[data].map { "\($0) (\(fileName) with the derived columns)" } ?? fileName
            let described = try execute(dataArguments, step: dataStep, of: plan, displayNames: dataNames).tables
            try AtomicFile.write(TableRendering.render(described, as: .json), to: (folder as NSString).appendingPathComponent("data.json"))
            try writeTables(described, id: "data", formats: plan.formats, folder: folder)
            sections.append(HTMLReport.Section(id: "data", heading: "Data", tables: described,
                                               notes: ["trialstats " + dataArguments.map { Self.quoted(displayNames[$0] ?? $0) }.joined(separator: " ")]))
        }
        for analysis in plan.analyses {
            var arguments = Self.arguments(analysis, of: plan, data: data)
            // A fit's fitted values go into the plan's folder, under the plain name the plan gives.
            if let position = arguments.firstIndex(of: "--fitted"), position + 1 < arguments.count {
                let name = arguments[position + 1]
                arguments[position + 1] = (folder as NSString).appendingPathComponent(name)
                displayNames[arguments[position + 1]] = name
            }
            let output = (folder as NSString).appendingPathComponent("\(analysis.id).json")
            let capture = try execute(arguments + ["--format", "json", "--output", output], step: analysis, of: plan, displayNames: displayNames)
            let tables = capture.tables
            try writeTables(tables, id: analysis.id, formats: plan.formats, folder: folder)
            if capture.unconverged {
                problems.unconverged.append("\(plan.name)/\(analysis.id)")
            }
            if capture.failure != nil {
                problems.failed.append("\(plan.name)/\(analysis.id)")
            }
            // Outcomes by arm and visit are also drawn (mean and CI per arm over the visits), and
            // estimates with intervals as forest plots.
            var figures: [String] = []
            for (kind, svg) in capture.figures {
                figures.append(svg)
                try AtomicFile.write(svg, to: (folder as NSString).appendingPathComponent("\(analysis.id)-\(kind)-\(figures.count).svg"))
            }
            for table in tables {
                let drawn: (kind: String, svg: String)?
                if let trajectory = TrajectoryFigure(table: table) {
                    drawn = ("trajectory", trajectory.svg())
                } else if let forest = MetaForestFigure(table: table) {
                    drawn = ("forest", forest.svg())
                } else if let forest = ForestFigure(table: table) {
                    drawn = ("forest", forest.svg())
                } else {
                    drawn = nil
                }
                guard let drawn else { continue }
                figures.append(drawn.svg)
                try AtomicFile.write(drawn.svg, to: (folder as NSString).appendingPathComponent("\(analysis.id)-\(drawn.kind)-\(figures.count).svg"))
            }
            sections.append(HTMLReport.Section(id: analysis.id, heading: analysis.id, tables: tables,
                                               notes: ["trialstats " + arguments.map { Self.quoted(displayNames[$0] ?? $0) }.joined(separator: " ")]
                                                   + (capture.failure.map { ["This analysis failed: \($0)"] } ?? []),
                                               figures: figures))
        }
        let report = HTMLReport(title: plan.title, planText: plan.text, sections: sections,
                                facts: (plan.hasData ? ["Data: \(plan.data.path)"] : [])
                                    + (displayNames.values.contains("data-long.csv")
                                        ? ["Derived: data-long.csv, the \(plan.data.inputFormat == "redcap" ? "REDCap export" : "ADaM dataset") in long form (trialstats reshape --to long)"] : [])
                                    + plan.derive.map { "Derived: \($0.id).csv, trialstats \($0.command) " + $0.arguments.map(Self.quoted).joined(separator: " ") }
                                    + ["TrialStats \(TrialStatsVersion.current)"]
                                    + (stamp ? ["Run at \(Self.timestamp())"] : []))
        try AtomicFile.write(report.render(), to: (folder as NSString).appendingPathComponent("index.html"))
        if !quiet {
            StandardStreams.writeMessage("trialstats run: \(plan.name): \(plan.analyses.count) analyses; the report is "
                                         + (shownAs as NSString).appendingPathComponent("index.html"))
        }
        return problems
    }

    /// ID.md, ID.csv … in the plan's formats.
    static func writeTables(_ tables: [ResultTable], id: String, formats: [String], folder: String) throws {
        for format in formats {
            guard let tableFormat = TableFormat(rawValue: format) else { continue }
            try AtomicFile.write(TableRendering.render(tables, as: tableFormat), to: (folder as NSString).appendingPathComponent("\(id).\(tableFormat.rawValue)"))
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
