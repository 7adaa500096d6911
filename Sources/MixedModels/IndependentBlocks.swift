/// The rows of a mixed model grouped so that observations in different groups are independent:
/// V = Var(y) is block diagonal over these groups. Two rows share a group when they share a
/// level of any random-effects term (connected components of rows and levels), so a single
/// subject term gives a group per subject, a nested design a group per outermost level, and a
/// fully crossed design one group.
package struct IndependentBlocks: Sendable {
    /// Rows of each group, ascending; groups in order of their first row.
    package let rows: [[Int]]

    package var largestBlock: Int { rows.map(\.count).max() ?? 0 }

    package init(terms: [RandomEffectsTerm], observationCount: Int) {
        // Union-find over all terms' levels.
        var offsets: [Int] = []
        var total = 0
        for term in terms {
            offsets.append(total)
            total += term.levelCount
        }
        var parent = Array(0..<total)
        func find(_ node: Int) -> Int {
            var root = node
            while parent[root] != root { root = parent[root] }
            var current = node
            while parent[current] != root {
                let next = parent[current]
                parent[current] = root
                current = next
            }
            return root
        }
        for row in 0..<observationCount {
            let first = find(offsets[0] + Int(terms[0].levelIndices[row]))
            for (index, term) in terms.enumerated().dropFirst() {
                let other = find(offsets[index] + Int(term.levelIndices[row]))
                if other != first { parent[other] = first }
            }
        }
        var groupOfRoot: [Int: Int] = [:]
        var groups: [[Int]] = []
        for row in 0..<observationCount {
            let root = find(offsets[0] + Int(terms[0].levelIndices[row]))
            if let group = groupOfRoot[root] {
                groups[group].append(row)
            } else {
                groupOfRoot[root] = groups.count
                groups.append([row])
            }
        }
        rows = groups
    }
}
