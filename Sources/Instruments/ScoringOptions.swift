/// Choices that change how an instrument is scored; each one is recorded in the output.
public struct ScoringOptions: Codable, Sendable, Equatable {
    /// The unit the VAS was recorded in. Required for the VAS: "7.2" may be cm or mm.
    public enum VASUnit: String, Codable, Sendable, CaseIterable {
        case centimetres = "cm", millimetres = "mm"
        var maximum: Double { self == .centimetres ? 10 : 100 }
    }

    /// Which end of the PGIC is "very much improved" in the data. Required for the PGIC.
    public enum PGICCoding: String, Codable, Sendable, CaseIterable {
        /// 1 = very much improved … 7 = very much worse (NINDS CDE; Farrar 2001).
        case improvedIsOne = "1-is-improved"
        /// 1 = very much worse … 7 = very much improved.
        case improvedIsSeven = "7-is-improved"
        /// The data hold the answers' words ("much improved"), which say their own direction.
        case labels
    }

    /// KOOS missing-item rule.
    public enum KOOSRule: String, Codable, Sendable, CaseIterable {
        /// KOOS Scoring 2012: a subscale needs at least half its items.
        case rule2012 = "2012"
        /// Roos 1998: at most 2 items missing per subscale.
        case rule1998 = "1998"
    }

    /// RMDQ blanks.
    public enum RMDQMissing: String, Codable, Sendable, CaseIterable {
        /// A blank counts as "no": on paper a blank cannot be told from an unticked statement.
        case countAsNo = "count-as-no"
        /// The count is prorated over the answered items (electronic capture with true missing).
        case prorate
    }

    public var vasUnit: VASUnit?
    /// The VAS score's scale: 10 (cm) or 100 (mm); default the recorded unit's.
    public var vasScoreMaximum: Double?
    public var pgicCoding: PGICCoding?
    /// Overrides every scale's missing-item limit.
    public var maximumMissing: Int?
    public var koosRule: KOOSRule
    public var rmdqMissing: RMDQMissing

    public init(
        vasUnit: VASUnit? = nil, vasScoreMaximum: Double? = nil, pgicCoding: PGICCoding? = nil, maximumMissing: Int? = nil,
        koosRule: KOOSRule = .rule2012, rmdqMissing: RMDQMissing = .countAsNo
    ) {
        self.vasUnit = vasUnit
        self.vasScoreMaximum = vasScoreMaximum
        self.pgicCoding = pgicCoding
        self.maximumMissing = maximumMissing
        self.koosRule = koosRule
        self.rmdqMissing = rmdqMissing
    }
}
