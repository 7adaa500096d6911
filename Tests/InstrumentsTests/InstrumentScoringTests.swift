import Testing
@testable import Instruments

/// Hand-worked cases from each instrument's scoring rules (shared/reference/instruments.md).
/// For each: every item present, the most missing items the rule tolerates, one more (no score,
/// with the reason), and invalid codes.
struct InstrumentScoringTests {
    static let missing = Double.nan

    func instrument(_ name: String, _ options: ScoringOptions = ScoringOptions()) throws -> Instrument {
        try InstrumentCatalogue.instrument(named: name, options: options)
    }

    func close(_ actual: Double?, _ expected: Double) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= 1e-12 * max(1, abs(expected))
    }

    @Test func dash() throws {
        let dash = try instrument("dash")
        // 20 items at 2 and 10 at 4: sum 80; ((80/30) − 1) × 25 = 41.666…, the same as the
        // pre-2002 formula (80 − 30) / 1.2.
        let complete = Array(repeating: 2.0, count: 20) + Array(repeating: 4.0, count: 10)
        #expect(close(dash.score(complete)[0].value, (80.0 / 30 - 1) * 25))
        #expect(close(dash.score(complete)[0].value, (80.0 - 30) / 1.2))
        // 27 answered (the minimum): 18 at 2 and 9 at 4 = 72; ((72/27) − 1) × 25.
        let threeMissing = Array(repeating: 2.0, count: 18) + Array(repeating: 4.0, count: 9) + [Self.missing, Self.missing, Self.missing]
        #expect(close(dash.score(threeMissing)[0].value, (72.0 / 27 - 1) * 25))
        var fourMissing = threeMissing
        fourMissing[0] = Self.missing
        let unscored = dash.score(fourMissing)[0]
        #expect(unscored.value == nil)
        #expect(unscored.notScoredReason == "only 26 of 30 items answered; at most 3 may be missing")
        #expect(dash.score(Array(repeating: 1, count: 30))[0].value == 0)
        #expect(dash.score(Array(repeating: 5, count: 30))[0].value == 100)
        #expect(!dash.isValid(0) && !dash.isValid(6) && !dash.isValid(2.5) && dash.isValid(5))
    }

    @Test func dashModulesNeedEveryItem() throws {
        let work = try instrument("dash-work")
        #expect(work.score([2, 3, 4, 5])[0].value == 62.5)  // mean 3.5 → 2.5 × 25
        #expect(work.score([2, 3, 4, Self.missing])[0].value == nil)
    }

    @Test func quickDASH() throws {
        let quick = try instrument("quickdash")
        let complete: [Double] = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1]  // sum 31
        #expect(close(quick.score(complete)[0].value, (31.0 / 11 - 1) * 25))
        var oneMissing = complete
        oneMissing[10] = Self.missing  // 10 answered, sum 30, mean 3 → 50
        #expect(quick.score(oneMissing)[0].value == 50)
        oneMissing[9] = Self.missing
        #expect(quick.score(oneMissing)[0].value == nil)
    }

    @Test func bctqScalesAreMeansOfTheirItems() throws {
        let bctq = try instrument("bctq")
        #expect(bctq.scales.map(\.name) == ["sss", "fss"])
        let sss: [Double] = [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2]  // sum 27
        let fss: [Double] = [1, 1, 2, 2, 3, 3, 4, 4]           // mean 2.5
        let scores = bctq.score(sss + fss)
        #expect(close(scores[0].value, 27.0 / 11) && scores[1].value == 2.5)
        var oneMissing = sss
        oneMissing[0] = Self.missing  // the TrialStats default: at most 1 missing per scale
        #expect(close(bctq.score(oneMissing + fss)[0].value, 25.0 / 10))
        oneMissing[1] = Self.missing
        let twoMissing = bctq.score(oneMissing + fss)
        #expect(twoMissing[0].value == nil && twoMissing[1].value == 2.5, "the FSS is scored on its own")
        #expect(!bctq.scales[0].missingRule.official, "Levine gives no rule; the output must say it is a default")
        // The user can choose another limit, and the rule then says so.
        let lenient = try instrument("bctq", ScoringOptions(maximumMissing: 5))
        #expect(close(lenient.score(oneMissing + fss)[0].value, 22.0 / 9))
        #expect(lenient.scales[0].missingRule.basis == "set by --max-missing 5")
    }

    @Test func odiFollowsTheManualsWorkedExamples() throws {
        let odi = try instrument("odi")
        // Fairbank & Pynsent: 16 points over 10 sections = 32%; one section missed → 16/45 = 35.6%.
        let sixteen: [Double] = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]
        #expect(close(odi.score(sixteen)[0].value, 32))
        let oneMissed: [Double] = [2, 2, 2, 2, 2, 2, 2, 1, 1, Self.missing]
        #expect(close(odi.score(oneMissed)[0].value, 16.0 / 45 * 100))
        var twoMissed = oneMissed
        twoMissed[0] = Self.missing
        #expect(odi.score(twoMissed)[0].value == nil)
    }

    @Test func ndiRawAndPercentAgreeWithVernonsRule() throws {
        let ndi = try instrument("ndi")
        let sixteen: [Double] = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]
        let scores = ndi.score(sixteen)
        #expect(scores[0].value == 16 && scores[1].value == 32)
        // One item missing: Vernon adds the mean of the others (S + S/9) and doubles it, which is
        // the ODI rule S/45 × 100.
        let oneMissing: [Double] = [2, 2, 2, 2, 2, 2, 2, 1, 1, Self.missing]
        let prorated = ndi.score(oneMissing)
        #expect(close(prorated[0].value, 16 + 16.0 / 9) && close(prorated[1].value, (16 + 16.0 / 9) * 2))
        #expect(close(prorated[1].value, 16.0 / 45 * 100))
    }

    @Test func womacSubstitutesTheSubscaleMean() throws {
        let womac = try instrument("womac")
        let pain: [Double] = [1, 2, 3, 4, 0], stiffness: [Double] = [2, 2], function = Array(repeating: 1.0, count: 17)
        let scores = womac.score(pain + stiffness + function)
        #expect(scores.map(\.value) == [10, 4, 17, 31])
        // Function: 3 missing take the mean (still 17); 4 missing are invalid, and so is the total.
        var functionMissing = function
        functionMissing[0] = Self.missing; functionMissing[1] = Self.missing; functionMissing[2] = Self.missing
        #expect(womac.score(pain + stiffness + functionMissing)[2].value == 17)
        functionMissing[3] = Self.missing
        let invalid = womac.score(pain + stiffness + functionMissing)
        #expect(invalid[2].value == nil && invalid[3].value == nil)
        #expect(invalid[3].notScoredReason == "not every subscale (pain, stiffness, function) could be scored")
        // Pain: one missing takes the mean, 10/4 × 5 = 12.5; stiffness tolerates none.
        #expect(womac.score([1, 2, 3, 4, Self.missing] + stiffness + function)[0].value == 12.5)
        #expect(womac.score(pain + [2, Self.missing] + function)[1].value == nil)
    }

    @Test func koosIsHigherIsBetterWithItsTwoMissingRules() throws {
        let koos = try instrument("koos")
        #expect(koos.direction == .higherIsBetter)
        #expect(koos.scales.map(\.name) == ["symptoms", "pain", "adl", "sport", "qol"])
        var items = Array(repeating: 1.0, count: 42)
        items.replaceSubrange(0..<7, with: [0, 1, 2, 3, 4, 0, 1])  // symptoms: mean 11/7
        let scores = koos.score(items)
        #expect(close(scores[0].value, 100 - 11.0 / 7 * 25))
        #expect(scores[1].value == 75 && scores[4].value == 75)
        // 2012: pain (9 items) is scored with 5 answered, not with 4.
        var pain = items
        for index in 7..<11 { pain[index] = Self.missing }
        #expect(koos.score(pain)[1].value == 75)
        pain[11] = Self.missing
        #expect(koos.score(pain)[1].value == nil)
        // 1998: at most 2 missing per subscale.
        let koos1998 = try instrument("koos", ScoringOptions(koosRule: .rule1998))
        var twoMissing = items
        twoMissing[7] = Self.missing; twoMissing[8] = Self.missing
        #expect(koos1998.score(twoMissing)[1].value == 75)
        twoMissing[9] = Self.missing
        #expect(koos1998.score(twoMissing)[1].value == nil)
        // Improvement is follow-up minus baseline for KOOS, baseline minus follow-up elsewhere.
        #expect(koos.direction.improvement(baseline: 50, followUp: 75) == 25)
        #expect(try instrument("dash").direction.improvement(baseline: 50, followUp: 75) == -25)
        #expect(koos.direction.percentImprovement(baseline: 50, followUp: 75) == 50)
    }

    @Test func rmdqCountsTicksAndSaysHowBlanksWereTreated() throws {
        let rmdq = try instrument("rmdq")
        let ticks = Array(repeating: 1.0, count: 8) + Array(repeating: 0.0, count: 16)
        #expect(rmdq.score(ticks)[0].value == 8)
        var blanks = ticks
        blanks[20] = Self.missing; blanks[21] = Self.missing; blanks[22] = Self.missing
        #expect(rmdq.score(blanks)[0].value == 8, "blanks count as no")
        #expect(rmdq.score(Array(repeating: Self.missing, count: 24))[0].value == nil, "an empty form is not a zero")
        let prorated = try instrument("rmdq", ScoringOptions(rmdqMissing: .prorate))
        var twoBlank = ticks
        twoBlank[22] = Self.missing; twoBlank[23] = Self.missing
        #expect(close(prorated.score(twoBlank)[0].value, 8.0 / 22 * 24))
        twoBlank[21] = Self.missing
        #expect(prorated.score(twoBlank)[0].value == nil)
        #expect(!rmdq.isValid(2))
    }

    @Test func hit6UsesItsOwnCodes() throws {
        let hit6 = try instrument("hit6")
        #expect(hit6.score([6, 8, 10, 11, 13, 13])[0].value == 61)
        #expect(hit6.score([6, 6, 6, 6, 6, 6])[0].value == 36 && hit6.score([13, 13, 13, 13, 13, 13])[0].value == 78)
        #expect(!hit6.isValid(7) && !hit6.isValid(12) && hit6.isValid(11))
        #expect(hit6.score([6, 8, 10, 11, 13, Self.missing])[0].value == nil)
    }

    @Test func pgicNeedsItsCodingStated() throws {
        #expect(throws: InstrumentError.codingRequired(instrument: "pgic", choices: ["1-is-improved", "7-is-improved", "labels"])) {
            try InstrumentCatalogue.instrument(named: "pgic")
        }
        let reversed = try instrument("pgic", ScoringOptions(pgicCoding: .improvedIsSeven))
        #expect(reversed.score([7])[0].value == 1 && reversed.score([2])[0].value == 6)
        let plain = try instrument("pgic", ScoringOptions(pgicCoding: .improvedIsOne))
        #expect(plain.score([2])[0].value == 2)
        #expect(!plain.isValid(0) && !plain.isValid(8))
    }

    @Test func vasNeedsItsUnitAndConvertsExplicitly() throws {
        #expect(throws: InstrumentError.self) { try InstrumentCatalogue.instrument(named: "vas") }
        let millimetres = try instrument("vas", ScoringOptions(vasUnit: .millimetres, vasScoreMaximum: 10))
        #expect(close(millimetres.score([72])[0].value, 7.2))
        #expect(!millimetres.isValid(105) && millimetres.isValid(37.5))
        let centimetres = try instrument("vas", ScoringOptions(vasUnit: .centimetres, vasScoreMaximum: 100))
        #expect(close(centimetres.score([7.2])[0].value, 72))
        #expect(!centimetres.isValid(72), "72 is not a length in cm on a 10 cm line")
        #expect(throws: InstrumentError.self) {
            try InstrumentCatalogue.instrument(named: "vas", options: ScoringOptions(vasUnit: .centimetres, vasScoreMaximum: 50))
        }
    }

    @Test func nrsIsWholeNumbersFromZeroToTen() throws {
        let nrs = try instrument("nrs")
        #expect(nrs.score([7])[0].value == 7)
        #expect(!nrs.isValid(7.5) && !nrs.isValid(11) && !nrs.isValid(-1) && nrs.isValid(0))
    }

    @Test func unknownInstrumentsAndBadOptionsAreRefused() {
        #expect(throws: InstrumentError.self) { try InstrumentCatalogue.instrument(named: "sf36") }
        #expect(throws: InstrumentError.self) {
            try InstrumentCatalogue.instrument(named: "dash", options: ScoringOptions(maximumMissing: -1))
        }
    }
}
