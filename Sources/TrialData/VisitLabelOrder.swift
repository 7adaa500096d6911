import Foundation

/// The order visit labels state themselves, independent of how a file is sorted: screening,
/// then baseline ("Baseline", "BL", "Pre"), then visits by the time their label gives ("Day 3" <
/// "Week 4" < "Week 12" < "Month 6"; numbers compared as numbers), or by their number within one
/// prefix ("S1" < "S2" < "S10", "Visit 2" < "Visit 10"), then follow-up and end ("FU", "End of
/// study"). Nil when the labels do not state an order (a label without a number or a known word,
/// a time beside a bare number, two labels for one time): the data's rows or a declaration must.
public enum VisitLabelOrder {
    public static func natural(_ labels: [String]) -> [String]? {
        let keys = labels.map(key)
        guard keys.allSatisfy({ $0 != nil }) else { return nil }
        let known = keys.map { $0! }
        // Numbered labels are comparable only within one family: all times, or one prefix.
        let families = Set(known.filter { $0.rank == 2 }.map(\.family))
        guard families.count <= 1 else { return nil }
        let ordered = labels.indices.sorted { (known[$0].rank, known[$0].value) < (known[$1].rank, known[$1].value) }
        for (a, b) in zip(ordered, ordered.dropFirst()) where known[a].rank == known[b].rank && known[a].value == known[b].value {
            return nil
        }
        return ordered.map { labels[$0] }
    }

    /// Each label's time in days from baseline, when every label states one ("Baseline" is 0,
    /// "Week 4" 28, "Month 6" 182.6), so that figures can place visits at their times; nil when
    /// any label states no time (screening, follow-up, "Visit 2") or fewer than two times differ.
    public static func times(_ labels: [String]) -> [String: Double]? {
        var times: [String: Double] = [:]
        for label in labels {
            guard let key = key(label), key.rank == 1 || (key.rank == 2 && key.family == "time") else { return nil }
            times[label] = key.value
        }
        return Set(times.values).count >= 2 ? times : nil
    }

    /// (rank, value, family): 0 screening, 1 baseline, 2 numbered, 3 follow-up.
    struct Key { var rank: Int; var value: Double; var family: String }

    static let screening: Set<String> = ["screening", "screen", "scr"]
    static let baseline: Set<String> = ["baseline", "base", "bl", "pre", "pretreatment", "pre treatment", "randomisation", "randomization",
                                        "enrolment", "enrollment", "entry"]
    static let followUp: Set<String> = ["fu", "follow up", "followup", "end", "final", "eot", "eos", "end of treatment", "end of study",
                                        "last", "last visit", "close out", "closeout"]
    /// Days in each unit a label may name.
    static let units: [(names: [String], days: Double)] = [
        (["hours", "hour", "hrs", "hr", "h"], 1.0 / 24), (["days", "day", "d"], 1), (["weeks", "week", "wks", "wk", "w"], 7),
        (["months", "month", "mos", "mo", "m"], 30.4375), (["years", "year", "yrs", "yr", "y"], 365.25),
    ]

    static func key(_ label: String) -> Key? {
        let words = label.lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: { $0 == " " || $0 == "." || $0 == "(" || $0 == ")" }).joined(separator: " ")
        if screening.contains(words) { return Key(rank: 0, value: 0, family: "") }
        if baseline.contains(words) { return Key(rank: 1, value: 0, family: "") }
        if followUp.contains(words) { return Key(rank: 3, value: 0, family: "") }
        // One number in the label; a unit beside it makes it a time, else it counts within its prefix.
        let scalars = Array(words)
        var numbers: [(value: Double, start: Int, end: Int)] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index].isNumber else { index += 1; continue }
            var end = index
            while end < scalars.count, scalars[end].isNumber || (scalars[end] == "," || scalars[end] == "."), end + 1 <= scalars.count { end += 1 }
            let text = String(scalars[index..<end]).replacingOccurrences(of: ",", with: ".")
            guard let value = Double(text) else { return nil }
            numbers.append((value, index, end))
            index = end
        }
        guard numbers.count == 1, let number = numbers.first else { return nil }
        let before = String(scalars[..<number.start]).trimmingCharacters(in: .whitespaces)
        let after = String(scalars[number.end...]).trimmingCharacters(in: .whitespaces)
        for unit in units {
            if unit.names.contains(where: { before == $0 || before.hasSuffix(" " + $0) }) && after.isEmpty {
                return Key(rank: 2, value: number.value * unit.days, family: "time")
            }
            if unit.names.contains(after) && (before.isEmpty || before == "at") {
                return Key(rank: 2, value: number.value * unit.days, family: "time")
            }
        }
        // "V2", "Visit 10", "S3": counted within the prefix, which every numbered label must share.
        guard after.isEmpty, !before.isEmpty || number.start == 0 else { return nil }
        if before.isEmpty { return Key(rank: 2, value: number.value, family: "number") }
        return Key(rank: 2, value: number.value, family: "prefix " + before)
    }
}
