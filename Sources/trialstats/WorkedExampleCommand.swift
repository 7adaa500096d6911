import ArgumentParser
import Foundation
import Analyses
import StatsCore

/// `trialstats example`: a small worked comparison from published summary numbers, so that a
/// new user sees the shape of TrialStats output before bringing data.
struct WorkedExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Recompute a published dextrose-vs-saline comparison from its summary numbers.",
        discussion: """
            Maniquis-Smigel et al. 2017 (Anesth Pain Med 7(1):e42550): caudal epidural 5% dextrose \
            vs saline for chronic low back pain; change in NRS pain (0-10) from baseline, mean ± SD \
            as published. The saline n (16) is derived: 35 randomised − 19 dextrose.
            """)

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        StandardStreams.routeLibraryMessagesToStandardError()
        let result: Analyses.WorkedExample.Result
        do {
            result = try Analyses.WorkedExample.compute()
        } catch {
            throw CommandFailure(.internalError, command: "example", "\(error)")
        }
        switch format {
        case .json: try StandardStreams.writeResult(try JSONText.encode(result))
        case .text: try StandardStreams.writeResult(Analyses.WorkedExample.render(result))
        }
    }
}
