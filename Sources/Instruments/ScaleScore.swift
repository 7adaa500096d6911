/// One scale's score for one respondent, or why there is none.
public struct ScaleScore: Sendable, Equatable {
    /// Nil when the scale could not be scored.
    public var value: Double?
    public var answered: Int
    public var itemCount: Int
    /// Why `value` is nil, in words: "only 26 of 30 items answered; at most 3 may be missing".
    public var notScoredReason: String?
}

extension Instrument {
    /// Scores one respondent. `items` holds one value per item in form order, NaN where an
    /// item is missing; invalid codes must already be NaN (see `isValid`), never clamped.
    public func score(_ items: [Double]) -> [ScaleScore] {
        precondition(items.count == itemCount, "score(_:) needs one value per item")
        var results: [String: ScaleScore] = [:]
        var ordered: [ScaleScore] = []
        for scale in scales {
            let result: ScaleScore
            if case let .sumOfScales(parts) = scale.method {
                let components = parts.compactMap { results[$0] }
                let values = components.compactMap(\.value)
                let answered = scale.items.filter { !items[$0].isNaN }.count
                result = values.count == parts.count
                    ? ScaleScore(value: values.reduce(0, +), answered: answered, itemCount: scale.items.count, notScoredReason: nil)
                    : ScaleScore(value: nil, answered: answered, itemCount: scale.items.count,
                                 notScoredReason: "not every subscale (\(parts.joined(separator: ", "))) could be scored")
            } else {
                result = Self.score(scale, items: items, itemMaximum: validCodes?.max() ?? itemRange.upperBound)
            }
            results[scale.name] = result
            ordered.append(result)
        }
        return ordered
    }

    static func score(_ scale: Scale, items: [Double], itemMaximum: Double) -> ScaleScore {
        var sum = 0.0, answered = 0
        for index in scale.items where !items[index].isNaN {
            sum += items[index]
            answered += 1
        }
        let count = scale.items.count, missing = count - answered
        guard missing <= scale.missingRule.maximumMissing, answered > 0 else {
            let limit = scale.missingRule.maximumMissing == 0 ? "every item is needed" : "at most \(scale.missingRule.maximumMissing) may be missing"
            return ScaleScore(value: nil, answered: answered, itemCount: count,
                              notScoredReason: answered == 0 ? "no items answered" : "only \(answered) of \(count) items answered; \(limit)")
        }
        let mean = sum / Double(answered)
        let value: Double
        switch scale.method {
        case .dash: value = (mean - 1) * 25
        case .mean: value = mean
        case .proratedSum: value = answered == count ? sum : mean * Double(count)
        case .proratedPercent: value = mean / itemMaximum * 100
        case .koos: value = 100 - mean * 100 / 4
        case .countOfYes: value = sum
        case let .value(factor, offset): value = items[scale.items[0]] * factor + offset
        case .sumOfScales: value = .nan  // handled by the caller
        }
        return ScaleScore(value: value, answered: answered, itemCount: count, notScoredReason: nil)
    }
}
