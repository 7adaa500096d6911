import Testing
@testable import Descriptives

/// Quantiles by selection are the very numbers the sorted values give, whatever the order.
struct QuantileSelectionTests {
    static let probabilities = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]

    func expectSameAsSorted(_ values: [Double], _ label: String) {
        let sorted = values.sorted()
        let expected = Self.probabilities.map { Description.quantile(sorted, $0) }
        let selected = Description.quantiles(values, Self.probabilities)
        #expect(selected.map(\.bitPattern) == expected.map(\.bitPattern), "\(label): \(selected) vs \(expected)")
    }

    @Test func agreesWithSortingOnEveryShape() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<10_001).map { _ in Double.random(in: -3...3, using: &generator) }
        expectSameAsSorted(random, "random")
        expectSameAsSorted(random.sorted(), "ascending")
        expectSameAsSorted(random.sorted(by: >), "descending")
        expectSameAsSorted((0..<5_000).map { Double($0 % 7) }, "few distinct values")
        expectSameAsSorted([Double](repeating: 2.5, count: 1_000), "all equal")
        expectSameAsSorted((0..<2_000).map { $0 % 2 == 0 ? Double($0) : -Double($0) }, "organ pipe")
        expectSameAsSorted([4], "one value")
        expectSameAsSorted([4, -1], "two values")
        expectSameAsSorted([1, .infinity, -.infinity, 0], "infinities")
    }

    @Test func emptyAndNaNInputs() {
        let empty = Description.quantiles([], [0.5])
        #expect(empty.count == 1 && empty[0].isNaN)
        let withNaN = [3, .nan, 1, 2]
        let sorted = withNaN.sorted()
        #expect(Description.quantiles(withNaN, [0.5]).map(\.bitPattern) == [Description.quantile(sorted, 0.5).bitPattern])
    }
}
