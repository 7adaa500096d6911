import Testing
@testable import Instruments

struct ResponderTests {
    @Test func atLeastIsTheDefaultAndStrictMeansMoreThan() {
        let atLeast = ResponderRule(name: "r", threshold: 2, unit: .points, source: "test")
        let moreThan = ResponderRule(name: "r", threshold: 2, unit: .points, strict: true, source: "test")
        #expect(atLeast.classify(improvement: 2, percentImprovement: 10) == true)
        #expect(moreThan.classify(improvement: 2, percentImprovement: 10) == false)
        #expect(moreThan.classify(improvement: 2.5, percentImprovement: 10) == true)
        #expect(atLeast.classify(improvement: .nan, percentImprovement: .nan) == nil)
    }

    @Test func percentThresholdsTreatDecimalRoundingAsATie() {
        // VAS 7.0 → 4.9: 2.1 points is 30% of baseline, computed as 30.000000000000004.
        let percent = Direction.higherIsWorse.percentImprovement(baseline: 7, followUp: 4.9)
        #expect(percent != 30, "the binary value is not exactly 30")
        let thirty = ResponderRule(name: "r", threshold: 30, unit: .percent, source: "IMMPACT")
        let strictThirty = ResponderRule(name: "r", threshold: 30, unit: .percent, strict: true, source: "IMMPACT")
        #expect(thirty.classify(improvement: 2.1, percentImprovement: percent) == true)
        #expect(strictThirty.classify(improvement: 2.1, percentImprovement: percent) == false)
    }
}

struct MCIDCatalogueTests {
    @Test func everyEntryHasItsSourcePopulationAndKind() throws {
        let catalogue = try MCIDCatalogue.bundled()
        #expect(catalogue.entries.count >= 30)
        for entry in catalogue.entries {
            #expect(entry.source.count > 10, "\(entry.instrument) \(entry.id) has no source")
            #expect(!entry.population.isEmpty, "\(entry.instrument) \(entry.id) has no population")
            #expect(entry.threshold > 0, "\(entry.instrument) \(entry.id): thresholds are sizes of improvement")
            #expect(["V", "R"].contains(entry.evidence))
            // Each names an instrument and a scale TrialStats scores.
            let options = ScoringOptions(vasUnit: .millimetres, pgicCoding: .improvedIsOne)
            let instrument = try InstrumentCatalogue.instrument(named: entry.instrument, options: options)
            #expect(instrument.scales.contains { $0.name == entry.scale }, "\(entry.instrument) has no scale \"\(entry.scale)\"")
        }
        let keys = catalogue.entries.map { "\($0.instrument)/\($0.scale)/\($0.id)" }
        #expect(Set(keys).count == keys.count, "entry ids are unique per instrument and scale")
    }

    @Test func betweenGroupDifferencesCannotClassifyIndividuals() throws {
        let catalogue = try MCIDCatalogue.bundled()
        // Source: Smelt et al. 2014 give both kinds for HIT-6 (instruments.md §10).
        let within = try catalogue.responderThreshold(id: "smelt-2014-roc", instrument: "hit6", scale: "")
        #expect(within.threshold == 6 && within.kind == .withinPerson)
        let error = #expect(throws: InstrumentError.self) {
            try catalogue.responderThreshold(id: "smelt-2014-between-group", instrument: "hit6", scale: "")
        }
        #expect(error?.description.contains("between-group minimal important difference") == true)
        #expect(throws: InstrumentError.self) { try catalogue.responderThreshold(id: "nonesuch", instrument: "dash", scale: "") }
        // Source: instruments.md §4, Ozyurekoglu 2006: SSS decrease ≥ 1.04 after steroid injection.
        #expect(try catalogue.responderThreshold(id: "ozyurekoglu-2006", instrument: "bctq", scale: "sss").threshold == 1.04)
    }
}
