/// The checks every summary row passes on reading: numbers that parse, and values that can be
/// (an SD ≥ 0, n ≥ 2 for an arm with a spread, a CI whose lower limit is not above its upper, a
/// median inside its quartiles and range, a correlation in [−1, 1], events within n). Counts are
/// at most a billion and `items` at most 1000, so that they convert to Int and multiply safely.
enum SummaryValidation {
    static let largestCount = 1_000_000_000.0
    static let largestItems = 1000.0

    static func check(_ row: SummaryRow, file: String) throws(MetaAnalysisError) {
        func fail(_ column: String, _ expected: String) -> MetaAnalysisError {
            .invalidValue(file: file, line: row.line, column: column, value: row.text(column) ?? "", expected: expected)
        }
        for column in SummaryColumns.numeric.sorted() where column != "p" {
            if let text = row.text(column), Double(text) == nil || !(Double(text)!.isFinite) {
                throw fail(column, "a number (with . as the decimal point), or an empty cell for a value not reported")
            }
        }
        if let text = row.text("p"), PublishedPValue(text) == nil {
            throw fail("p", "a p-value between 0 and 1, optionally with < or > (e.g. 0.217, <0.001), or NS")
        }
        let hasSpread = ["sd", "se", "ci_lower", "q1", "min"].contains { row.text($0) != nil }
        if let n = row.number("n") {
            let minimum = row.kind == .arm && hasSpread ? 2.0 : 1.0
            guard n >= minimum, n == n.rounded() else {
                throw fail("n", minimum == 2 ? "a whole number ≥ 2 (an SD needs at least two values)" : "a whole number ≥ 1")
            }
            guard n <= largestCount else { throw fail("n", "a whole number ≤ 1000000000 (a count of people)") }
        }
        if let items = row.number("items"), !(items >= 1 && items <= largestItems && items == items.rounded()) {
            throw fail("items", "a whole number from 1 to 1000 (the number of whole-number items summed into the score)")
        }
        for column in ["sd", "se", "sd_pre", "sd_post", "sd1i", "sd2i"] {
            if let value = row.number(column), value < 0 { throw fail(column, "a number ≥ 0 (a standard deviation or error cannot be negative)") }
        }
        for column in ["n1i", "n2i", "n_total"] {
            if let value = row.number(column), !(value >= 1 && value == value.rounded()) { throw fail(column, "a whole number ≥ 1") }
            if let value = row.number(column), value > largestCount { throw fail(column, "a whole number ≤ 1000000000 (a count of people)") }
        }
        for column in ["events", "ai", "bi", "ci", "di"] {
            if let value = row.number(column), !(value >= 0 && value == value.rounded()) { throw fail(column, "a whole number ≥ 0") }
            if let value = row.number(column), value > largestCount { throw fail(column, "a whole number ≤ 1000000000 (a count of people)") }
        }
        if let events = row.number("events"), let n = row.number("n"), events > n {
            throw fail("events", "at most n = \(row.text("n")!)")
        }
        if let r = row.number("r"), !(r >= -1 && r <= 1) { throw fail("r", "a correlation between −1 and 1") }
        if let vi = row.number("vi"), !(vi > 0) { throw fail("vi", "a sampling variance > 0") }
        if let level = row.number("ci_level"), !(level > 0 && level < 100) { throw fail("ci_level", "a level in percent, e.g. 95") }
        if let lower = row.number("ci_lower"), let upper = row.number("ci_upper"), lower > upper {
            throw fail("ci_lower", "a lower limit ≤ the upper limit ci_upper = \(row.text("ci_upper")!)")
        }
        if let q1 = row.number("q1"), let q3 = row.number("q3"), q1 > q3 {
            throw fail("q1", "a first quartile ≤ the third quartile q3 = \(row.text("q3")!)")
        }
        if let low = row.number("min"), let high = row.number("max"), low > high {
            throw fail("min", "a minimum ≤ the maximum max = \(row.text("max")!)")
        }
        if let median = row.number("median") {
            if let q1 = row.number("q1"), let q3 = row.number("q3"), !(median >= q1 && median <= q3) {
                throw fail("median", "a median inside its interquartile range \(row.text("q1")!) to \(row.text("q3")!)")
            }
            if let low = row.number("min"), let high = row.number("max"), !(median >= low && median <= high) {
                throw fail("median", "a median inside its range \(row.text("min")!) to \(row.text("max")!)")
            }
        }
        if let low = row.number("min"), let q1 = row.number("q1"), low > q1 { throw fail("min", "a minimum ≤ the first quartile q1 = \(row.text("q1")!)") }
        if let high = row.number("max"), let q3 = row.number("q3"), high < q3 { throw fail("max", "a maximum ≥ the third quartile q3 = \(row.text("q3")!)") }
        if let low = row.number("scale_min"), let high = row.number("scale_max"), low >= high {
            throw fail("scale_min", "the scale's lowest score, below scale_max = \(row.text("scale_max")!)")
        }
    }
}
