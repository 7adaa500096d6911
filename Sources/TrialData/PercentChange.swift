/// 100 · (value − baseline) / |baseline|, or / baseline when `signed` (the sign of a change
/// relative to a negative baseline follows it); NaN where the baseline is 0 or either value is
/// missing. Values near the largest double are divided before they are subtracted, so that a
/// change that exists is never ±∞ because the difference overflowed.
public func percentChange(from baseline: Double, to value: Double, relativeToMagnitude: Bool = false) -> Double {
    guard baseline != 0, !baseline.isNaN, !value.isNaN else { return .nan }
    let divisor = relativeToMagnitude ? abs(baseline) : baseline
    let difference = value - baseline
    if difference.isFinite, (100 * difference).isFinite { return 100 * difference / divisor }
    return 100 * (value / divisor - baseline / divisor)
}
