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
        ["plot", demo, "--outcome", "vas", "--kind", "waterfall", "--at", "visit=12", "--figure",
         FileManager.default.temporaryDirectory.appendingPathComponent("waterfall-\(UUID().uuidString).svg").path],
        ["summary", "Datasets/published/maniquis-smigel-2017.csv"], ["reproduce", "Datasets/published/maniquis-smigel-2017.csv"],
        ["meta", "Datasets/meta-examples/bcg.csv", "--measure", "RR", "--method", "REML"],
        ["check", "Datasets/published/hydrodissection-orthosis-jbmr.csv"], ["doctor"], ["example"],
        ["score", "Datasets/pit-3arm/pit-3arm.csv", "--instrument", "bctq", "--items", "sss_{1..11},fss_{1..8}"],
    ])
    func everyCommandsJSONParsesAndHoldsNoNonNumberStrings(arguments: [String]) throws {
        let resolved = arguments.map { $0.hasPrefix("Datasets/") ? DataCommandTests.root.appendingPathComponent($0).path : $0 }
        let outcome = try CommandRunner.run(resolved + ["--format", "json"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(outcome.status == 0, "\(arguments[0]): \(outcome.standardError)")
        #expect(try Self.nonNumbers(in: outcome.standardOutput).isEmpty, "\(arguments[0])")
        // Every command's JSON names its schema, which docs/json publishes, and follows it.
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        let name = try #require(((document as? [String: Any])?["schema"] as? String)?.split(separator: "/").dropFirst().first.map(String.init))
        #expect(name == arguments[0])
        #expect(try JSONSchemaTests.schema(name).problems(document) == [], "\(name)")
    }
}

/// Every command that writes JSON is in the list above, and every published schema belongs to one.
struct JSONCoverageTests {
    @Test func everyCommandWithJSONOutputIsHeldToASchema() throws {
        let help = try CommandRunner.run(["--help"]).standardOutput
        let commands = help.components(separatedBy: "SUBCOMMANDS:").last?.split(separator: "\n")
            .compactMap { line -> String? in
                let words = line.split(separator: " ")
                return line.hasPrefix("  ") && !line.hasPrefix("   ") ? words.first.map(String.init) : nil
            } ?? []
        #expect(commands.count > 15, "\(help)")
        let writesJSON = try commands.filter { try CommandRunner.run([$0, "--help"]).standardOutput.contains("json") }
        let schemas = try FileManager.default.contentsOfDirectory(atPath: DataCommandTests.root.appendingPathComponent("docs/json").path)
            .filter { $0.hasSuffix(".schema.json") }.map { $0.replacingOccurrences(of: ".schema.json", with: "") }
        #expect(Set(writesJSON) == Set(schemas), "commands with JSON: \(writesJSON.sorted()); schemas: \(schemas.sorted())")
    }
}

/// A typed result names its document and version, so that a reader knows what it holds.
struct JSONSchemaKeyTests {
    @Test(arguments: [
        ("describe", ["describe", JSONContractTests.demo]), ("validate", ["validate", JSONContractTests.demo]),
        ("doctor", ["doctor"]), ("table1", ["table1", JSONContractTests.demo]), ("descriptives", ["descriptives", JSONContractTests.demo, "--outcome", "vas"]),
        ("compare", ["compare", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline"]),
        ("responders", ["responders", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--percent", "30"]),
        ("lm", ["lm", JSONContractTests.demo, "--formula", "vas ~ arm"]),
        ("fit", ["fit", JSONContractTests.demo, "--formula", "vas ~ arm + (1 | subject)"]),
        ("fit", ["fit", JSONContractTests.demo, "--formula", "vas ~ arm * factor(visit) + us(visit | subject)"]),
        ("meta", ["meta", JSONSchemaTests.dataset("meta-examples/bcg.csv"), "--measure", "RR"]),
        ("summary", ["summary", JSONSchemaTests.dataset("published/maniquis-smigel-2017.csv")]),
        ("reproduce", ["reproduce", JSONSchemaTests.dataset("published/maniquis-smigel-2017.csv")]),
        ("check", ["check", JSONSchemaTests.dataset("published/hydrodissection-orthosis-jbmr.csv")]),
    ])
    func typedResultsNameTheirSchema(name: String, arguments: [String]) throws {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let schema = try JSONSchemaTests.schema(name).root["$id"] as? String
        #expect(schema?.hasPrefix("trialstats/\(name)/") == true && document?["schema"] as? String == schema, "\(outcome.standardOutput.prefix(200))")
    }
}

/// Each command with a published schema (`docs/json/`) writes JSON that the schema accepts, and a
/// document that breaks the schema is caught.
struct JSONSchemaTests {
    static func dataset(_ path: String) -> String { DataCommandTests.root.appendingPathComponent("Datasets/" + path).path }

    static func schema(_ name: String) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(path: DataCommandTests.root.appendingPathComponent("docs/json/\(name).schema.json").path)
    }

    @Test(arguments: [
        ("compare", ["compare", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline",
                     "--covariate", "age", "--bootstrap", "200"]),
        ("compare", ["compare", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose", "--control", "saline",
                     "--change"]),
        ("descriptives", ["descriptives", JSONContractTests.demo, "--outcome", "vas", "--outcome", "bctq_sss"]),
        ("descriptives", ["descriptives", JSONContractTests.demo, "--outcome", "vas", "--change"]),
        ("table1", ["table1", JSONContractTests.demo, "--covariate", "age"]),
        ("table1", ["table1", DataCommandTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path, "--visit", "week",
                    "--outcome", "vas", "--covariate", "age", "--covariate", "sex"]),
        ("responders", ["responders", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--percent", "50",
                        "--treatment", "dextrose", "--control", "saline"]),
        ("responders", ["responders", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--points", "2"]),
        ("lm", ["lm", JSONContractTests.demo, "--formula", "vas ~ arm * factor(visit) + age", "--reference", "arm=saline"]),
        // x3 = x1 + x2: an aliased coefficient with null numbers.
        ("lm", ["lm", DataCommandTests.root.appendingPathComponent("Tests/LinearModelsTests/Fixtures/small_trial.csv").path,
                "--formula", "vas_w12 ~ x1 + x2 + x3"]),
        // Everything a linear mixed model can add: a singular fit, a likelihood-ratio test, a
        // bootstrap, conditional modes, fitted values, marginal means with contrasts.
        ("fit", ["fit", JSONContractTests.demo, "--formula", "vas ~ arm * visit + (1 + visit | subject)", "--reduced",
                 "vas ~ arm + visit + (1 + visit | subject)", "--bootstrap", "10", "--conditional-modes", "--emmeans", "arm",
                 "--contrasts", "pairwise", "--adjust", "holm", "--fitted",
                 FileManager.default.temporaryDirectory.appendingPathComponent("fitted-\(UUID().uuidString).csv").path]),
        ("fit", ["fit", JSONContractTests.demo, "--formula", "vas ~ arm * factor(visit) + us(visit | subject)", "--df", "kenward-roger",
                 "--emmeans", "arm | factor(visit)", "--contrasts", "control=saline"]),
        // A covariance per arm, an empirical covariance for the tests, a fallback chain.
        ("fit", ["fit", JSONContractTests.demo, "--formula", "vas ~ arm * factor(visit) + cs(visit | arm / subject)", "--df", "residual",
                 "--vcov", "cr2", "--fallback", "ar1"]),
        ("meta", ["meta", dataset("meta-examples/bcg.csv"), "--measure", "RR", "--knha", "--subgroup", "allocation", "--leave-one-out"]),
        ("meta", ["meta", dataset("meta-examples/bcg.csv"), "--measure", "OR", "--method", "MH"]),
        ("meta", ["meta", dataset("meta-examples/bcg.csv"), "--measure", "OR", "--method", "PETO"]),
        ("meta", ["meta", dataset("published/mansiz-kaplan-2022.csv"), "--measure", "SMD", "--method", "FE"]),
        ("summary", ["summary", dataset("published/maniquis-smigel-2017.csv")]),
        ("summary", ["summary", dataset("published/wu-2017.csv")]),
        ("reproduce", ["reproduce", dataset("published/maniquis-smigel-2017.csv")]),
        ("reproduce", ["reproduce", dataset("published/yelland-2011.csv")]),
        ("check", ["check", dataset("published/hydrodissection-orthosis-jbmr.csv")]),
        ("check", ["check", dataset("published/neurol-res-2023.csv")]),
        ("score", ["score", dataset("pit-3arm/pit-3arm.csv"), "--instrument", "bctq", "--items", "sss_{1..11},fss_{1..8}",
                   "--improvement", "--mcid", "bctq_sss=1.14", "--percent", "30"]),
        ("score", ["score", dataset("clinic-series/clinic-series.csv"), "--instrument", "vas", "--items", "vas", "--unit", "cm",
                   "--scores-only"]),
        ("plot", ["plot", dataset("pit-3arm/pit-3arm.csv"), "--visit", "week", "--outcome", "vas", "--kind", "waterfall", "--at", "week=12",
                  "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("waterfall-\(UUID().uuidString).svg").path]),
        ("plot", ["plot", dataset("pit-3arm/pit-3arm.csv"), "--visit", "week", "--outcome", "vas", "--kind", "ecdf", "--at", "week=12",
                  "--mark", "-2", "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("ecdf-\(UUID().uuidString).svg").path]),
        ("plot", ["plot", dataset("pit-3arm/pit-3arm.csv"), "--visit", "week", "--outcome", "vas", "--kind", "missingness",
                  "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).svg").path]),
        ("plot", ["plot", dataset("simulated-mmrm/mmrm-trial.csv"), "--outcome", "vas", "--kind", "spaghetti",
                  "--figure", FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).svg").path]),
    ])
    func theCommandsJSONFollowsItsSchema(name: String, arguments: [String]) throws {
        let outcome = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let document = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        #expect(try Self.schema(name).problems(document) == [], "\(name)")
    }

    @Test func aDocumentThatBreaksTheSchemaIsCaught() throws {
        let outcome = try CommandRunner.run(["compare", JSONContractTests.demo, "--outcome", "vas", "--at", "visit=12", "--treatment", "dextrose",
                                             "--control", "saline", "--format", "json"])
        var document = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        var estimates = try #require(document["estimates"] as? [[String: Any]])
        estimates[0]["p"] = "0.001"
        estimates[1].removeValue(forKey: "df")
        document["estimates"] = estimates
        document["extra"] = 1
        let problems = try Self.schema("compare").problems(document)
        #expect(problems.contains("$.estimates[0].p: string where number or null is expected"), "\(problems)")
        #expect(problems.contains("$.estimates[1]: df is missing") && problems.contains("$: extra is not in the schema"), "\(problems)")
    }
}

/// An infinite estimate is not a missing one: JSON writes it as null and names it in `infinite`,
/// and the table shows it, with the finite end of its interval.
struct InfiniteEstimateTests {
    @Test func anOddsRatioWithAnEmptyCellIsInfiniteNotMissing() throws {
        // Five of five dextrose subjects halve their pain at visit 1, none of five saline subjects does.
        var lines = ["subject,arm,visit,vas"]
        for subject in 1...10 {
            let arm = subject <= 5 ? "dextrose" : "saline"
            lines.append("\(subject),\(arm),0,8")
            lines.append("\(subject),\(arm),1,\(arm == "dextrose" ? 2 : 7)")
        }
        let file = try DataCommandTests.temporaryFile(lines.joined(separator: "\n") + "\n")
        let arguments = ["responders", file, "--outcome", "vas", "--at", "visit=1", "--percent", "50", "--treatment", "dextrose", "--control", "saline"]
        let json = try CommandRunner.run(arguments + ["--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let estimates = try #require(((document["thresholds"] as? [[String: Any]])?.first)?["estimates"] as? [[String: Any]])
        let fisher = try #require(estimates.first { ($0["method"] as? String ?? "").contains("Fisher") })
        #expect(fisher["estimate"] is NSNull && fisher["upper"] is NSNull && fisher["lower"] is Double, "\(fisher)")
        #expect(fisher["infinite"] as? [String] == ["estimate", "upper"], "\(fisher)")
        let text = try CommandRunner.run(arguments)
        #expect(text.standardOutput.contains("| odds ratio | Inf | ") && text.standardOutput.contains(" to Inf |"), "\(text.standardOutput)")
        #expect(try JSONSchemaTests.schema("responders").problems(document) == [])
    }
}
