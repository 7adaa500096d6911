import Instruments

/// Item-column patterns: `dash_{1..30}`, `koos_{01..42}`, names separated by commas.
///
/// Invariants: the expansion has one name per listed name and per number of each range, within
/// the documented limit on names; no name is empty or carries a comma or surrounding spaces.
struct ItemPatternTarget: FuzzTarget {
    func run(_ bytes: [UInt8]) {
        let pattern = text(bytes)
        let names: [String]
        do throws(InstrumentError) {
            names = try ItemPattern.expand(pattern)
        } catch {
            require(String(describing: error).contains("--items"), "an item-pattern error that does not name --items: \(error)")
            return
        }
        require(names.count <= ItemPattern.maximumNames, "\(names.count) names, over the limit of \(ItemPattern.maximumNames)")
        for name in names {
            require(!name.isEmpty && !name.contains(",") && name.first != " " && name.last != " ", "the name \"\(name)\" from \"\(pattern)\"")
        }
        // The expected count, from the pattern's Unicode scalars (as the parser reads them).
        var expected = 0
        for part in pattern.unicodeScalars.split(separator: ",") {
            var piece = Array(part)
            while piece.first == " " { piece.removeFirst() }
            while piece.last == " " { piece.removeLast() }
            if let open = piece.firstIndex(of: "{"), let close = piece.firstIndex(of: "}"), open < close {
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: piece[(open + 1)..<close])
                let bounds = String(inner).split(separator: ".")
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]) else {
                    violated("\"\(String(inner))\" was accepted as a range")
                }
                expected += high - low + 1
            } else if !piece.isEmpty {
                expected += 1
            }
        }
        require(names.count == expected, "\"\(pattern)\" expanded to \(names.count) names, expected \(expected)")
    }
}
