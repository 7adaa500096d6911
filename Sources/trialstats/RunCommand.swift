import ArgumentParser
import Foundation
import Plans
import Reporting
import StatsCore

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

    func run() throws {
        for path in plans {
            let plan: AnalysisPlan
            do {
                plan = try AnalysisPlan.read(path: path)
                try plan.checkColumns()
            } catch {
                StandardStreams.writeMessage("trialstats run: \(error)")
                throw (error.isMissingInput ? ExitStatus.missingInput : ExitStatus.dataError).exitCode
            }
            try Self.run(plan, into: (out as NSString).appendingPathComponent(plan.name))
        }
    }

    /// The command line an analysis stands for, without its output options.
    static func arguments(_ analysis: AnalysisPlan.Analysis, of plan: AnalysisPlan) -> [String] {
        var arguments = [analysis.command, plan.data.path]
        if plan.data.inputFormat != "csv" { arguments += ["--input-format", plan.data.inputFormat] }
        if let schema = plan.data.schemaFile { arguments += ["--schema", schema] }
        if let dictionary = plan.data.dictionary { arguments += ["--dictionary", dictionary] }
        if let adsl = plan.data.adsl { arguments += ["--adsl", adsl] }
        if let param = plan.data.param { arguments += ["--param", param] }
        return arguments + analysis.arguments
    }

    static func run(_ plan: AnalysisPlan, into folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            StandardStreams.writeMessage("trialstats run: cannot create \(folder): \(error.localizedDescription)")
            throw ExitStatus.outputError.exitCode
        }
        var sections: [HTMLReport.Section] = []
        for analysis in plan.analyses {
            let arguments = Self.arguments(analysis, of: plan)
            let command: ParsableCommand
            do {
                command = try TrialStats.parseAsRoot(arguments + ["--format", "json", "--output", (folder as NSString).appendingPathComponent("\(analysis.id).json")])
            } catch {
                StandardStreams.writeMessage("trialstats run: \(plan.file):\(analysis.line): analysis \(analysis.id) (\(analysis.command)): "
                                             + TrialStats.message(for: error))
                throw ExitStatus.dataError.exitCode
            }
            let capture = TableCapture()
            do {
                try PlanContext.$schema.withValue(plan.data.schema) {
                    try PlanContext.$capture.withValue(capture) {
                        var runnable = command
                        try runnable.run()
                    }
                }
            } catch let error as ValidationError {
                // An option the command refuses is a mistake in the plan.
                StandardStreams.writeMessage("trialstats run: \(plan.file):\(analysis.line): analysis \(analysis.id) (\(analysis.command)): \(error)")
                throw ExitStatus.dataError.exitCode
            } catch {
                StandardStreams.writeMessage("trialstats run: \(plan.file):\(analysis.line): analysis \(analysis.id) (\(analysis.command)) failed")
                throw error
            }
            for format in plan.formats {
                guard let tableFormat = TableFormat(rawValue: format) else { continue }
                let path = (folder as NSString).appendingPathComponent("\(analysis.id).\(tableFormat.rawValue)")
                try AtomicFile.write(TableRendering.render(capture.tables, as: tableFormat), to: path)
            }
            // Outcomes by arm and visit are also drawn: mean and CI per arm over the visits.
            var figures: [String] = []
            for table in capture.tables {
                guard let figure = TrajectoryFigure(table: table) else { continue }
                let svg = figure.svg()
                figures.append(svg)
                try AtomicFile.write(svg, to: (folder as NSString).appendingPathComponent("\(analysis.id)-trajectory-\(figures.count).svg"))
            }
            sections.append(HTMLReport.Section(id: analysis.id, heading: analysis.id, tables: capture.tables,
                                               notes: ["trialstats " + arguments.map(Self.quoted).joined(separator: " ")], figures: figures))
        }
        let report = HTMLReport(title: plan.title, planText: plan.text, sections: sections,
                                facts: ["Data: \(plan.data.path)", "TrialStats \(TrialStatsVersion.current)"])
        let index = (folder as NSString).appendingPathComponent("index.html")
        try AtomicFile.write(report.render(), to: index)
        StandardStreams.writeMessage("trialstats run: \(plan.name): \(plan.analyses.count) analyses; the report is \(index)")
    }

    /// An argument as a shell would need it.
    static func quoted(_ argument: String) -> String {
        argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+".contains($0) } ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
