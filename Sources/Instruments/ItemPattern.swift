/// Item column lists as users write them: `dash_{1..30}`, `koos_{01..42}`, or names separated by
/// commas, in any mix.
public enum ItemPattern {
    public static func expand(_ pattern: String) throws(InstrumentError) -> [String] {
        var names: [String] = []
        for part in pattern.split(separator: ",") {
            let text = String(part).trimmingCharacters()
            guard let open = text.firstIndex(of: "{"), let close = text.firstIndex(of: "}"), open < close else {
                if !text.isEmpty { names.append(text) }
                continue
            }
            let inner = text[text.index(after: open)..<close]
            let bounds = inner.split(separator: ".", omittingEmptySubsequences: true)
            guard inner.contains(".."), bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high, high - low < 10_000 else {
                throw .invalidOption(name: "--items", value: text, expected: "a range like dash_{1..30}")
            }
            let width = bounds[0].hasPrefix("0") && bounds[0].count > 1 ? bounds[0].count : 0
            let prefix = text[..<open], suffix = text[text.index(after: close)...]
            for number in low...high {
                var digits = String(number)
                if digits.count < width { digits = String(repeating: "0", count: width - digits.count) + digits }
                names.append(prefix + digits + suffix)
            }
        }
        return names
    }
}

extension String {
    func trimmingCharacters() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
