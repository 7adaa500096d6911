import Foundation
import Testing
import Analyses
import TrialData
import StatsCore

struct BaselineCharacteristicsTests {
    static func dataset(covariates: [String]) throws -> TrialDataset {
        let table = try CSVReader.read(path: ArmComparisonTests.root.appendingPathComponent("Datasets/demo-trial/demo-trial-long.csv").path)
        return try TrialDatasetLoader.load(table, roles: ColumnRoles(subject: "subject", arm: "arm", visit: "visit", outcomes: ["vas"],
                                                                     covariates: covariates))
    }

    static func close(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= 1e-12 * abs(expected)
    }

    // Source: R 4.2.2 on Datasets/demo-trial/demo-trial-long.csv at visit 0 (b <- d[d$visit == 0, ]):
    // age by arm: length, mean, sd, quantile(x, c(.25, .5, .75)) —
    //   dextrose 20 58.950000000000003 10.718773496214849 53.75 62 66
    //   saline 20 52.049999999999997 10.913415211515934 44.5 53 59.75
    //   triamcinolone 20 47.899999999999999 9.8349537766821093 41.5 47.5 55
    // vas overall: 60, mean 7.0999999999999996, sd 1.2064796808645322, quartiles 6.3500000000000005 6.9500000000000002 7.9250000000000007
    @Test func everySummaryIsANumberAndAgreesWithR() throws {
        let result = BaselineCharacteristics().run(on: try Self.dataset(covariates: ["age"]))
        #expect(result.groups == ["dextrose", "saline", "triamcinolone", "overall"] && result.subjects == [20, 20, 20, 60])
        #expect(result.continuous.map(\.variable) == ["vas", "age"])
        let age = result.continuous[1].groups
        let expected: [(Double, Double, Double, Double, Double)] = [
            (58.950000000000003, 10.718773496214849, 53.75, 62, 66), (52.049999999999997, 10.913415211515934, 44.5, 53, 59.75),
            (47.899999999999999, 9.8349537766821093, 41.5, 47.5, 55),
        ]
        for (summary, reference) in zip(age, expected) {
            #expect(summary.n == 20 && summary.missing == 0)
            #expect(Self.close(summary.mean, reference.0) && Self.close(summary.sd, reference.1), "\(summary.group)")
            #expect(Self.close(summary.q1, reference.2) && Self.close(summary.median, reference.3) && Self.close(summary.q3, reference.4), "\(summary.group)")
        }
        let vas = try #require(result.continuous[0].groups.last)
        #expect(vas.group == "overall" && vas.n == 60)
        #expect(Self.close(vas.mean, 7.0999999999999996) && Self.close(vas.sd, 1.2064796808645322))
        #expect(Self.close(vas.q1, 6.3500000000000005) && Self.close(vas.median, 6.9500000000000002) && Self.close(vas.q3, 7.9250000000000007))
        // The JSON holds these as numbers: no "52.0 (10.9)".
        let json = try JSONText.encode(result)
        #expect(json.contains("\"schema\" : \"trialstats/table1/1\"") && !json.contains("(10.9)"))
    }

    /// The display follows the order the covariates were named in, categorical or not.
    @Test func theTableKeepsTheOrderTheVariablesWereNamedIn() throws {
        let table = try CSVReader.read(path: ArmComparisonTests.root.appendingPathComponent("Datasets/pit-3arm/pit-3arm.csv").path)
        let dataset = try TrialDatasetLoader.load(table, roles: ColumnRoles(subject: "subject", arm: "arm", visit: "week", outcomes: ["vas"],
                                                                           covariates: ["sex", "age"]))
        let result = BaselineCharacteristics().run(on: dataset)
        #expect(result.variables == ["vas", "sex", "age"])
        let names = result.table().rows.compactMap { row -> String? in
            guard case let .text(name) = row[0], !name.isEmpty else { return nil }
            return name
        }
        #expect(names == ["subjects", "vas", "sex", "age"], "\(names)")
    }
}
