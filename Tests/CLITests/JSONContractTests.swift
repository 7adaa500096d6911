import Foundation
import Testing

/// What every command's JSON promises: it parses, and a number that does not exist is null, never
/// the string "NA", "NaN" or "Inf".
struct JSONContractTests {
    static let demo = DataCommandTests.demo("long")

    /// Strings that spell a non-number, anywhere in a JSON value.
    static func nonNumbers(in json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        var found: [String] = []
        func walk(_ value: Any) {
            if let dictionary = value as? [String: Any] { dictionary.values.forEach(walk) }
            else if let array = value as? [Any] { array.forEach(walk) }
            else if let text = value as? String, ["NA", "NaN", "Inf", "-Inf", "Infinity", "-Infinity"].contains(text) { found.append(text) }
        }
        walk(object)
        return found
    }

    @Test func aSingleValueHasNoSDAndItsJSONSaysNull() throws {
        // Arm B has one subject: its SD and the interval of its mean do not exist.
        let file = try DataCommandTests.temporaryFile("subject,arm,visit,vas\n1,A,0,5\n1,A,1,4\n2,A,0,6\n2,A,1,3\n3,B,0,7\n3,B,1,6\n")
        let outcome = try CommandRunner.run(["descriptives", file, "--outcome", "vas", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(try Self.nonNumbers(in: outcome.standardOutput).isEmpty, "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("null"))
    }

    @Test(arguments: [
        ["describe", demo], ["validate", demo], ["table1", demo], ["descriptives", demo, "--outcome", "vas", "--change"],
        ["compare", demo, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"],
        ["responders", demo, "--outcome", "vas", "--at", "visit=12", "--percent", "50", "--treatment", "dextrose", "--control", "saline"],
        ["lm", demo, "--formula", "vas ~ arm"], ["fit", demo, "--formula", "vas ~ arm + (1 | subject)"],
        ["fit", demo, "--formula", "vas ~ arm * factor(visit) + us(visit | subject)", "--emmeans", "arm | factor(visit)"],
        ["plot", demo, "--outcome", "vas", "--kind", "waterfall", "--at", "visit=12"],
        ["summary", "Datasets/published/maniquis-smigel-2017.csv"], ["reproduce", "Datasets/published/maniquis-smigel-2017.csv"],
        ["meta", "Datasets/meta-examples/bcg.csv", "--measure", "RR", "--method", "REML"],
        ["check", "Datasets/published/hydrodissection-orthosis-jbmr.csv"], ["doctor"],
    ])
    func everyCommandsJSONParsesAndHoldsNoNonNumberStrings(arguments: [String]) throws {
        let resolved = arguments.map { $0.hasPrefix("Datasets/") ? DataCommandTests.root.appendingPathComponent($0).path : $0 }
        let outcome = try CommandRunner.run(resolved + ["--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == 0, "\(arguments[0]): \(outcome.standardError)")
        #expect(try Self.nonNumbers(in: outcome.standardOutput).isEmpty, "\(arguments[0])")
    }
}
