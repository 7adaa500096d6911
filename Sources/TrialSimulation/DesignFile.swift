import Foundation
import Yams

/// A design file (YAML) read into a `TrialDesign`: every key is checked, an unknown one (a typo)
/// is refused with its path, and each value's type is said when it is wrong.
public enum DesignFile {
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public let source: String
        public let message: String
        public var description: String { "\(source): \(message)" }
    }

    public static func read(_ text: String, source: String) throws(ReadError) -> TrialDesign {
        do {
            return try parse(text, source: source)
        } catch let error as ReadError {
            throw error
        } catch {
            throw ReadError(source: source, message: "\(error)")
        }
    }

    static func parse(_ text: String, source: String) throws -> TrialDesign {
        func fail(_ message: String) -> ReadError { ReadError(source: source, message: message) }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw fail("not YAML: \(error)") }
        guard let top = root as? [String: Any] else { throw fail("expected a mapping of design keys (visits, arms, control, covariance, analysis, n, replicates, seed)") }
        try check(top, allowed: ["visits", "arms", "control", "covariance", "analysis", "n", "replicates", "seed", "target-power"], at: "", fail)
        let visits = try strings(top["visits"], "visits", fail)
        guard let armList = top["arms"] as? [Any], !armList.isEmpty else { throw fail("arms: expected a list of arms, each with name and means") }
        var arms: [TrialDesign.Arm] = []
        for (index, item) in armList.enumerated() {
            let path = "arms[\(index + 1)]"
            guard let arm = item as? [String: Any] else { throw fail("\(path): expected a mapping with name, means and optionally allocation and retention") }
            try check(arm, allowed: ["name", "allocation", "means", "retention", "mar-dropout"], at: path + ".", fail)
            guard let name = arm["name"].map({ "\($0)" }) else { throw fail("\(path).name: missing") }
            let means = try numbers(arm["means"], "\(path).means", fail)
            let retention = try arm["retention"].map { try numbers($0, "\(path).retention", fail) } ?? [Double](repeating: 1, count: means.count)
            let allocation = try arm["allocation"].map { try number($0, "\(path).allocation", fail) } ?? 1
            var rule: TrialDesign.MARDropout? = nil
            if let value = arm["mar-dropout"] {
                guard let map = value as? [String: Any] else { throw fail("\(path).mar-dropout: expected {intercept: A, slope: B}") }
                try check(map, allowed: ["intercept", "slope"], at: path + ".mar-dropout.", fail)
                guard let intercept = map["intercept"], let slope = map["slope"] else { throw fail("\(path).mar-dropout: needs intercept and slope") }
                rule = .init(intercept: try number(intercept, "\(path).mar-dropout.intercept", fail), slope: try number(slope, "\(path).mar-dropout.slope", fail))
            }
            arms.append(.init(name: name, allocation: allocation, means: means, retention: retention, marDropout: rule))
        }
        guard let control = top["control"].map({ "\($0)" }) else { throw fail("control: missing (the reference arm's name)") }
        guard let covarianceMap = top["covariance"] as? [String: Any] else { throw fail("covariance: expected a mapping with structure and its parameters") }
        try check(covarianceMap, allowed: ["structure", "sd", "rho", "correlation", "matrix", "from"], at: "covariance.", fail)
        let covariance: CovarianceSpecification
        if let from = covarianceMap["from"].map({ "\($0)" }) {
            guard covarianceMap.count == 1 else { throw fail("covariance.from: the pilot fit gives the whole covariance; give no other covariance key") }
            covariance = .init(structure: .matrix, matrix: try pilotCovariance(from, visits: visits, designSource: source, fail))
        } else {
            guard let structureText = covarianceMap["structure"].map({ "\($0)" }),
                  let structure = CovarianceSpecification.Structure(rawValue: structureText) else {
                throw fail("covariance.structure: expected " + CovarianceSpecification.Structure.allCases.map(\.rawValue).joined(separator: ", ")
                           + ", or from: a pilot fit's JSON")
            }
            let sd: [Double]? = try covarianceMap["sd"].map { value in
                if let list = value as? [Any] { return try numbers(list, "covariance.sd", fail) }
                return [try number(value, "covariance.sd", fail)]
            }
            covariance = CovarianceSpecification(
                structure: structure, sd: sd, rho: try covarianceMap["rho"].map { try number($0, "covariance.rho", fail) },
                correlation: try covarianceMap["correlation"].map { try rows($0, "covariance.correlation", fail) },
                matrix: try covarianceMap["matrix"].map { try rows($0, "covariance.matrix", fail) })
        }
        guard let analysisMap = top["analysis"] as? [String: Any] else { throw fail("analysis: expected a mapping with method and visit") }
        try check(analysisMap, allowed: ["method", "visit", "df", "structure", "alpha", "alternative", "change", "percent", "test", "missing"],
                  at: "analysis.", fail)
        guard let methodText = analysisMap["method"].map({ "\($0)" }), let method = PlannedAnalysis.Method(rawValue: methodText) else {
            throw fail("analysis.method: expected " + PlannedAnalysis.Method.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let visit = analysisMap["visit"].map({ "\($0)" }) else { throw fail("analysis.visit: missing") }
        var analysis = PlannedAnalysis(method: method, visit: visit)
        if let text = analysisMap["df"].map({ "\($0)" }) {
            guard let df = PlannedAnalysis.DegreesOfFreedom(rawValue: text) else {
                throw fail("analysis.df: \(text); expected " + PlannedAnalysis.DegreesOfFreedom.allCases.map(\.rawValue).joined(separator: ", "))
            }
            analysis.degreesOfFreedom = df
        }
        if let text = analysisMap["structure"].map({ "\($0)" }) {
            guard ["us", "cs", "csh", "ar1", "ar1h", "toep", "toeph", "ad", "adh"].contains(text) else {
                throw fail("analysis.structure: \(text); expected us, cs, csh, ar1, ar1h, toep, toeph, ad or adh")
            }
            analysis.structure = text
        }
        if let value = analysisMap["alpha"] { analysis.alpha = try number(value, "analysis.alpha", fail) }
        if let text = analysisMap["alternative"].map({ "\($0)" }) {
            guard let alternative = PlannedAnalysis.Alternative(rawValue: text) else {
                throw fail("analysis.alternative: \(text); expected two-sided, less or greater")
            }
            analysis.alternative = alternative
        }
        if analysisMap["change"] != nil || analysisMap["percent"] != nil || analysisMap["test"] != nil || analysisMap["missing"] != nil {
            guard method == .responders else { throw fail("analysis: change, percent, test and missing are for method responders") }
            guard (analysisMap["change"] == nil) != (analysisMap["percent"] == nil) else {
                throw fail("analysis: give one threshold, change: X (points) or percent: X (of the first visit's value)")
            }
            let scale: PlannedAnalysis.ResponderRule.Scale = analysisMap["change"] != nil ? .change : .percent
            let threshold = try number(analysisMap[scale.rawValue]!, "analysis.\(scale.rawValue)", fail)
            var rule = PlannedAnalysis.ResponderRule(scale: scale, threshold: threshold)
            if let text = analysisMap["test"].map({ "\($0)" }) {
                guard let test = PlannedAnalysis.ResponderRule.Test(rawValue: text) else { throw fail("analysis.test: \(text); expected fisher or chi-square") }
                rule.test = test
            }
            if let text = analysisMap["missing"].map({ "\($0)" }) {
                guard let missing = PlannedAnalysis.ResponderRule.Missing(rawValue: text) else {
                    throw fail("analysis.missing: \(text); expected non-responder or excluded")
                }
                rule.missing = missing
            }
            analysis.responder = rule
        }
        let sizes: [Int]
        if let list = top["n"] as? [Any] { sizes = try list.enumerated().map { try whole($1, "n[\($0 + 1)]", fail) } }
        else if let value = top["n"] { sizes = [try whole(value, "n", fail)] }
        else { throw fail("n: missing (the per-arm sample size, or a list of them)") }
        guard let replicatesValue = top["replicates"] else { throw fail("replicates: missing") }
        let replicates = try whole(replicatesValue, "replicates", fail)
        let seed = try top["seed"].map { try whole($0, "seed", fail) } ?? 1
        guard seed >= 0 else { throw fail("seed: expected a whole number from 0") }
        let target = try top["target-power"].map { try number($0, "target-power", fail) } ?? 0.8
        let design = TrialDesign(visits: visits, arms: arms, control: control, covariance: covariance, analysis: analysis, sampleSizes: sizes,
                                 replicates: replicates, seed: UInt64(seed), targetPower: target)
        let problems = design.problems()
        guard problems.isEmpty else { throw fail(problems.joined(separator: "; ")) }
        return design
    }

    /// The covariance of a pilot MMRM fit (`trialstats fit --format json`, a covariance term in the
    /// formula): converged, one covariance group, over the design's visits in order.
    static func pilotCovariance(_ path: String, visits: [String], designSource: String, _ fail: (String) -> ReadError) throws -> [[Double]] {
        let resolved = path.hasPrefix("/") ? path : (URL(fileURLWithPath: designSource).deletingLastPathComponent().appendingPathComponent(path).path)
        guard let data = FileManager.default.contents(atPath: resolved) else { throw fail("covariance.from: cannot read \(path)") }
        // JSONDecoder, not JSONSerialization: the latter can read a double one unit in the last place off.
        struct Pilot: Decodable {
            /// Any JSON value, not read: only whether there are groups matters.
            struct Anything: Decodable { init(from decoder: any Decoder) throws {} }
            struct Covariance: Decodable { let matrix: [[Double]]?; let visits: [String]?; let groups: [Anything]? }
            let schema: String
            let converged: Bool?
            let covariance: Covariance?
        }
        guard let document = try? JSONDecoder().decode(Pilot.self, from: data), document.schema == "trialstats/fit/1" else {
            throw fail("covariance.from: \(path) is not the JSON of trialstats fit (--format json)")
        }
        guard document.converged == true else { throw fail("covariance.from: the pilot fit in \(path) did not converge; its covariance is no estimate") }
        guard let covariance = document.covariance, let rows = covariance.matrix else {
            throw fail("covariance.from: \(path) has no covariance matrix (fit an MMRM: a covariance term such as us(visit | subject))")
        }
        if let groups = covariance.groups, !groups.isEmpty {
            throw fail("covariance.from: \(path) has a covariance per group; the design has one for both arms")
        }
        let pilotVisits = covariance.visits ?? []
        guard pilotVisits == visits else {
            throw fail("covariance.from: the pilot's visits (\(pilotVisits.joined(separator: ", "))) are not the design's (\(visits.joined(separator: ", ")))")
        }
        return rows
    }

    static func check(_ map: [String: Any], allowed: [String], at path: String, _ fail: (String) -> ReadError) throws(ReadError) {
        for key in map.keys.sorted() where !allowed.contains(key) {
            throw fail("\(path)\(key): not a design key; expected one of " + allowed.joined(separator: ", "))
        }
    }

    static func number(_ value: Any, _ path: String, _ fail: (String) -> ReadError) throws(ReadError) -> Double {
        if let double = value as? Double, double.isFinite { return double }
        if let int = value as? Int { return Double(int) }
        throw fail("\(path): \(value) is not a number")
    }

    static func whole(_ value: Any, _ path: String, _ fail: (String) -> ReadError) throws(ReadError) -> Int {
        if let int = value as? Int { return int }
        throw fail("\(path): \(value) is not a whole number")
    }

    static func numbers(_ value: Any?, _ path: String, _ fail: (String) -> ReadError) throws(ReadError) -> [Double] {
        guard let list = value as? [Any] else { throw fail("\(path): expected a list of numbers, one per visit") }
        var result: [Double] = []
        for (index, item) in list.enumerated() { result.append(try number(item, "\(path)[\(index + 1)]", fail)) }
        return result
    }

    static func strings(_ value: Any?, _ path: String, _ fail: (String) -> ReadError) throws(ReadError) -> [String] {
        guard let list = value as? [Any], !list.isEmpty else { throw fail("\(path): expected a list of visit labels") }
        return list.map { "\($0)" }
    }

    static func rows(_ value: Any, _ path: String, _ fail: (String) -> ReadError) throws(ReadError) -> [[Double]] {
        guard let list = value as? [Any] else { throw fail("\(path): expected a list of rows") }
        var result: [[Double]] = []
        for (index, row) in list.enumerated() { result.append(try numbers(row, "\(path)[\(index + 1)]", fail)) }
        return result
    }
}
