/// Item column lists as users write them: `dash_{1..30}`, `koos_{01..42}`, or names separated by
/// commas, in any mix.
public enum ItemPattern {
    /// More item columns than any instrument has, by far; it bounds the work by the pattern's
    /// length rather than by the numbers written in it (`x{1..9999},y{1..9999},…`).
    public static let maximumNames = 10_000

    public static func expand(_ pattern: String) throws(InstrumentError) -> [String] {
        var names: [String] = []
        func tooMany() -> InstrumentError {
            .invalidOption(name: "--items", value: pattern.count > 80 ? String(pattern.prefix(80)) + "…" : pattern,
                           expected: "at most \(maximumNames) item columns in all")
        }
        // Unicode scalars, not characters: a combining or prepended mark beside `,` `{` `}` would
        // otherwise hide it inside one character (found by fuzzing).
        for part in pattern.unicodeScalars.split(separator: ",") {
            let text = String(Substring(part)).trimmingCharacters()
            let scalars = Array(text.unicodeScalars)
            guard let open = scalars.firstIndex(of: "{"), let close = scalars.firstIndex(of: "}"), open < close else {
                if !text.isEmpty {
                    guard names.count < maximumNames else { throw tooMany() }
                    names.append(text)
                }
                continue
            }
            func string(_ range: some RangeExpression<Int>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[range])
                return String(view)
            }
            let inner = string(open + 1..<close)
            let bounds = inner.split(separator: ".", omittingEmptySubsequences: true)
            // The span is computed without overflow: {-9223372036854775808..9223372036854775807} is refused, not a trap.
            guard inner.contains(".."), bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high,
                  case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow, span < maximumNames else {
                throw .invalidOption(name: "--items", value: text, expected: "a range like dash_{1..30}")
            }
            let width = bounds[0].hasPrefix("0") && bounds[0].count > 1 ? bounds[0].count : 0
            let prefix = string(..<open), suffix = string((close + 1)...)
            guard names.count + span + 1 <= maximumNames else { throw tooMany() }
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
