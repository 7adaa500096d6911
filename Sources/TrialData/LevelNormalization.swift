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
        var levels: [String] = [], position: [String: Int32] = [:]
        for label in target where position[label] == nil {
            position[label] = Int32(levels.count)
            levels.append(label)
        }
        let codes = factor.codes.map { $0 < 0 ? $0 : position[target[Int($0)]]! }
        var notes: [LevelNormalization] = []
        for index in factor.levels.indices where target[index] != factor.levels[index] {
            let lines = factor.codes.indices.filter { factor.codes[$0] == Int32(index) }.map { Int(lineNumbers[$0]) }
            if !lines.isEmpty { notes.append(LevelNormalization(column: column, from: factor.levels[index], to: target[index], lines: lines)) }
        }
        let sortedLevels = levels.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let merged = Factor(levels: levels, codes: codes)
        guard case let .success(ordered) = merged.reordered(sortedLevels) else { return (merged, notes) }
        return (ordered, notes.sorted { ($0.lines.first ?? 0) < ($1.lines.first ?? 0) })
    }
}
