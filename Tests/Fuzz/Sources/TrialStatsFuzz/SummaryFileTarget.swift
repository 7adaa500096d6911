import Analyses
import Foundation
import MetaAnalysis
import StatsCore

/// The reader of published summary numbers (per-arm rows, published results, metafor's per-study
/// columns), and the summaries and pooling that run on what it reads.
///
/// Invariants: a file read or refused; a refusal of the file's contents names the file; every
/// row read keeps its line; the per-arm summaries and the pooled model either run or stop with a
/// typed error; their JSON parses, and holds a non-finite number only as null.
struct SummaryFileTarget: FuzzTarget {
    static let displayName = "fuzzed-summary.csv"
    static let measures: [EffectMeasure] = [.meanDifference, .standardizedMeanDifference, .riskRatio, .oddsRatio]

    func run(_ bytes: [UInt8]) {
        let path = ScratchFile.write(bytes, name: "summary.csv")
        let file: SummaryFile
        do throws(MetaAnalysisError) {
            file = try SummaryFile.read(path: path, displayName: Self.displayName)
        } catch {
            require(error.description.contains(Self.displayName), "a summary-file error that does not name the file: \(error)")
            return
        }
        let lines = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "\r") ? 1 : 0) }
        require(file.rows.allSatisfy { $0.line >= 2 && $0.line <= lines }, "a row's line is outside the file")
        require(zip(file.rows, file.rows.dropFirst()).allSatisfy { $0.line < $1.line }, "rows out of the file's order")

        if let summaries = try? ArmSummaries().run(on: file) { checkJSON(summaries) }
        let measure = Self.measures[bytes.count % Self.measures.count]
        for pooling in [StudyPooling(measure: measure, method: .REML, leaveOneOut: true),
                        StudyPooling(measure: measure, method: .DL, hartungKnapp: true)] {
            if let pooled = try? pooling.run(on: file) { checkJSON(pooled) }
        }
    }

    private func checkJSON(_ value: some Encodable) {
        guard let json = try? JSONText.encode(value) else { violated("a result that does not encode as JSON") }
        require(!json.contains("trialstats-not-a-number"), "a non-finite number's marker left in the JSON")
        require((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "a result's JSON does not parse")
    }
}
