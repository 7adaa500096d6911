import Foundation
import Testing

/// Paths of the CSV fixtures written by Fixtures/make_fixtures.py.
enum FixtureFiles {
    static func path(_ folder: String, _ name: String) throws -> String {
        let base = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
        return base.appendingPathComponent(folder).appendingPathComponent(name).path
    }

    /// A fresh temporary file with these bytes.
    static func temporary(_ bytes: [UInt8], name: String = "table.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trialdata-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
