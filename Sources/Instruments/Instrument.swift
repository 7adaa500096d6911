/// How a scale turns its items into a score.
public enum ScoringMethod: Codable, Sendable, Equatable {
    /// DASH and QuickDASH: ((mean of answered items) − 1) × 25, 0-100.
    case dash
    /// Mean of answered items (BCTQ scales, 1-5).
    case mean
    /// Mean of answered items × the scale's item count: a total prorated over missing items
    /// (NDI raw 0-50; WOMAC subscales, where mean substitution gives the same number; HIT-6).
    case proratedSum
    /// Mean of answered items as a percentage of the item maximum (ODI %: total / (5 × answered) × 100; NDI %).
    case proratedPercent
    /// KOOS: 100 − mean × 100 / 4, so that 100 means no problems.
    case koos
    /// Number of items equal to 1, missing items counted as 0 (RMDQ).
    case countOfYes
    /// A single item's value × `factor` + `offset` (a VAS unit conversion; PGIC coded the
    /// other way round, 8 − x).
    case value(factor: Double, offset: Double)
    /// The sum of other scales' scores, valid only when each of them is (WOMAC total).
    case sumOfScales([String])
}

/// One score an instrument yields from some of its items.
public struct Scale: Codable, Sendable, Equatable {
    /// Appended to the instrument's name for the column: `bctq_sss`, `koos_pain`. Empty for
    /// single-score instruments.
    public var name: String
    /// Zero-based positions in the instrument's item list, in form order.
    public var items: [Int]
    public var method: ScoringMethod
    public var missingRule: MissingItemRule
    /// The score's possible range.
    public var range: ClosedRange<Double>
}

/// A patient-reported instrument: its items, valid codes, scales, direction and sources.
public struct Instrument: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var itemCount: Int
    /// The valid item codes as a range, when `validCodes` is nil.
    public var itemRange: ClosedRange<Double>
    /// Items must be whole numbers (all questionnaires; not a VAS in mm or cm).
    public var wholeNumberItems: Bool
    /// An explicit set of valid codes (HIT-6: 6, 8, 10, 11, 13).
    public var validCodes: [Double]?
    public var direction: Direction
    public var scales: [Scale]
    /// The scoring rule's source.
    public var source: String
    /// Choices the user made that change the scores (unit, coding, missing rule), for the output.
    public var settings: [String]
    /// Answer words and the codes they stand for, for items recorded as text (lower case).
    public var itemLabels: [String: Double]? = nil

    /// Whether an item value is a valid code. Invalid ones are treated as missing and reported.
    public func isValid(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let validCodes { return validCodes.contains(value) }
        return itemRange.contains(value) && (!wholeNumberItems || value == value.rounded())
    }

    public var validCodesDescription: String {
        if let itemLabels { return itemLabels.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ") }
        if let validCodes { return validCodes.map(formatCode).joined(separator: ", ") }
        return "\(formatCode(itemRange.lowerBound))–\(formatCode(itemRange.upperBound))" + (wholeNumberItems ? ", whole numbers" : "")
    }

    /// The output column of a scale: the base name alone, or `base_scale`.
    public func columnName(_ scale: Scale, base: String) -> String {
        scale.name.isEmpty ? base : "\(base)_\(scale.name)"
    }
}

func formatCode(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
