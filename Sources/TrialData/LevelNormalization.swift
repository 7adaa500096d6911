/// A label read as another because they differ only by surrounding spaces or letter case
/// (`"saline "` and `Saline` read as `saline`), with the lines it was read on: said, never silent.
public struct LevelNormalization: Codable, Sendable, Equatable, CustomStringConvertible {
    public var column: String
    public var from: String
    public var to: String
    public var lines: [Int]

    public var description: String {
        let shown = lines.prefix(10).map(String.init).joined(separator: ", ") + (lines.count > 10 ? " … (\(lines.count) lines)" : "")
        return "column \(column): \"\(from)\" read as \"\(to)\" (line\(lines.count == 1 ? "" : "s") \(shown))"
    }

    /// The factor with labels that differ only by surrounding spaces or case merged into one: a
    /// declared level when one matches, else the most frequent spelling (trimmed; ties: one without
    /// surrounding spaces, then lower case, then byte order). Labels that match nothing else are
    /// trimmed only.
    static func normalizing(_ factor: Factor, column: String, declared: [String]?, lineNumbers: [Int32]) -> (Factor, [LevelNormalization]) {
        func key(_ label: String) -> String { label.trimmingSpaces().lowercased() }
        var counts = [Int](repeating: 0, count: factor.levels.count)
        for code in factor.codes where code >= 0 { counts[Int(code)] += 1 }
        var groups: [String: [Int]] = [:]
        for index in factor.levels.indices { groups[key(factor.levels[index]), default: []].append(index) }
        var target = factor.levels
        for (groupKey, members) in groups {
            // Preferred: the most frequent spelling, then one without surrounding spaces, then lower case.
            func preference(_ index: Int) -> (Int, Int, Int) {
                let label = factor.levels[index]
                return (counts[index], label == label.trimmingSpaces() ? 1 : 0, label == label.lowercased() ? 1 : 0)
            }
            let best = members.sorted { a, b in preference(a) != preference(b) ? preference(a) > preference(b)
                : factor.levels[a].utf8.lexicographicallyPrecedes(factor.levels[b].utf8) }[0]
            let canonical = declared?.first { key($0) == groupKey } ?? factor.levels[best].trimmingSpaces()
            for member in members { target[member] = canonical }
        }
        guard target != factor.levels else { return (factor, []) }
        // One pass over the rows for the lines of every relabelled level.
        var lines = [[Int]](repeating: [], count: factor.levels.count)
        for (row, code) in factor.codes.enumerated() where code >= 0 && target[Int(code)] != factor.levels[Int(code)] {
            lines[Int(code)].append(Int(lineNumbers[row]))
        }
        let notes = factor.levels.indices.filter { !lines[$0].isEmpty }
            .map { LevelNormalization(column: column, from: factor.levels[$0], to: target[$0], lines: lines[$0]) }
        let mapping = Dictionary(uniqueKeysWithValues: factor.levels.indices.map { (factor.levels[$0], target[$0]) })
        return (factor.relabeled(mapping), notes.sorted { ($0.lines.first ?? 0) < ($1.lines.first ?? 0) })
    }
}
