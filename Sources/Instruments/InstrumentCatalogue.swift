/// The instruments TrialStats scores, defined from the scoring rules and sources collected in
/// shared/reference/instruments.md. Where a manual gives no missing-item rule, the default is
/// marked as TrialStats's and can be changed with `ScoringOptions.maximumMissing`.
public enum InstrumentCatalogue {
    public static let names = ["vas", "nrs", "dash", "dash-work", "dash-sports", "quickdash", "bctq", "bctq-sss", "bctq-fss",
                               "odi", "ndi", "womac", "koos", "rmdq", "hit6", "pgic"]

    public static func instrument(named name: String, options: ScoringOptions = ScoringOptions()) throws(InstrumentError) -> Instrument {
        var instrument: Instrument
        switch name {
        case "vas": instrument = try vas(options)
        case "nrs": instrument = nrs
        case "dash": instrument = dash
        case "dash-work": instrument = dashModule("dash-work", "DASH work module")
        case "dash-sports": instrument = dashModule("dash-sports", "DASH sports/performing arts module")
        case "quickdash": instrument = quickDASH
        case "bctq": instrument = bctq(scales: [("sss", 0..<11), ("fss", 11..<19)], id: "bctq")
        case "bctq-sss": instrument = bctq(scales: [("", 0..<11)], id: "bctq-sss")
        case "bctq-fss": instrument = bctq(scales: [("", 0..<8)], id: "bctq-fss")
        case "odi": instrument = odi
        case "ndi": instrument = ndi
        case "womac": instrument = womac
        case "koos": instrument = koos(options.koosRule)
        case "rmdq": instrument = rmdq(options.rmdqMissing)
        case "hit6": instrument = hit6
        case "pgic": instrument = try pgic(options)
        default: throw .unknownInstrument(name, known: names)
        }
        if let maximumMissing = options.maximumMissing {
            guard maximumMissing >= 0 else {
                throw .invalidOption(name: "--max-missing", value: String(maximumMissing), expected: "a whole number ≥ 0")
            }
            for index in instrument.scales.indices where instrument.scales[index].items.count > 1 {
                instrument.scales[index].missingRule.maximumMissing = min(maximumMissing, instrument.scales[index].items.count - 1)
                instrument.scales[index].missingRule.official = false
                instrument.scales[index].missingRule.basis = "set by --max-missing \(maximumMissing)"
            }
            instrument.settings.append("max-missing \(maximumMissing)")
        }
        return instrument
    }

    static func single(_ id: String, _ name: String, range: ClosedRange<Double>, whole: Bool, factor: Double = 1, offset: Double = 0,
                       scoreRange: ClosedRange<Double>, source: String) -> Instrument {
        Instrument(id: id, name: name, itemCount: 1, itemRange: range, wholeNumberItems: whole, validCodes: nil,
                   direction: .higherIsWorse,
                   scales: [Scale(name: "", items: [0], method: .value(factor: factor, offset: offset),
                                  missingRule: MissingItemRule(maximumMissing: 0, official: true, basis: "a single item"),
                                  range: scoreRange)],
                   source: source, settings: [])
    }

    static func vas(_ options: ScoringOptions) throws(InstrumentError) -> Instrument {
        guard let unit = options.vasUnit else {
            throw .invalidOption(name: "--unit", value: "(not given)",
                                 expected: "cm or mm: the unit the VAS was recorded in (a value of 7.2 may be either)")
        }
        let scoreMaximum = options.vasScoreMaximum ?? unit.maximum
        guard scoreMaximum == 10 || scoreMaximum == 100 else {
            throw .invalidOption(name: "--score-scale", value: formatCode(scoreMaximum), expected: "10 or 100")
        }
        var instrument = single("vas", "Visual analogue scale for pain", range: 0...unit.maximum, whole: false,
                                factor: scoreMaximum / unit.maximum, scoreRange: 0...scoreMaximum,
                                source: "0-100 mm line, or 0-10 cm; higher = worse (instruments.md §1)")
        instrument.settings = ["recorded in \(unit.rawValue)", "scored 0-\(formatCode(scoreMaximum))"]
        return instrument
    }

    static let nrs = single("nrs", "Numeric rating scale for pain", range: 0...10, whole: true, scoreRange: 0...10,
                            source: "11-point PI-NRS, 0 = no pain, 10 = worst possible (Farrar et al. 2001, Pain 94:149-158)")

    static let dash = Instrument(
        id: "dash", name: "Disabilities of the Arm, Shoulder and Hand (DASH)", itemCount: 30, itemRange: 1...5,
        wholeNumberItems: true, validCodes: nil, direction: .higherIsWorse,
        scales: [Scale(name: "", items: Array(0..<30), method: .dash,
                       missingRule: MissingItemRule(maximumMissing: 3, official: true,
                                                    basis: "at least 27 of 30 items (IWH, Scoring the DASH, 2002)"),
                       range: 0...100)],
        source: "((sum of n responses / n) − 1) × 25 (IWH, Scoring the DASH, revised 2002)", settings: [])

    static func dashModule(_ id: String, _ name: String) -> Instrument {
        Instrument(id: id, name: name, itemCount: 4, itemRange: 1...5, wholeNumberItems: true, validCodes: nil,
                   direction: .higherIsWorse,
                   scales: [Scale(name: "", items: Array(0..<4), method: .dash,
                                  missingRule: MissingItemRule(maximumMissing: 0, official: true,
                                                               basis: "all 4 items required (IWH, Scoring the DASH)"),
                                  range: 0...100)],
                   source: "((sum of 4 responses / 4) − 1) × 25 (IWH, Scoring the DASH)", settings: [])
    }

    static let quickDASH = Instrument(
        id: "quickdash", name: "QuickDASH", itemCount: 11, itemRange: 1...5, wholeNumberItems: true, validCodes: nil,
        direction: .higherIsWorse,
        scales: [Scale(name: "", items: Array(0..<11), method: .dash,
                       missingRule: MissingItemRule(maximumMissing: 1, official: true,
                                                    basis: "at least 10 of 11 items (IWH; proms::QuickDASH)"),
                       range: 0...100)],
        source: "((sum of n responses / n) − 1) × 25 (IWH)", settings: [])

    static func bctq(scales: [(String, Range<Int>)], id: String) -> Instrument {
        let rule = MissingItemRule(maximumMissing: 1, official: false,
                                   basis: "Levine 1993 gives no rule; at most 1 missing per scale, as the QuickDASH")
        return Instrument(
            id: id, name: "Boston Carpal Tunnel Questionnaire" + (scales.count == 1 ? (id.hasSuffix("sss") ? ", Symptom Severity Scale" : ", Functional Status Scale") : ""),
            itemCount: scales.map(\.1.count).reduce(0, +), itemRange: 1...5, wholeNumberItems: true, validCodes: nil,
            direction: .higherIsWorse,
            scales: scales.map { Scale(name: $0.0, items: Array($0.1), method: .mean, missingRule: rule, range: 1...5) },
            source: "each scale the mean of its items, 1-5 (Levine et al., JBJS Am 1993;75:1585-1592)", settings: [])
    }

    static let odi = Instrument(
        id: "odi", name: "Oswestry Disability Index v2.1a", itemCount: 10, itemRange: 0...5, wholeNumberItems: true,
        validCodes: nil, direction: .higherIsWorse,
        scales: [Scale(name: "", items: Array(0..<10), method: .proratedPercent,
                       missingRule: MissingItemRule(maximumMissing: 1, official: false,
                                                    basis: "the denominator drops by 5 per missing section (Fairbank & Pynsent 2000); "
                                                        + "the manual covers one missing section, so at most 1"),
                       range: 0...100)],
        source: "total / (5 × sections answered) × 100 (Fairbank & Pynsent, Spine 2000;25:2940-2952)", settings: [])

    static let ndi: Instrument = {
        let rule = MissingItemRule(maximumMissing: 1, official: false,
                                   basis: "Vernon: missing items take the mean of the others; the maximum is not given, so at most 1")
        return Instrument(
            id: "ndi", name: "Neck Disability Index", itemCount: 10, itemRange: 0...5, wholeNumberItems: true, validCodes: nil,
            direction: .higherIsWorse,
            scales: [Scale(name: "raw", items: Array(0..<10), method: .proratedSum, missingRule: rule, range: 0...50),
                     Scale(name: "percent", items: Array(0..<10), method: .proratedPercent, missingRule: rule, range: 0...100)],
            source: "raw 0-50, percent = raw × 2 (Vernon & Mior, JMPT 1991;14:409-415)", settings: [])
    }()

    static let womac: Instrument = {
        func rule(_ maximum: Int, _ official: Bool, _ basis: String) -> MissingItemRule {
            MissingItemRule(maximumMissing: maximum, treatment: .substituteScaleMean, official: official, basis: basis)
        }
        return Instrument(
            id: "womac", name: "WOMAC LK3.1", itemCount: 24, itemRange: 0...4, wholeNumberItems: true, validCodes: nil,
            direction: .higherIsWorse,
            scales: [
                Scale(name: "pain", items: Array(0..<5), method: .proratedSum,
                      missingRule: rule(1, false, "commonly cited rule, not read in the licensed user guide"), range: 0...20),
                Scale(name: "stiffness", items: Array(5..<7), method: .proratedSum,
                      missingRule: rule(0, false, "commonly cited rule, not read in the licensed user guide"), range: 0...8),
                Scale(name: "function", items: Array(7..<24), method: .proratedSum,
                      missingRule: rule(3, true, "1-3 missing take the subscale mean; 4 or more invalid (Whitehouse et al. 2004)"),
                      range: 0...68),
                Scale(name: "total", items: Array(0..<24), method: .sumOfScales(["pain", "stiffness", "function"]),
                      missingRule: MissingItemRule(maximumMissing: 24, official: false, basis: "valid when all three subscales are"),
                      range: 0...96),
            ],
            source: "subscale sums of 0-4 items; pain 5, stiffness 2, function 17 items (Bellamy, WOMAC LK3.1)", settings: [])
    }()

    static func koos(_ rule: ScoringOptions.KOOSRule) -> Instrument {
        let subscales: [(String, Range<Int>)] = [("symptoms", 0..<7), ("pain", 7..<16), ("adl", 16..<33), ("sport", 33..<38), ("qol", 38..<42)]
        return Instrument(
            id: "koos", name: "Knee injury and Osteoarthritis Outcome Score (KOOS)", itemCount: 42, itemRange: 0...4,
            wholeNumberItems: true, validCodes: nil, direction: .higherIsBetter,
            scales: subscales.map { name, items in
                let maximum = rule == .rule2012 ? items.count - (items.count + 1) / 2 : min(2, items.count - 1)
                let basis = rule == .rule2012 ? "at least half the items (KOOS Scoring 2012)" : "at most 2 missing (Roos 1998)"
                return Scale(name: name, items: Array(items), method: .koos,
                             missingRule: MissingItemRule(maximumMissing: maximum, official: true, basis: basis), range: 0...100)
            },
            source: "100 − mean × 100 / 4 per subscale; 100 = no problems (KOOS Scoring 2012); items in form order "
                + "S1-S7, P1-P9, A1-A17, SP1-SP5, Q1-Q4", settings: ["missing-item rule \(rule.rawValue)"])
    }

    static func rmdq(_ missing: ScoringOptions.RMDQMissing) -> Instrument {
        let scale: Scale
        switch missing {
        case .countAsNo:
            scale = Scale(name: "", items: Array(0..<24), method: .countOfYes,
                          missingRule: MissingItemRule(maximumMissing: 23, treatment: .countAsZero, official: false,
                                                       basis: "no standard rule (Kent & Lauridsen); a blank counts as no, as on paper"),
                          range: 0...24)
        case .prorate:
            scale = Scale(name: "", items: Array(0..<24), method: .proratedSum,
                          missingRule: MissingItemRule(maximumMissing: 2, official: false,
                                                       basis: "no standard rule (Kent & Lauridsen); prorated, at most 2 missing"),
                          range: 0...24)
        }
        return Instrument(id: "rmdq", name: "Roland-Morris Disability Questionnaire (24 items)", itemCount: 24, itemRange: 0...1,
                          wholeNumberItems: true, validCodes: nil, direction: .higherIsWorse, scales: [scale],
                          source: "number of statements ticked, 0-24 (Roland & Morris, Spine 1983;8:141-144)",
                          settings: ["blanks: \(missing.rawValue)"])
    }

    static let hit6 = Instrument(
        id: "hit6", name: "Headache Impact Test (HIT-6)", itemCount: 6, itemRange: 6...13, wholeNumberItems: true,
        validCodes: [6, 8, 10, 11, 13], direction: .higherIsWorse,
        scales: [Scale(name: "", items: Array(0..<6), method: .proratedSum,
                       missingRule: MissingItemRule(maximumMissing: 0, official: false,
                                                    basis: "no official proration rule; a 6-item sum with unequal steps needs all items"),
                       range: 36...78)],
        source: "sum of 6 items coded 6, 8, 10, 11, 13 (Kosinski et al., Qual Life Res 2003)", settings: [])

    static func pgic(_ options: ScoringOptions) throws(InstrumentError) -> Instrument {
        guard let coding = options.pgicCoding else {
            throw .codingRequired(instrument: "pgic", choices: ScoringOptions.PGICCoding.allCases.map(\.rawValue))
        }
        let reversed = coding == .improvedIsSeven
        var instrument = single("pgic", "Patient Global Impression of Change", range: 1...7, whole: true,
                                factor: reversed ? -1 : 1, offset: reversed ? 8 : 0, scoreRange: 1...7,
                                source: "7 points; scored 1 = very much improved … 7 = very much worse (NINDS CDE; Farrar 2001)")
        instrument.settings = [coding == .labels ? "data hold the answer words" : "data coded \(coding.rawValue)"]
        if coding == .labels {
            instrument.itemLabels = ["very much improved": 1, "much improved": 2, "minimally improved": 3, "no change": 4,
                                     "minimally worse": 5, "much worse": 6, "very much worse": 7]
        }
        return instrument
    }
}
