import Testing
@testable import MetaAnalysis

/// dat.bcg (13 BCG vaccine trials): log RR, log OR and RD per study; fixed, DL, REML and PM
/// models with and without Hartung-Knapp; Mantel-Haenszel and Peto; leave-one-out; subgroups.
// Source: Fixtures/metafor_reference.json, written by Fixtures/metafor_reference.R (metafor 3.8-1).
struct BinaryMetaAnalysisTests {
    static func tables(_ bcg: MetaforFixture.BCG) -> [TwoByTwoTable] {
        bcg.ai.indices.map {
            TwoByTwoTable(treatmentEvents: bcg.ai[$0], treatmentNonEvents: bcg.bi[$0], controlEvents: bcg.ci[$0], controlNonEvents: bcg.di[$0])
        }
    }

    static func effects(_ bcg: MetaforFixture.BCG, _ measure: EffectMeasure) throws -> [StudyEffect] {
        try zip(tables(bcg), bcg.author.indices).map { table, index in
            try table.effect(measure, study: "\(index + 1) \(bcg.author[index])", subgroup: bcg.alloc[index])
        }
    }

    @Test func studyEffectsMatchEscalc() throws {
        let bcg = try MetaforFixture.load().bcg
        for (measure, reference) in [(EffectMeasure.riskRatio, bcg.rr), (.oddsRatio, bcg.or), (.riskDifference, bcg.rd)] {
            for (effect, (yi, vi)) in zip(try Self.effects(bcg, measure), zip(reference.yi, reference.vi)) {
                Agreement.check(effect.estimate, yi, "\(measure.rawValue) \(effect.study) yi")
                Agreement.check(effect.variance, vi, "\(measure.rawValue) \(effect.study) vi")
            }
        }
    }

    @Test func zeroCellsGetHalfAddedOnlyWhereTheyOccur() throws {
        let zero = try MetaforFixture.load().zero_cells
        let tables = zero.ai.indices.map {
            TwoByTwoTable(treatmentEvents: zero.ai[$0], treatmentNonEvents: zero.bi[$0], controlEvents: zero.ci[$0], controlNonEvents: zero.di[$0])
        }
        for reference in zero.effects {
            let measure = try #require(EffectMeasure(rawValue: reference.measure))
            for (index, table) in tables.enumerated() {
                let effect = try table.effect(measure, study: "study \(index + 1)")
                Agreement.check(effect.estimate, reference.yi[index], "\(measure.rawValue) zero-cell study \(index + 1) yi")
                Agreement.check(effect.variance, reference.vi[index], "\(measure.rawValue) zero-cell study \(index + 1) vi")
                #expect(effect.conversions.isEmpty == !table.hasZeroCell)
            }
        }
    }

    @Test func logRiskRatioModelsMatchRma() throws {
        let bcg = try MetaforFixture.load().bcg
        let effects = try Self.effects(bcg, .riskRatio)
        for model in bcg.models {
            model.compare(try MetaAnalysisSummary(effects, options: model.options), "dat.bcg log RR")
        }
    }

    @Test func mantelHaenszelAndPetoMatchRmaMhAndRmaPeto() throws {
        let bcg = try MetaforFixture.load().bcg
        let tables = Self.tables(bcg)
        let studies = bcg.author
        var fits: [(BinaryPooledSummary, MetaforFixture.Pooled)] = []
        for reference in bcg.mantel_haenszel {
            let measure = try #require(EffectMeasure(rawValue: reference.measure ?? ""))
            fits.append((try MantelHaenszel.pool(tables, studies: studies, measure: measure), reference))
        }
        fits.append((try PetoOddsRatio.pool(tables), bcg.peto))
        for (fit, reference) in fits { Self.compare(fit, reference) }
    }

    static func compare(_ fit: BinaryPooledSummary, _ reference: MetaforFixture.Pooled, _ name: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
        let context = "\(name)\(fit.method) \(fit.measure.rawValue)"
        Agreement.check(fit.estimate, reference.estimate, "\(context) estimate", sourceLocation: sourceLocation)
        Agreement.check(fit.standardError, reference.se, "\(context) se", sourceLocation: sourceLocation)
        Agreement.check(fit.confidenceInterval.lower, reference.ci[0], "\(context) ci.lb", sourceLocation: sourceLocation)
        Agreement.check(fit.confidenceInterval.upper, reference.ci[1], "\(context) ci.ub", sourceLocation: sourceLocation)
        Agreement.check(fit.statistic, reference.statistic, "\(context) z", sourceLocation: sourceLocation)
        Agreement.check(fit.pValue, reference.p, "\(context) p", sourceLocation: sourceLocation)
        Agreement.check(fit.q, reference.Q, "\(context) Q", sourceLocation: sourceLocation)
        Agreement.check(fit.qPValue, reference.Q_p, "\(context) Q p", sourceLocation: sourceLocation)
        Agreement.check(fit.iSquared, reference.I2, "\(context) I2", sourceLocation: sourceLocation)
        Agreement.check(fit.hSquared, reference.H2, "\(context) H2", sourceLocation: sourceLocation)
        if let df = reference.df { #expect(fit.qDegreesOfFreedom == df, "\(context) df", sourceLocation: sourceLocation) }
    }

    // Source: Fixtures/metafor_reference.json, double_zero (metafor_reference.R): rma.mh (OR, RR, RD) and
    // rma.peto with drop00 = TRUE leave tables with a + c = 0 or b + d = 0 out of Q and its df (k.yi − 1).
    @Test func doubleZeroAndAllEventsTablesAreLeftOutOfQ() throws {
        let sets = try MetaforFixture.load().double_zero.sets
        #expect(sets.count == 2)
        for (number, set) in sets.enumerated() {
            let tables = set.ai.indices.map {
                TwoByTwoTable(treatmentEvents: set.ai[$0], treatmentNonEvents: set.bi[$0], controlEvents: set.ci[$0], controlNonEvents: set.di[$0])
            }
            #expect(tables.filter(\.isDoubleZero).count == number + 1)
            for reference in set.mantel_haenszel {
                let measure = try #require(EffectMeasure(rawValue: reference.measure ?? ""))
                Self.compare(try MantelHaenszel.pool(tables, studies: set.study, measure: measure), reference, "set \(number + 1) ")
            }
            Self.compare(try PetoOddsRatio.pool(tables), set.peto, "set \(number + 1) ")
        }
    }

    // Source: Fixtures/metafor_reference.json, zero_cells.peto and double_zero.peto_effects (metafor_reference.R):
    // escalc(measure = "PETO") with its defaults (½ added to each cell of a table with a zero cell).
    @Test func petoStudyEffectsMatchEscalcPeto() throws {
        let fixture = try MetaforFixture.load()
        let zero = fixture.zero_cells, doubleZero = fixture.double_zero.sets[0]
        let cases = [(zero.ai, zero.bi, zero.ci, zero.di, zero.peto), (doubleZero.ai, doubleZero.bi, doubleZero.ci, doubleZero.di, fixture.double_zero.peto_effects)]
        for (ai, bi, ci, di, reference) in cases {
            for index in ai.indices {
                let table = TwoByTwoTable(treatmentEvents: ai[index], treatmentNonEvents: bi[index], controlEvents: ci[index], controlNonEvents: di[index])
                let effect = try table.petoEffect(study: "study \(index + 1)")
                Agreement.check(effect.estimate, reference.yi[index], "PETO study \(index + 1) yi")
                Agreement.check(effect.variance, reference.vi[index], "PETO study \(index + 1) vi")
                #expect(effect.conversions.isEmpty == !table.hasZeroCell)
            }
        }
    }

    @Test func leaveOneOutMatchesLeave1out() throws {
        let bcg = try MetaforFixture.load().bcg
        let effects = try Self.effects(bcg, .riskRatio)
        for reference in bcg.leave1out {
            let options = MetaAnalysisOptions(estimator: try #require(HeterogeneityEstimator(rawValue: reference.method)))
            let loo = try LeaveOneOut(effects, options: options)
            #expect(loo.omissions.count == effects.count)
            for (index, omission) in loo.omissions.enumerated() {
                let fit = omission.summary, context = "leave1out \(reference.method) without \(omission.omitted)"
                Agreement.check(fit.estimate, reference.estimate[index], "\(context) estimate")
                Agreement.check(fit.standardError, reference.se[index], "\(context) se")
                Agreement.check(fit.confidenceInterval.lower, reference.ci_lb[index], "\(context) ci.lb")
                Agreement.check(fit.confidenceInterval.upper, reference.ci_ub[index], "\(context) ci.ub")
                Agreement.check(fit.q, reference.Q[index], "\(context) Q")
                Agreement.check(fit.qPValue, reference.Q_p[index], "\(context) Q p")
                Agreement.check(fit.iSquared, reference.I2[index], "\(context) I2")
                Agreement.check(fit.hSquared, reference.H2[index], "\(context) H2")
                if reference.method != "FE" { Agreement.check(fit.tau2, reference.tau2[index], "\(context) tau2") }
            }
        }
    }

    @Test func subgroupsMatchSeparateModelsAndTheBetweenTest() throws {
        let bcg = try MetaforFixture.load().bcg
        let effects = try Self.effects(bcg, .riskRatio)
        for reference in bcg.subgroups {
            let options = MetaAnalysisOptions(estimator: try #require(HeterogeneityEstimator(rawValue: reference.method)))
            let analysis = try SubgroupAnalysis(effects, options: options)
            #expect(analysis.subgroups.map(\.level) == reference.groups.map(\.level))
            for (group, expected) in zip(analysis.subgroups, reference.groups) {
                #expect(group.summary.k == expected.k)
                Agreement.check(group.summary.estimate, expected.estimate, "subgroup \(expected.level) estimate")
                Agreement.check(group.summary.standardError, expected.se, "subgroup \(expected.level) se")
                Agreement.check(group.summary.tau2, expected.tau2, "subgroup \(expected.level) tau2")
                Agreement.check(group.summary.q, expected.Q, "subgroup \(expected.level) Q")
            }
            Agreement.check(analysis.qBetween, reference.Q_between, "\(reference.method) Q between")
            Agreement.check(analysis.pValue, reference.p, "\(reference.method) Q between p")
            #expect(analysis.degreesOfFreedom == reference.df)
        }
        // Fixed-effect subgroups: Q between equals the moderator test of rma(mods = ~ alloc, method = "FE").
        let fixed = try SubgroupAnalysis(effects, options: MetaAnalysisOptions(estimator: .fixed))
        Agreement.check(fixed.qBetween, bcg.fixed_between.Q, "FE Q between (QM)")
        Agreement.check(fixed.pValue, bcg.fixed_between.p, "FE Q between p (QMp)")
        #expect(fixed.degreesOfFreedom == bcg.fixed_between.df)
    }
}
